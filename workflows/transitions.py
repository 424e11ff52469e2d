"""What a transition says about itself beyond django-fsm's own arguments, typed and in one place.

Every ``@transition`` of a workflow document declares ``custom=transition_metadata(…)``; the
admin, the dashboard, the papers, the e-mails, the diagrams and the services read it only
through the accessors below. The module imports no models (the models import it), and it is the
only reader of ``Transition.custom``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from django_fsm import Transition

# The key of the metadata in django-fsm's free-form ``custom`` dictionary.
_KEY = "metadata"


@dataclass(frozen=True)
class TransitionMetadata:
    """The button's label; whether a comment is required; the dotted path of the form of the
    values a person gives; the refusal naming the other document that alone takes the
    transition ("" if people take it); the dotted path of the service that takes it with its
    values and effects ("" if the generic ``perform_transition`` does)."""

    label: str
    comment_required: bool = False
    form: str = ""
    triggered_by: str = ""
    service: str = ""


def transition_metadata(
    label: str,
    *,
    comment_required: bool = False,
    form: str = "",
    triggered_by: str = "",
    service: str = "",
) -> dict[str, TransitionMetadata]:
    """The ``custom=`` of every transition: ``custom=transition_metadata(_("Sign"), …)``."""
    return {
        _KEY: TransitionMetadata(
            label=label,
            comment_required=comment_required,
            form=form,
            triggered_by=triggered_by,
            service=service,
        )
    }


def metadata(transition: Transition) -> TransitionMetadata:
    """The transition's metadata; a transition declared without it is a fault of the code."""
    found = transition.custom.get(_KEY)
    if not isinstance(found, TransitionMetadata):
        raise LookupError(f"the transition {transition.name} declares no transition_metadata()")
    return found


def label(transition: Transition) -> str:
    """The transition's name on its button, in the log and in e-mails."""
    return str(metadata(transition).label)


def requires_comment(transition: Transition) -> bool:
    """Whether the transition is refused without a comment (returns, refusals, cancellations)."""
    return metadata(transition).comment_required


def form_class(transition: Transition) -> type | None:
    """The form of the values a person gives to take the transition, if it takes any."""
    dotted = metadata(transition).form
    return import_string(dotted) if dotted else None


def triggered_by(transition: Transition) -> str:
    """Why ``transition`` is only ever the effect of another document, or "" if people take it.

    Such a transition (a signed order activates a mentorship, the centre's acceptance of the
    report completes it) names the document that takes it: no button offers it, no admin
    address reaches it, and the services refuse it to everyone.
    """
    return str(metadata(transition).triggered_by)


def service(transition: Transition) -> Callable | None:
    """The service that takes the transition with its values and effects, if it has one."""
    dotted = metadata(transition).service
    return import_string(dotted) if dotted else None

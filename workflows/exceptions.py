from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TransitionRefused(ValidationError):
    """A transition was asked for but may not happen now; ``messages`` say why, in Russian."""


class TransitionConflict(TransitionRefused):
    """Someone else moved the document first; the caller saw an outdated state."""


class TransitionIncomplete(TransitionRefused):
    """The caller did not give the parameters the transition takes (a form lacks them).

    A fault of the portal rather than of the user, refused before the model is touched.
    """


class DocumentLocked(ValidationError):
    """Content fields of a document past its editable states were changed outside a transition."""

    def __init__(self, fields):
        super().__init__(
            _(
                "The document can no longer be edited: it is past the draft stage. "
                "Changed fields: %(fields)s."
            ),
            params={"fields": ", ".join(fields)},
            code="locked",
        )

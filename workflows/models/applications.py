"""Applications for the «Ментор» and «Тьютор» statuses, from nomination to the order (2.1)."""

import operator
from functools import reduce

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from django_fsm import FSMField, transition

from workflows.choices import (
    CertificateKind,
    Nominator,
    Role,
    StatusApplicationState,
    TrainingProvider,
)
from workflows.conditions import Rule, RuleKind
from workflows.models.base import WorkflowDocument
from workflows.permissions import (
    department,
    described,
    registrar,
    role_in_organisation,
    role_labels,
)
from workflows.predicates import has_role, own_person_id
from workflows.thresholds import STATUS_EXPERIENCE, shortfall
from workflows.transitions import transition_metadata

A = StatusApplicationState
BEFORE_GRANTED = [A.DRAFT, A.SUBMITTED, A.RECOMMENDED, A.IN_TRAINING, A.TRAINED]
UNDER_CONSIDERATION = [A.SUBMITTED, A.RECOMMENDED, A.IN_TRAINING, A.TRAINED]

# Who may nominate a candidate for each status (clause 2.1). «Ментор»: the education
# department, the municipal methodological service, a regional association of heads, or the
# candidate. «Тьютор»: units of КРИПКиПРО or КРИРПО, the municipal methodological service,
# regional and municipal methodological associations, or an educational organisation.
NOMINATORS = {
    CertificateKind.MENTOR: (
        Nominator.DEPARTMENT,
        Nominator.METHODOLOGICAL_SERVICE,
        Nominator.REGIONAL_ASSOCIATION,
        Nominator.SELF,
    ),
    CertificateKind.TUTOR: (
        Nominator.TRAINING_INSTITUTE,
        Nominator.METHODOLOGICAL_SERVICE,
        Nominator.METHODOLOGICAL_ASSOCIATION,
        Nominator.EDUCATIONAL_ORGANISATION,
    ),
}

# The role that acts in the portal for each nominating body. Regional bodies (an association
# of heads, КРИПКиПРО and КРИРПО) reach it through the regional operator; the municipal
# methodological service and the methodological associations through the Municipal centre;
# an educational organisation through its head or curator (see ``the_nominator``).
NOMINATING_ROLE = {
    Nominator.DEPARTMENT: Role.DEPARTMENT,
    Nominator.METHODOLOGICAL_SERVICE: Role.CENTER,
    Nominator.REGIONAL_ASSOCIATION: Role.REGISTRAR,
    Nominator.TRAINING_INSTITUTE: Role.REGISTRAR,
    Nominator.METHODOLOGICAL_ASSOCIATION: Role.CENTER,
}
SCHOOL_NOMINATORS = (Role.ORG_HEAD, Role.CURATOR)


def _lower_first(label) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def nominator_violations(application) -> list[str]:
    """Clause 2.1: whether the body named may nominate a candidate for this status."""
    allowed = NOMINATORS.get(application.kind, ())
    if not application.nominated_by or application.nominated_by in allowed:
        return []
    return [
        _(
            "Candidates for the %(status)s are nominated by: %(allowed)s; «%(nominator)s» is "
            "not one of them (clause 2.1)."
        )
        % {
            "nominator": Nominator(application.nominated_by).label,
            "status": _lower_first(CertificateKind(application.kind).label),
            "allowed": ", ".join(_lower_first(Nominator(n).label) for n in allowed),
        }
    ]


def _nominator_label(application) -> str:
    if application.nominated_by == Nominator.EDUCATIONAL_ORGANISATION:
        return role_labels(SCHOOL_NOMINATORS)
    role = NOMINATING_ROLE.get(application.nominated_by)
    return role_labels([role]) if role else str(application.person)


@described(_nominator_label)
def the_nominator(application, user) -> bool:
    """The nominating body of the application (an educational organisation: the head or the
    curator of the candidate's own), or the candidate for a self-nomination."""
    if application.nominated_by == Nominator.EDUCATIONAL_ORGANISATION:
        return role_in_organisation(*SCHOOL_NOMINATORS)(application, user)
    role = NOMINATING_ROLE.get(application.nominated_by)
    if role is not None:
        return role_in_organisation(role)(application, user)
    return user.is_superuser or own_person_id(user) == application.person_id


def _nominated_by(applications, user):
    """The queryset form of :func:`the_nominator`: exactly the applications it allows."""
    # The scoping module imports the models: read it when a list is built.
    from workflows.scoping import scope_to_organisations

    bodies = [
        (Nominator.EDUCATIONAL_ORGANISATION, SCHOOL_NOMINATORS),
        *((nominator, (role,)) for nominator, role in NOMINATING_ROLE.items()),
    ]
    found = [
        scope_to_organisations(
            applications.filter(nominated_by=nominator), user, "person__organisation"
        )
        for nominator, roles in bodies
        if has_role(user, *roles)
    ]
    person_id = own_person_id(user)
    if person_id is not None:
        found.append(
            applications.filter(person_id=person_id).exclude(
                nominated_by__in=[nominator for nominator, _roles in bodies]
            )
        )
    return reduce(operator.or_, found, applications.none())


_nominated_by.exact = True
the_nominator.narrow = _nominated_by


@described(lambda application: f"{_nominator_label(application)}, {application.person.short_name}")
def the_nominator_or_candidate(application, user) -> bool:
    """A candidate may always withdraw their own application."""
    return the_nominator(application, user) or own_person_id(user) == application.person_id


def _eligibility(application):
    """Clause 2.1: who may become a «Ментор» or a «Тьютор», checked on the day of submission."""
    today = timezone.localdate()
    person = application.person
    yield from shortfall(person, STATUS_EXPERIENCE[application.kind], today)
    if application.kind == CertificateKind.TUTOR and not application.direction.strip():
        yield _(
            "A candidate for the «Tutor» status must name the direction or the problem "
            "of their tutoring (clause 2.1)."
        )
    yield from nominator_violations(application)
    others = StatusApplication.objects.filter(
        person_id=application.person_id, kind=application.kind, state__in=UNDER_CONSIDERATION
    ).exclude(pk=application.pk)
    if others.exists():
        yield _("The candidate already has an application for this status under consideration.")


eligible = Rule(_eligibility, kind=RuleKind.CONTENT)


class StatusApplication(WorkflowDocument):
    """An application for the «Ментор» or «Тьютор» status: nomination to the Ministry's order."""

    EDITABLE_STATES = (A.DRAFT,)
    DERIVED_FIELDS = (
        "submitted_on",
        "enrolled_on",
        "training_certificate_number",
        "training_certificate_date",
        "training_provider",
        "ministry_order_number",
        "ministry_order_date",
        "certificate_number",
    )

    person = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="status_applications",
    )
    kind = models.CharField(_("status"), max_length=16, choices=CertificateKind.choices)
    nominated_by = models.CharField(_("nominated by"), max_length=32, choices=Nominator.choices)
    direction = models.CharField(
        _("direction or problem"),
        max_length=300,
        blank=True,
        help_text=_("Required for the «Tutor» status."),
    )
    justification = models.TextField(_("grounds for the nomination"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    enrolled_on = models.DateField(_("enrolled in training on"), null=True, blank=True)
    training_certificate_number = models.CharField(
        _("training certificate number"), max_length=50, blank=True
    )
    training_certificate_date = models.DateField(
        _("training certificate dated"), null=True, blank=True
    )
    training_provider = models.CharField(
        _("training provider"), max_length=16, choices=TrainingProvider.choices, blank=True
    )
    ministry_order_number = models.CharField(
        _("Ministry's order number"), max_length=50, blank=True
    )
    ministry_order_date = models.DateField(_("Ministry's order dated"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    state = FSMField(_("state"), choices=A.choices, default=A.DRAFT, protected=True)

    class Meta:
        verbose_name = _("status application")
        verbose_name_plural = _("status applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "kind", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def organisation_id(self) -> int:
        return self.person.organisation_id

    @transition(
        field=state,
        source=A.DRAFT,
        target=A.SUBMITTED,
        conditions=[eligible],
        permission=the_nominator,
        custom=transition_metadata(pgettext_lazy("application", "Submit")),
    )
    def submit(self):
        """The nominator submits the candidate; eligibility (2.1) is checked on this day."""
        self.submitted_on = timezone.localdate()

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.RECOMMENDED,
        permission=department,
        custom=transition_metadata(_("Recommend")),
    )
    def recommend(self):
        """The education department recommends the candidate for training."""

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.REJECTED,
        permission=department,
        custom=transition_metadata(_("Reject"), comment_required=True),
    )
    def reject(self):
        """The education department does not recommend the candidate, giving its reasons."""

    @transition(
        field=state,
        source=A.RECOMMENDED,
        target=A.IN_TRAINING,
        permission=registrar,
        custom=transition_metadata(
            _("Record enrolment"),
            form="workflows.forms.EnrolmentForm",
            service="workflows.services.status_application_enrol",
        ),
    )
    def enrol(self):
        """The registrar records the candidate's enrolment in the training programme."""

    @transition(
        field=state,
        source=A.IN_TRAINING,
        target=A.TRAINED,
        permission=registrar,
        custom=transition_metadata(
            _("Record the training"),
            form="workflows.forms.TrainingForm",
            service="workflows.services.status_application_record_training",
        ),
    )
    def record_training(self):
        """The registrar records the training certificate (удостоверение) the candidate got."""

    @transition(
        field=state,
        source=A.TRAINED,
        target=A.GRANTED,
        permission=registrar,
        custom=transition_metadata(
            _("Grant the status"),
            form="workflows.forms.GrantForm",
            service="workflows.services.status_application_grant",
        ),
    )
    def grant(self):
        """The Ministry's order grants the status; the certificate is issued on its date."""

    @transition(
        field=state,
        source=BEFORE_GRANTED,
        target=A.WITHDRAWN,
        permission=the_nominator_or_candidate,
        custom=transition_metadata(_("Withdraw"), comment_required=True),
    )
    def withdraw(self):
        """The nominator or the candidate withdraws the application; it stays on file."""

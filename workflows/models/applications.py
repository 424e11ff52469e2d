"""Applications for the «Ментор» and «Тьютор» statuses, from nomination to the order (2.1)."""

import datetime

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
from workflows.conditions import Rule
from workflows.models.base import WorkflowDocument
from workflows.permissions import described, role_in_organisation, role_labels
from workflows.scoping import own_person_id
from workflows.thresholds import STATUS_EXPERIENCE, shortfall

A = StatusApplicationState
BEFORE_GRANTED = [A.DRAFT, A.SUBMITTED, A.RECOMMENDED, A.IN_TRAINING, A.TRAINED]
UNDER_CONSIDERATION = [A.SUBMITTED, A.RECOMMENDED, A.IN_TRAINING, A.TRAINED]

registrar = role_in_organisation(Role.REGISTRAR, organisation="organisation_id")
department = role_in_organisation(Role.DEPARTMENT, organisation="organisation_id")
# The body that acts for each kind of nomination; a regional association's nomination
# reaches the portal through the regional operator (КРИПКиПРО).
NOMINATING_ROLE = {
    Nominator.DEPARTMENT: Role.DEPARTMENT,
    Nominator.METHODOLOGICAL_SERVICE: Role.CENTER,
    Nominator.REGIONAL_ASSOCIATION: Role.REGISTRAR,
}


def _nominator_label(application) -> str:
    role = NOMINATING_ROLE.get(application.nominated_by)
    return role_labels([role]) if role else str(application.person)


@described(_nominator_label)
def the_nominator(application, user) -> bool:
    """The nominating body of the application, or the candidate for a self-nomination."""
    role = NOMINATING_ROLE.get(application.nominated_by)
    if role is not None:
        return role_in_organisation(role)(application, user)
    return user.is_superuser or own_person_id(user) == application.person_id


@described(lambda application: f"{_nominator_label(application)}, {application.person}")
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
    if application.nominated_by == Nominator.SELF and application.kind != CertificateKind.MENTOR:
        yield _("Only a candidate for the «Mentor» status may nominate themselves (clause 2.1).")
    others = StatusApplication.objects.filter(
        person_id=application.person_id, kind=application.kind, state__in=UNDER_CONSIDERATION
    ).exclude(pk=application.pk)
    if others.exists():
        yield _("The candidate already has an application for this status under consideration.")


eligible = Rule(_eligibility)


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
        custom={"label": pgettext_lazy("application", "Submit")},
    )
    def submit(self):
        """The nominator submits the candidate; eligibility (2.1) is checked on this day."""
        self.submitted_on = timezone.localdate()

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.RECOMMENDED,
        permission=department,
        custom={"label": _("Recommend")},
    )
    def recommend(self):
        """The education department recommends the candidate for training."""

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.REJECTED,
        permission=department,
        custom={"label": _("Reject"), "comment_required": True},
    )
    def reject(self):
        """The education department does not recommend the candidate, giving its reasons."""

    @transition(
        field=state,
        source=A.RECOMMENDED,
        target=A.IN_TRAINING,
        permission=registrar,
        custom={"label": _("Record enrolment"), "form": "workflows.forms.EnrolmentForm"},
    )
    def enrol(self, *, enrolled_on: datetime.date):
        """The registrar records the candidate's enrolment in the training programme."""
        self.enrolled_on = enrolled_on

    @transition(
        field=state,
        source=A.IN_TRAINING,
        target=A.TRAINED,
        permission=registrar,
        custom={"label": _("Record the training"), "form": "workflows.forms.TrainingForm"},
    )
    def record_training(
        self,
        *,
        training_certificate_number: str,
        training_certificate_date: datetime.date,
        training_provider: str,
    ):
        """The registrar records the training certificate (удостоверение) the candidate got."""
        self.training_certificate_number = training_certificate_number
        self.training_certificate_date = training_certificate_date
        self.training_provider = training_provider

    @transition(
        field=state,
        source=A.TRAINED,
        target=A.GRANTED,
        permission=registrar,
        custom={"label": _("Grant the status"), "form": "workflows.forms.GrantForm"},
    )
    def grant(self, *, ministry_order_number: str, ministry_order_date, certificate_number: str):
        """The Ministry's order grants the status; the certificate is issued on its date."""
        self.ministry_order_number = ministry_order_number
        self.ministry_order_date = ministry_order_date
        self.certificate_number = certificate_number

    @transition(
        field=state,
        source=BEFORE_GRANTED,
        target=A.WITHDRAWN,
        permission=the_nominator_or_candidate,
        custom={"label": _("Withdraw"), "comment_required": True},
    )
    def withdraw(self):
        """The nominator or the candidate withdraws the application; it stays on file."""

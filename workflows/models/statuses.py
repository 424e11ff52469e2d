"""«Ментор» and «Тьютор» statuses: applications, certificates and publication consents (2.1)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dateutil.relativedelta import relativedelta
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from workflows.choices import (
    CertificateKind,
    CertificateState,
    ExperienceKind,
    Nominator,
    Role,
    StatusApplicationState,
    TrainingProvider,
)
from workflows.conditions import Rule, rule
from workflows.models.base import WorkflowDocument
from workflows.permissions import described, role_in_organisation, role_labels
from workflows.scoping import own_person_id
from workflows.text import search_key

A = StatusApplicationState
CERTIFICATE_TERM = relativedelta(years=3)
MIN_EXPERIENCE_YEARS = 5  # clause 2.1, for both statuses
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
    if application.kind == CertificateKind.MENTOR:
        if person.experience_years(ExperienceKind.MANAGEMENT, today) < MIN_EXPERIENCE_YEARS:
            yield _(
                "A candidate for the «Mentor» status needs at least 5 years of management "
                "experience (clause 2.1)."
            )
    else:
        if person.experience_years(ExperienceKind.METHODOLOGICAL, today) < MIN_EXPERIENCE_YEARS:
            yield _(
                "A candidate for the «Tutor» status needs at least 5 years of methodological "
                "experience (clause 2.1)."
            )
        if not application.direction.strip():
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


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Certificates that are active and not expired on ``day`` (expiry needs no job)."""
        return self.filter(state=CertificateState.ACTIVE, valid_until__gte=day)


@described(lambda certificate: _("registry operator or the tutor themselves"))
def registrar_or_the_tutor(certificate, user) -> bool:
    """A tutor may stop early on their own; the registrar may suspend any status."""
    if registrar(certificate, user):
        return True
    return (
        certificate.kind == CertificateKind.TUTOR and own_person_id(user) == certificate.person_id
    )


@rule(_("A «Tutor» status resumes only after requalification on a new direction."))
def is_mentor_status(certificate) -> bool:
    return certificate.kind == CertificateKind.MENTOR


@rule(_("Only a «Tutor» status resumes through requalification."))
def is_tutor_status(certificate) -> bool:
    return certificate.kind == CertificateKind.TUTOR


class Certificate(WorkflowDocument):
    """A status certificate (свидетельство): valid for three years from its date of issue."""

    EDITABLE_STATES = ()
    DERIVED_FIELDS = ("direction", "requalified_on")

    person = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    kind = models.CharField(_("status"), max_length=16, choices=CertificateKind.choices)
    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), editable=False)
    direction = models.CharField(_("direction or problem"), max_length=300, blank=True)
    order_number = models.CharField(_("Ministry's order number"), max_length=50, blank=True)
    order_date = models.DateField(_("Ministry's order dated"), null=True, blank=True)
    application = models.OneToOneField(
        StatusApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    requalified_on = models.DateField(_("requalified on"), null=True, blank=True)
    state = FSMField(
        _("state"),
        choices=CertificateState.choices,
        default=CertificateState.ACTIVE,
        protected=True,
    )
    search_direction = models.CharField(max_length=300, editable=False, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("status certificate")
        verbose_name_plural = _("status certificates")
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"

    def save(self, *args, **kwargs):
        self.valid_until = self.issued_on + CERTIFICATE_TERM
        self.search_direction = search_key(self.direction)
        super().save(*args, **kwargs)

    @property
    def organisation_id(self) -> int:
        return self.person.organisation_id

    @property
    def order(self) -> str:
        """The Ministry's order as written, e.g. «№ 1234 от 24.11.2023»."""
        if not self.order_number:
            return ""
        date = f" от {self.order_date:%d.%m.%Y}" if self.order_date else ""
        return f"№ {self.order_number}{date}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.state == CertificateState.ACTIVE and day <= self.valid_until

    @transition(
        field=state,
        source=CertificateState.ACTIVE,
        target=CertificateState.SUSPENDED,
        permission=registrar_or_the_tutor,
        custom={"label": _("Suspend"), "comment_required": True},
    )
    def suspend(self):
        """The holder stops early (a tutor may resume after requalification)."""

    @transition(
        field=state,
        source=CertificateState.SUSPENDED,
        target=CertificateState.ACTIVE,
        conditions=[is_mentor_status],
        permission=registrar,
        custom={"label": _("Resume")},
    )
    def resume(self):
        """A «Ментор» resumes; the original validity date still applies."""

    @transition(
        field=state,
        source=CertificateState.SUSPENDED,
        target=CertificateState.ACTIVE,
        conditions=[is_tutor_status],
        permission=registrar,
        custom={
            "label": _("Resume after requalification"),
            "form": "workflows.forms.RequalificationForm",
        },
    )
    def requalify(self, *, direction: str, requalified_on: datetime.date):
        """A «Тьютор» requalified on a new direction; the original validity date still applies."""
        self.direction = direction
        self.requalified_on = requalified_on

    @transition(
        field=state,
        source=[CertificateState.ACTIVE, CertificateState.SUSPENDED],
        target=CertificateState.REVOKED,
        permission=registrar,
        custom={"label": _("Revoke"), "comment_required": True},
    )
    def revoke(self):
        """The registrar withdraws the status for good, giving the reason."""


def valid_certificate_exists(person_id: int, kind: str, day: datetime.date) -> bool:
    """Whether the person holds a certificate of ``kind`` valid on ``day``."""
    return Certificate.objects.valid_on(day).filter(Q(person_id=person_id) & Q(kind=kind)).exists()


class PublicationConsentQuerySet(models.QuerySet):
    def live_on(self, day: datetime.date):
        """Consents given by ``day`` and not withdrawn: withdrawal takes effect at once."""
        return self.filter(given_on__lte=day, withdrawn_on__isnull=True)


class PublicationConsent(models.Model):
    """A person's separate consent to publish their data in the registry (152-ФЗ art. 10.1).

    The name is always published (there is no entry without it); every other field only where
    the person allowed it.
    """

    person = models.ForeignKey(
        "workflows.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="publication_consents",
    )
    given_on = models.DateField(_("consent dated"))
    show_organisation = models.BooleanField(_("organisation"), default=False)
    show_position = models.BooleanField(_("position"), default=False)
    show_direction = models.BooleanField(_("direction or problem"), default=False)
    show_number = models.BooleanField(_("certificate number"), default=False)
    show_valid_until = models.BooleanField(_("valid until"), default=False)
    show_order = models.BooleanField(_("Ministry's order"), default=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PublicationConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to publication")
        verbose_name_plural = _("consents to publication")
        ordering = ["-given_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_live_publication_consent_per_person",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="publication_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.given_on:%d.%m.%Y})"

    @property
    def organisation_id(self) -> int:
        return self.person.organisation_id

    @property
    def is_live(self) -> bool:
        return self.withdrawn_on is None

"""Status certificates (свидетельства) (2.1): a «Ментор» status is valid for three years from
its date of issue; a «Тьютор» status while the training certificate (удостоверение, issued for
three years) on which it was granted is valid."""

import datetime

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from dateutil.relativedelta import relativedelta
from django_fsm import FSMField, transition

from workflows.choices import CertificateKind, CertificateState
from workflows.conditions import RuleKind, rule
from workflows.models.applications import StatusApplication
from workflows.models.base import WorkflowDocument
from workflows.permissions import described, registrar
from workflows.predicates import own_person_id
from workflows.text import search_key
from workflows.transitions import transition_metadata

CERTIFICATE_TERM = relativedelta(years=3)


def status_valid_until(kind, issued_on, training_certificate_date=None) -> datetime.date:
    """The last day of a status (2.1): a «Ментор» three years from the certificate's issue; a
    «Тьютор» three years from the training certificate it was granted on (when one is on file;
    else, as for an entry from before, from the issue)."""
    if kind == CertificateKind.TUTOR and training_certificate_date:
        return training_certificate_date + CERTIFICATE_TERM
    return issued_on + CERTIFICATE_TERM


def order_text(number: str, date: datetime.date | None) -> str:
    """A Ministry's order as written (:attr:`Certificate.order`), for an order read as columns
    rather than as a certificate; empty without a number."""
    if not number:
        return ""
    return f"№ {number} от {date:%d.%m.%Y}" if date else f"№ {number}"


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Certificates that are active and not expired on ``day`` (expiry needs no job)."""
        return self.filter(state=CertificateState.ACTIVE, valid_until__gte=day)

    def has_valid(self, kind: str, day: datetime.date) -> bool:
        """Whether these certificates (a person's, say) include one of ``kind`` valid on ``day``."""
        return self.valid_on(day).filter(kind=kind).exists()


@described(lambda certificate: _("registry operator or the tutor themselves"))
def registrar_or_the_tutor(certificate, user) -> bool:
    """A tutor may stop early on their own; the registrar may suspend any status."""
    if registrar(certificate, user):
        return True
    return (
        certificate.kind == CertificateKind.TUTOR and own_person_id(user) == certificate.person_id
    )


@rule(
    _("A «Tutor» status resumes only after requalification on a new direction."),
    kind=RuleKind.CONTENT,
)
def is_mentor_status(certificate) -> bool:
    return certificate.kind == CertificateKind.MENTOR


@rule(_("Only a «Tutor» status resumes through requalification."), kind=RuleKind.CONTENT)
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
    # A «Тьютор» status lasts while this training certificate lasts (three years from its date).
    training_certificate_date = models.DateField(
        _("training certificate dated"), null=True, blank=True
    )
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
        self.valid_until = status_valid_until(
            self.kind, self.issued_on, self.training_certificate_date
        )
        self.search_direction = search_key(self.direction)
        super().save(*args, **kwargs)

    @property
    def organisation_id(self) -> int:
        return self.person.organisation_id

    @property
    @admin.display(description=_("Ministry's order"))
    def order(self) -> str:
        """The Ministry's order as written, e.g. «№ 1234 от 24.11.2023»."""
        return order_text(self.order_number, self.order_date)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.state == CertificateState.ACTIVE and day <= self.valid_until

    @transition(
        field=state,
        source=CertificateState.ACTIVE,
        target=CertificateState.SUSPENDED,
        permission=registrar_or_the_tutor,
        custom=transition_metadata(
            _("Suspend"),
            comment_required=True,
            service="workflows.services.certificate_suspend",
        ),
    )
    def suspend(self):
        """The holder stops early (a tutor may resume after requalification)."""

    @transition(
        field=state,
        source=CertificateState.SUSPENDED,
        target=CertificateState.ACTIVE,
        conditions=[is_mentor_status],
        permission=registrar,
        custom=transition_metadata(_("Resume")),
    )
    def resume(self):
        """A «Ментор» resumes; the original validity date still applies."""

    @transition(
        field=state,
        source=CertificateState.SUSPENDED,
        target=CertificateState.ACTIVE,
        conditions=[is_tutor_status],
        permission=registrar,
        custom=transition_metadata(
            _("Resume after requalification"),
            form="workflows.forms.RequalificationForm",
            service="workflows.services.certificate_requalify",
        ),
    )
    def requalify(self):
        """A «Тьютор» requalified on a new direction (the service records it); the original
        validity date still applies."""

    @transition(
        field=state,
        source=[CertificateState.ACTIVE, CertificateState.SUSPENDED],
        target=CertificateState.REVOKED,
        permission=registrar,
        custom=transition_metadata(
            _("Revoke"), comment_required=True, service="workflows.services.certificate_revoke"
        ),
    )
    def revoke(self):
        """The registrar withdraws the status for good, giving the reason."""

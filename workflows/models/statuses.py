"""«Ментор» and «Тьютор» statuses and the certificates that prove them (clause 2.1)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dateutil.relativedelta import relativedelta
from django_fsm import FSMField, transition

from workflows.choices import CertificateKind, CertificateState, Role
from workflows.models.base import WorkflowDocument
from workflows.permissions import role_in_organisation

CERTIFICATE_TERM = relativedelta(years=3)
registrar = role_in_organisation(Role.REGISTRAR, organisation="organisation_id")


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Certificates that are active and not expired on ``day`` (expiry needs no job)."""
        return self.filter(state=CertificateState.ACTIVE, valid_until__gte=day)


class Certificate(WorkflowDocument):
    """A status certificate (свидетельство): valid for three years from its date of issue."""

    EDITABLE_STATES = ()

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
    state = FSMField(
        _("state"),
        choices=CertificateState.choices,
        default=CertificateState.ACTIVE,
        protected=True,
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("status certificate")
        verbose_name_plural = _("status certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"

    def save(self, *args, **kwargs):
        self.valid_until = self.issued_on + CERTIFICATE_TERM
        super().save(*args, **kwargs)

    @property
    def organisation_id(self) -> int:
        return self.person.organisation_id

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.state == CertificateState.ACTIVE and day <= self.valid_until

    @transition(
        field=state,
        source=CertificateState.ACTIVE,
        target=CertificateState.SUSPENDED,
        permission=registrar,
        custom={"label": _("Suspend"), "comment_required": True},
    )
    def suspend(self):
        """The holder stops early (a tutor may resume after requalification)."""

    @transition(
        field=state,
        source=CertificateState.SUSPENDED,
        target=CertificateState.ACTIVE,
        permission=registrar,
        custom={"label": _("Resume")},
    )
    def resume(self):
        """The holder requalified; the original validity date still applies."""

    @transition(
        field=state,
        source=[CertificateState.ACTIVE, CertificateState.SUSPENDED],
        target=CertificateState.REVOKED,
        permission=registrar,
        custom={"label": _("Revoke"), "comment_required": True},
    )
    def revoke(self):
        """The registrar withdraws the status for good."""


def valid_certificate_exists(person_id: int, kind: str, day: datetime.date) -> bool:
    """Whether the person holds a certificate of ``kind`` valid on ``day``."""
    return Certificate.objects.valid_on(day).filter(Q(person_id=person_id) & Q(kind=kind)).exists()

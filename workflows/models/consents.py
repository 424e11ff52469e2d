"""Consents to publish a person's data in the public registry (152-ФЗ art. 10.1)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from workflows.storage import private_storage
from workflows.validators import validate_scan

# What a consent may allow to be published besides the name, in the order the paper lists it.
SHOWN_FIELDS = (
    "show_organisation",
    "show_position",
    "show_direction",
    "show_number",
    "show_valid_until",
    "show_order",
)


class PublicationConsentQuerySet(models.QuerySet):
    @staticmethod
    def live_condition(day: datetime.date, *, through: str = "") -> Q:
        """The condition of :meth:`live_on`, for consents reached through the relation
        ``through`` where a join must filter the relation itself (``FilteredRelation``)."""
        prefix = f"{through}__" if through else ""
        return Q(**{f"{prefix}given_on__lte": day, f"{prefix}withdrawn_on__isnull": True})

    def live_on(self, day: datetime.date):
        """Consents given by ``day`` and not withdrawn: withdrawal takes effect at once."""
        return self.filter(self.live_condition(day))


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
    # The signed paper itself (152-ФЗ art. 10.1 part 1: a consent separate from any other), kept
    # out of MEDIA_ROOT like every scan, checked by its content.
    scan = models.FileField(
        _("scan of the signed consent"),
        upload_to="publication-consents/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_scan],
    )
    conditions = models.TextField(
        _("conditions and prohibitions set by the person"),
        blank=True,
        help_text=_(
            "As the consent states them (152-ФЗ art. 10.1 part 9): conditions of the "
            "dissemination and prohibitions of the transfer or processing by the public."
        ),
    )

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
    def published_fields(self) -> list[str]:
        """The names (as the consent lists them) of what is published besides the name."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in SHOWN_FIELDS
            if getattr(self, name)
        ]

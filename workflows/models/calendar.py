"""Corrections to the production calendar, maintained by hand as decrees move days off."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords


class CalendarOverride(models.Model):
    """One day whose working status differs from what the ``holidays`` package says."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("basis"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production calendar correction")
        verbose_name_plural = _("production calendar corrections")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"

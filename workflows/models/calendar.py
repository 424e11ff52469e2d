"""Working days of the Russian production calendar, and the corrections kept by hand.

The ``holidays`` package knows public holidays, transferred days off and working Saturdays;
:class:`CalendarOverride` rows win over it, because the government moves days off by decree
every year. Periods start the day after their event (Civil Code art. 191), so a deadline that
would fall on a day off lands on the next working day (art. 193).
"""

import datetime
from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

import holidays
from simple_history.models import HistoricalRecords

# Long enough to cover the New Year holidays plus any term counted here.
_LOOKAHEAD = datetime.timedelta(days=60)


@cache
def _russian_calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def _is_working_day(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return _russian_calendar(day.year).is_working_day(day)


class CalendarOverrideQuerySet(models.QuerySet):
    def _between(self, start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
        return dict(self.filter(date__range=(start, end)).values_list("date", "is_working_day"))

    def is_working_day(self, day: datetime.date) -> bool:
        """Whether ``day`` is a working day (overrides first, then the production calendar)."""
        return _is_working_day(day, self._between(day, day))

    def add_working_days(self, event: datetime.date, days: int) -> datetime.date:
        """The date by which something is due ``days`` working days after ``event``.

        Counting starts on the day after the event; the result is the ``days``-th working day.
        """
        if days < 1:
            raise ValueError("days must be positive")
        overrides = self._between(event, event + _LOOKAHEAD + datetime.timedelta(days=days * 2))
        day, counted = event, 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if _is_working_day(day, overrides):
                counted += 1
        return day


class CalendarOverride(models.Model):
    """One day whose working status differs from what the ``holidays`` package says."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("basis"), max_length=300, blank=True)

    history = HistoricalRecords()

    objects = CalendarOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("production calendar correction")
        verbose_name_plural = _("production calendar corrections")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"

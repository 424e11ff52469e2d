"""Working days of the Russian production calendar.

The ``holidays`` package knows public holidays, transferred days off and working Saturdays;
:class:`~workflows.models.CalendarOverride` rows win over it, because the government moves days
off by decree every year. Periods start the day after their event (Civil Code art. 191), so a
deadline that would fall on a day off lands on the next working day (art. 193).
"""

import datetime
from functools import cache

import holidays

from workflows.models.calendar import CalendarOverride

# Long enough to cover the New Year holidays plus any term counted here.
_LOOKAHEAD = datetime.timedelta(days=60)


@cache
def _russian_calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(
        CalendarOverride.objects.filter(date__range=(start, end)).values_list(
            "date", "is_working_day"
        )
    )


def is_working_day(day: datetime.date, overrides: dict | None = None) -> bool:
    """Whether ``day`` is a working day (overrides first, then the production calendar)."""
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _russian_calendar(day.year).is_working_day(day)


def add_working_days(event: datetime.date, days: int) -> datetime.date:
    """The date by which something is due ``days`` working days after ``event``.

    Counting starts on the day after the event; the result is the ``days``-th working day.
    """
    if days < 1:
        raise ValueError("days must be positive")
    overrides = _overrides(event, event + _LOOKAHEAD + datetime.timedelta(days=days * 2))
    day, counted = event, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, overrides):
            counted += 1
    return day

"""Periods of months and years as the law counts them (Civil Code arts. 190–192, Labour Code
art. 14): one place for every term, anniversary and count of whole years or months.

A term written «с ДД.ММ.ГГГГ по ДД.ММ.ГГГГ» includes both days. A term of N months from day D
therefore ends on the day before the same-numbered day N months later; when that month has no
such day (31.08 + 6 months), it ends on the last day of that month. An anniversary of 29.02
falls on 28.02 in a common year. Imports no models: rules, models and paper all read it.
"""

import datetime
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The date ``years`` whole years after ``day`` (29.02 → 28.02 in a common year)."""
    return day + relativedelta(years=years)


def full_years_between(start: datetime.date, end: datetime.date) -> int:
    """Whole years from ``start`` to ``end``: a year is full on its anniversary (see
    :func:`anniversary`), so 29.02.2016 → 28.02.2026 is ten years. None before ``start``."""
    if end < start:
        return 0
    years = end.year - start.year
    if anniversary(start, years) > end:
        years -= 1
    return years


def term_end(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a term of ``months`` months that starts on ``starts_on``, both included.

    01.09.2025 + 6 → 28.02.2026; 01.03.2026 + 6 → 31.08.2026; 31.08.2025 + 6 → 28.02.2026
    (February has no 31st, so the term ends on its last day).
    """
    same_day = starts_on + relativedelta(months=months)
    if same_day.day != starts_on.day:
        return same_day  # no such day in that month: relativedelta gave its last day
    return same_day - ONE_DAY


class TermLength(NamedTuple):
    """A term «с … по …» as whole months and the days left over (both days included)."""

    months: int
    days: int


def term_length(starts_on: datetime.date, ends_on: datetime.date) -> TermLength:
    """How long the term from ``starts_on`` to ``ends_on`` (both included) is: the most whole
    months whose :func:`term_end` is no later than ``ends_on``, and the days after them.

    The rule of 2.4 and the printed order both read this, so they never disagree.
    """
    if ends_on < starts_on:
        return TermLength(0, 0)
    delta = relativedelta(ends_on + ONE_DAY, starts_on)
    months = delta.years * 12 + delta.months
    # relativedelta can overshoot by one month at the ends of months; step back until it fits.
    while months and term_end(starts_on, months) > ends_on:
        months -= 1
    while term_end(starts_on, months + 1) <= ends_on:
        months += 1
    last = term_end(starts_on, months) if months else starts_on - ONE_DAY
    return TermLength(months, (ends_on - last).days)


def shifted_term(
    starts_on: datetime.date, ends_on: datetime.date, new_start: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The term moved to start on ``new_start``, keeping its months (and any odd days): the
    end follows by calendar months, not by a count of days."""
    length = term_length(starts_on, ends_on)
    last = term_end(new_start, length.months) if length.months else new_start - ONE_DAY
    return new_start, last + datetime.timedelta(days=length.days)

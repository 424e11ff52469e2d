"""Working days of the Russian production calendar, counted from the day after the event."""

import datetime

import pytest

from workflows.models import CalendarOverride

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("event", "days", "due"),
    [
        # 31.12.2025 and 09.01.2026 are transferred days off; 01–08.01 are the holidays.
        (D(2025, 12, 26), 5, D(2026, 1, 14)),
        # Saturday 01.11.2025 is a working day; 03.11 (transferred) and 04.11 are not.
        (D(2025, 10, 29), 5, D(2025, 11, 6)),
        # An ordinary week: Monday + 5 is the next Monday.
        (D(2026, 11, 23), 5, D(2026, 11, 30)),
        # Friday + 1 falls on Saturday and moves to Monday (Civil Code art. 193).
        (D(2025, 12, 5), 1, D(2025, 12, 8)),
        # An event on a day off still counts from the next day.
        (D(2026, 1, 3), 1, D(2026, 1, 12)),
        # Around 23 February and 8 March 2026 (Monday 09.03 is the transferred day off).
        (D(2026, 2, 20), 2, D(2026, 2, 25)),
        (D(2026, 3, 6), 1, D(2026, 3, 10)),
    ],
)
def test_working_days_follow_the_production_calendar(event, days, due):
    assert CalendarOverride.objects.add_working_days(event, days) == due


def test_the_days_of_the_production_calendar():
    assert not CalendarOverride.objects.is_working_day(D(2025, 12, 31))
    assert not CalendarOverride.objects.is_working_day(D(2026, 1, 9))
    assert CalendarOverride.objects.is_working_day(D(2025, 11, 1))
    assert not CalendarOverride.objects.is_working_day(D(2025, 11, 3))
    assert CalendarOverride.objects.is_working_day(D(2026, 1, 12))


def test_an_override_wins_over_the_package_both_ways():
    CalendarOverride.objects.create(date=D(2025, 12, 30), is_working_day=False, note="Пример")
    assert not CalendarOverride.objects.is_working_day(D(2025, 12, 30))
    assert CalendarOverride.objects.add_working_days(D(2025, 12, 26), 5) == D(2026, 1, 15)
    CalendarOverride.objects.create(date=D(2026, 1, 10), is_working_day=True, note="Пример")
    assert CalendarOverride.objects.is_working_day(D(2026, 1, 10))
    assert CalendarOverride.objects.add_working_days(D(2025, 12, 26), 5) == D(2026, 1, 14)
    assert CalendarOverride.objects.add_working_days(D(2025, 12, 26), 2) == D(2026, 1, 10)


def test_a_period_is_at_least_one_working_day():
    with pytest.raises(ValueError):
        CalendarOverride.objects.add_working_days(D(2026, 1, 1), 0)

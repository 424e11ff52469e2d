"""Russian typography of official forms: dates and numbers in words (GOST R 7.0.97)."""

import datetime

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from num2words import num2words

from workflows.periods import term_length


def date_in_words(day: datetime.date) -> str:
    """A date as forms write it: «05» октября 2026 г."""
    # "E" is the month's genitive («октября»), the form a date in words needs.
    return _("«%(day)s» %(month)s %(year)s") % {
        "day": f"{day:%d}",
        "month": dateformat.format(day, "E"),
        "year": day.year,
    }


def blank_date() -> str:
    """The date line of a form that is still to be dated by hand."""
    return _("«___» ______________ 20___")


def number_in_words(number: int) -> str:
    """``number`` in words in the interface language (12 → «двенадцать»)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return num2words(number, lang=language)


def months_in_words(count: int) -> str:
    """A term as forms write it: «12 (двенадцать) месяцев»."""
    return ngettext("%(count)s (%(words)s) month", "%(count)s (%(words)s) months", count) % {
        "count": count,
        "words": number_in_words(count),
    }


def days_in_words(count: int) -> str:
    """Days as forms write them: «1 (один) день»."""
    return ngettext("%(count)s (%(words)s) day", "%(count)s (%(words)s) days", count) % {
        "count": count,
        "words": number_in_words(count),
    }


def term_in_words(start: datetime.date, end: datetime.date) -> str:
    """«с «01» сентября 2025 г. по «28» февраля 2026 г., 6 (шесть) месяцев»: both days
    included, the months counted by :func:`workflows.periods.term_length`, as the rule of 2.4
    counts them (odd days, if any, after the months)."""
    length = term_length(start, end)
    parts = [months_in_words(length.months)] if length.months else []
    if length.days or not parts:
        parts.append(days_in_words(length.days))
    return _("from %(start)s to %(end)s, %(months)s") % {
        "start": date_in_words(start),
        "end": date_in_words(end),
        "months": " ".join(parts),
    }

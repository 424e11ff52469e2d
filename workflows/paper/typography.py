"""Russian typography of official forms: dates and numbers in words (GOST R 7.0.97)."""

import datetime

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta
from num2words import num2words


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


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``, as a term of mentoring is counted (2.4)."""
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def months_in_words(count: int) -> str:
    """A term as forms write it: «12 (двенадцать) месяцев»."""
    return ngettext("%(count)s (%(words)s) month", "%(count)s (%(words)s) months", count) % {
        "count": count,
        "words": number_in_words(count),
    }


def term_in_words(start: datetime.date, end: datetime.date) -> str:
    """«с «01» декабря 2026 г. по «01» декабря 2027 г., 12 (двенадцать) месяцев»."""
    return _("from %(start)s to %(end)s, %(months)s") % {
        "start": date_in_words(start),
        "end": date_in_words(end),
        "months": months_in_words(months_between(start, end)),
    }

"""Parameters of public requests, read in one place.

A query string or a URL is whatever a visitor typed or a scanner made up, and the obvious
readings fail on it: ``'²'.isdigit()`` is true but ``int('²')`` raises, ``int()`` accepts
Arabic-Indic digits, a 20-digit number overflows the bigint that SQLite's driver binds, and
NUL is refused by PostgreSQL and ends the string that SQLite's full-text parser reads. Every
public page, view, export and API parameter is read through these functions, so a value that
cannot be meant counts as absent (or, in a path, answers 404) instead of reaching the
database. docs/security.md has the probes.
"""

import re

MAX_ID = 2**63 - 1  # the largest bigint: every primary key here, on PostgreSQL and SQLite
ASCII_DIGITS = re.compile(r"[0-9]+")  # not \d, which matches any script's digits


def positive_int(value, *, maximum: int = MAX_ID) -> int | None:
    """``value`` as an integer from 1 to ``maximum`` written in ASCII digits, else ``None``.

    Surrounding spaces are allowed (a pasted number), signs, exponents and other scripts'
    digits are not; a number too long for ``maximum`` is refused before ``int()`` reads it.
    """
    text = str(value).strip() if value is not None else ""
    if not ASCII_DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(maximum)):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None


def page_number(value) -> int:
    """The page a list is asked for: a positive integer, else the first page (a page past the
    end is the paginator's to clamp)."""
    return positive_int(value) or 1


def clean_text(value, max_length: int) -> str:
    """Free text from a visitor, safe to compare, search and echo on any backend.

    Every run of whitespace (line breaks, tabs, no-break spaces) becomes one space; control
    and invisible format characters (NUL, bidirectional marks, zero-width spaces, lone
    surrogates) are dropped; the result is at most ``max_length`` characters.
    """
    text = "".join(char for char in str(value or "") if char.isprintable() or char.isspace())
    return " ".join(text.split())[:max_length]


class IdConverter:
    """A URL segment holding a primary key (``<id:person_id>``): ASCII digits within the
    bigint range, else the URL does not match and answers 404."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = positive_int(value)
        if number is None:
            raise ValueError(value)  # Django reads this as "no match"
        return number

    def to_url(self, value) -> str:
        return str(value)

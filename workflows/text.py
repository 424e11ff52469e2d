"""Text normalisation shared by every search over names and directions."""

import re


def search_key(*parts: str) -> str:
    """Fold text for matching: lower case, «ё» as «е», single spaces.

    SQLite's LOWER() only folds ASCII, so searchable text is stored pre-folded and the query
    is folded the same way; the result is the same on SQLite and PostgreSQL.
    """
    text = " ".join(part for part in parts if part)
    return " ".join(text.lower().replace("ё", "е").split())


# Every quotation mark a school may type around its name: straight, «ёлочки», „лапки“, curly.
_QUOTES = str.maketrans("", "", "\"'`«»„“”‟‘’‚‛‹›")
_NUMBER_SIGN = re.compile(r"№\s*")


def organisation_key(name: str) -> str:
    """Fold an organisation's name for matching: as :func:`search_key`, without quotation
    marks and with one space after «№».

    The same school is written «МБОУ "Гимназия № 1"», «МБОУ «Гимназия №1»» or without quotes
    in different lists; all of them are one name.
    """
    return search_key(_NUMBER_SIGN.sub("№ ", name.translate(_QUOTES)))


def lowercase_first(text: str) -> str:
    """A label that opens a sentence («Статус «Ментор»») written to follow a comma instead."""
    return text[:1].lower() + text[1:]

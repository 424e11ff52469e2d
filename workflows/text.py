"""Text normalisation shared by every search over names and directions."""

import operator
import re
from collections.abc import Iterable
from functools import reduce

from django.db.models import Q, QuerySet


def search_key(*parts: str) -> str:
    """Fold text for matching: lower case, «ё» as «е», single spaces.

    SQLite's LOWER() only folds ASCII, so searchable text is stored pre-folded and the query
    is folded the same way; the result is the same on SQLite and PostgreSQL.
    """
    text = " ".join(part for part in parts if part)
    return " ".join(text.lower().replace("ё", "е").split())


def folded_search(queryset: QuerySet, query: str, fields: Iterable[str]) -> QuerySet:
    """The rows of ``queryset`` in which every word of ``query`` occurs in one of ``fields``.

    The query is folded by :func:`search_key`; ``fields`` name columns stored folded the same
    way (or annotations over them). Every search that treats «ё» as «е» goes through here.
    """
    fields = list(fields)
    for word in search_key(query).split():
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"{field}__contains": word}) for field in fields))
        )
    return queryset


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

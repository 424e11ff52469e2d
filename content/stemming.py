"""Russian word forms for the search on any database: Snowball's Russian stemmer applied to the
indexed text and to the query alike, so that «наставника» finds «наставники» and «коучинга»
finds «коучинг» on SQLite too, whose full-text index has no Russian stemmer (PostgreSQL's
`russian` configuration stems on its own; stems are left alone by it).
"""

import html
import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
TAG = re.compile(r"<[^>]+>")
MIN_LENGTH = 3  # shorter words (prepositions, «и», «в») are not worth a stem


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("russian")


def words(text: str) -> list[str]:
    """The words of ``text`` (tags and entities of rich text removed), lower case, ё as е."""
    plain = html.unescape(TAG.sub(" ", text or ""))
    return [w.lower().replace("ё", "е") for w in WORD.findall(plain)]


def stems(text: str) -> list[str]:
    """The distinct stems of the words of ``text``, in the order they first occur."""
    found = [w for w in words(text) if len(w) >= MIN_LENGTH]
    return list(dict.fromkeys(_stemmer().stemWords(found)))


def flatten(value) -> str:
    """A searchable value (text, a list of texts, nested lists) as one text."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(flatten(item) for item in value)
    return str(value)

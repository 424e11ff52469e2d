"""Text normalisation shared by every search over names and directions."""


def search_key(*parts: str) -> str:
    """Fold text for matching: lower case, «ё» as «е», single spaces.

    SQLite's LOWER() only folds ASCII, so searchable text is stored pre-folded and the query
    is folded the same way; the result is the same on SQLite and PostgreSQL.
    """
    text = " ".join(part for part in parts if part)
    return " ".join(text.lower().replace("ё", "е").split())

"""Text search on the stored, folded ``search_key`` columns (``hiring.domain.search``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from hiring.domain.search import search_key


def matches_text(key_column: Any, text: str) -> ColumnElement[bool] | None:
    """``key_column`` (a stored search key) contains the folded ``text``, its wildcards
    (``%``, ``_``) taken literally; None when the text folds to nothing, so no condition.

    Both sides are folded in Python, so ``LIKE`` compares plain lower-case text: SQLite's
    ASCII-only case folding and PostgreSQL's case-sensitive ``LIKE`` give the same rows.
    """
    needle = search_key(text)
    if not needle:
        return None
    return key_column.contains(needle, autoescape=True)  # type: ignore[no-any-return]

"""Paging through lists too long to count on every request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from hiring.extensions import db


@dataclass(frozen=True)
class Window:
    """A page of a long list without counting the whole list: one row more than the page
    is fetched to know whether a next page exists. Same attributes as Flask-SQLAlchemy's
    Pagination that the ``pagination`` macro reads; ``total`` and ``pages`` are None."""

    items: Sequence[Any]
    page: int
    per_page: int
    has_next: bool
    total: None = None
    pages: None = None

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def window(query: Select[Any], page: int, per_page: int) -> Window:
    page = max(1, page)
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page))
                .unique())
    return Window(rows[:per_page], page, per_page, len(rows) > per_page)

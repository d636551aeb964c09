"""Paging through long lists: which page was asked for, how long a page is, and a window
for lists too long to count on every request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select

from hiring.extensions import db


def page_number() -> int:
    """The ``page`` URL argument; 1 when missing, not a number or below 1."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def page_size() -> int:
    """How many rows a page shows (config ``PAGE_SIZE``)."""
    return int(current_app.config["PAGE_SIZE"])


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

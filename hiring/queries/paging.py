"""Paging through long lists: which page was asked for, how long a page is, and a window
for lists too long to count on every request."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select

from hiring.bad_input import bad_request
from hiring.extensions import db

MAX_PAGE = 1_000_000  # far past any list's end; keeps every OFFSET inside a 64-bit integer
_WHOLE_NUMBER = re.compile(r"\s*\+?0*([0-9]+)\s*")


def page_number() -> int:
    """The ``page`` URL argument; 1 when missing, not a whole number or below 1.

    A number past MAX_PAGE is refused with a 400 rather than read as page 1 (which would
    hide a broken link) or sent to the database, where an OFFSET beyond 64 bits was a 500
    (SQLite: "Python int too large", PostgreSQL: "bigint out of range").
    """
    match = _WHOLE_NUMBER.fullmatch(request.args.get("page", ""))
    if match is None:
        return 1
    digits = match[1]
    if len(digits) > len(str(MAX_PAGE)) or int(digits) > MAX_PAGE:
        raise bad_request("No such page", f"Page numbers go from 1 to {MAX_PAGE:,}; the "
                                          "address asked for a page far past the end of "
                                          "any list. Go back and follow a link to a page.")
    return max(int(digits), 1)


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


def window(query: Select[Any], page: int, per_page: int, rows: bool = False) -> Window:
    """``rows``: the query selects columns, and items are its rows (named tuples), not
    entities; list pages select only what they show."""
    page = max(1, page)
    offset = query.limit(per_page + 1).offset((page - 1) * per_page)
    found = (list(db.session.execute(offset).all()) if rows
             else list(db.session.scalars(offset).unique()))
    return Window(found[:per_page], page, per_page, len(found) > per_page)


@dataclass(frozen=True)
class Page:
    """A counted page of rows: the attributes of Flask-SQLAlchemy's Pagination that the
    ``pagination`` macro reads, for queries that select columns rather than entities
    (``db.paginate`` keeps only the first column of such a query)."""

    items: Sequence[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total and self.per_page else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def with_items(self, items: Sequence[Any]) -> Page:
        """The same page holding ``items`` (the rows made into what the template reads)."""
        return dataclasses.replace(self, items=items)


def counted_page(query: Select[Any], page: int, per_page: int) -> Page:
    """One page of a column query's rows and the count of all of them: two statements.

    A page past the end is empty, not an error (as ``db.paginate(error_out=False)``).
    """
    page = max(1, page)
    items = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery())) or 0
    return Page(list(items), page, per_page, total)

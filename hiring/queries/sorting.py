"""Sorting a list by one of its columns, kept in the URL as ``sort=<key>`` (ascending) or
``sort=-<key>`` (descending).

Each list declares the keys it offers (a ``SortOptions``); anything else in the URL falls
back to the list's default order rather than failing, since a bookmarked link may outlive a
column. Ties are broken by the row's id in the same direction, so the order is total and a
row never shows on two pages. Text columns sort bytewise on both databases (PostgreSQL's
``COLLATE "C"``, SQLite's default), ASCII case aside (``caseless``), and people's names by
their folded search key, so the same data lists in the same order on SQLite and PostgreSQL,
accents beside their letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class bytewise(FunctionElement[str]):
    """A text expression compared byte by byte: ``COLLATE "C"`` on PostgreSQL, whose
    default collation would otherwise order differently from SQLite's."""

    type = Text()
    inherit_cache = True


@compiles(bytewise)
def _bytewise_default(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(bytewise, "postgresql")
def _bytewise_postgresql(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


def caseless(column: ColumnElement[str]) -> ColumnElement[str]:
    """A text column ordered without regard to ASCII case, identically on both databases:
    ``lower()`` under ``COLLATE "C"`` lowers only ASCII on PostgreSQL, as SQLite's does.
    (People's names sort by their stored search key instead, which folds everything.)"""
    return bytewise(func.lower(bytewise(column)))


@dataclass(frozen=True)
class Sort:
    """A list's order as asked for in the URL, already checked against its options."""

    key: str
    descending: bool

    @property
    def arg(self) -> str:
        """The ``sort`` URL argument for this order."""
        return f"-{self.key}" if self.descending else self.key

    def aria(self, key: str) -> str | None:
        """``aria-sort`` of a column header: only the sorted column carries one."""
        if key != self.key:
            return None
        return "descending" if self.descending else "ascending"


@dataclass(frozen=True)
class SortColumn:
    """One sortable column: the expression ordered by; ``starts_descending`` for columns
    people read biggest first (dates added: newest first); ``inverted`` when the page shows
    the opposite of the expression (time in stage shown, the moment it began stored), so
    that "ascending" means ascending in what the reader sees."""

    expression: ColumnElement[Any]
    starts_descending: bool = False
    inverted: bool = False


@dataclass(frozen=True)
class SortOptions:
    """The keys a list sorts by; ``default`` is its order without a ``sort`` argument and
    ``tiebreak`` (the row's id) makes every order total."""

    columns: Mapping[str, SortColumn]
    default: Sort
    tiebreak: ColumnElement[Any]

    def parse(self, raw: str | None) -> Sort:
        """The order a ``sort`` argument asks for; the default for anything unknown."""
        raw = (raw or "").strip()
        key = raw.removeprefix("-")
        if key not in self.columns:
            return self.default
        return Sort(key, raw.startswith("-"))

    def toggled(self, current: Sort, key: str) -> str:
        """The ``sort`` argument of a header link: the sorted column flips its direction,
        another column starts in its natural direction."""
        if key == current.key:
            return Sort(key, not current.descending).arg
        return Sort(key, self.columns[key].starts_descending).arg

    def order_by(self, sort: Sort) -> list[ColumnElement[Any]]:
        """ORDER BY clauses for ``sort``, the id last in the same direction."""
        column = self.columns[sort.key]
        if sort.descending != column.inverted:
            return [column.expression.desc(), self.tiebreak.desc()]
        return [column.expression.asc(), self.tiebreak.asc()]

    def args(self, sort: Sort) -> dict[str, str]:
        """URL arguments that keep this order in links (none for the default order)."""
        return {} if sort == self.default else {"sort": sort.arg}

"""The administrator's list of people, as plain rows: columns, and roles in one statement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from hiring.extensions import db
from hiring.models import User, UserRole
from hiring.queries.paging import Page, counted_page
from hiring.queries.sorting import Sort, SortColumn, SortOptions, bytewise

USER_SORTS = SortOptions(
    columns={"name": SortColumn(bytewise(User.search_key)),
             "email": SortColumn(bytewise(User.email)),
             "state": SortColumn(User.active, starts_descending=True),
             "since": SortColumn(User.created_at, starts_descending=True)},
    default=Sort("name", descending=False), tiebreak=User.id)


@dataclass(frozen=True)
class UserRow:
    """What the users list shows of an account; no ORM entity, so no lazy loads."""

    id: int
    name: str
    email: str
    active: bool
    created_at: dt.datetime
    roles: frozenset[str]


def user_rows(users: Select[Any], page: int, per_page: int,
              sort: Sort | None = None) -> Page:
    """One page of ``users`` (a query of User, filtered and ordered; ``sort`` reorders it)
    as ``UserRow``s: the page's columns, its count and the roles of the people on it (three
    statements)."""
    columns = users.with_only_columns(User.id, User.name, User.email, User.active,
                                      User.created_at)
    if sort is not None:
        columns = columns.order_by(None).order_by(*USER_SORTS.order_by(sort))
    found = counted_page(columns, page, per_page)
    roles: dict[int, set[str]] = defaultdict(set)
    ids = [row.id for row in found.items]
    if ids:
        for user_id, role in db.session.execute(
                select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids))):
            roles[user_id].add(role)
    return found.with_items([UserRow(*row, roles=frozenset(roles[row.id]))
                             for row in found.items])

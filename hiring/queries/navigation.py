"""Counts for the navigation bar: one cheap query each, run only when the bar shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hiring.database import utcnow
from hiring.models import User
from hiring.queries.interviews import awaiting_count

# name -> (the role whose navigation item shows it, the count)
_COUNTS: dict[str, tuple[str, Callable[[User, dt.datetime], int]]] = {
    "awaiting": ("interviewer", awaiting_count),
}


def nav_count(user: User, name: str) -> int | None:
    """The count called ``name`` for the user, or None when their roles do not show it."""
    role, count = _COUNTS[name]
    return count(user, utcnow()) if user.has_role(role) else None

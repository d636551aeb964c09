"""Counts for the navigation bar: one cheap query per count, only for the user's own roles."""

from __future__ import annotations

from hiring.database import utcnow
from hiring.models import User
from hiring.queries.interviews import awaiting_count


def nav_counts(user: User) -> dict[str, int]:
    counts: dict[str, int] = {}
    if user.has_role("interviewer"):
        counts["awaiting"] = awaiting_count(user, utcnow())
    return counts

"""Recording who read a candidate's page, debrief or packet (listed by queries/access_log).

A read is written after the page is rendered, in its own short write transaction (see
``begin_writes``): a GET keeps its cheap read transaction for the slow part and takes the
write lock only for one INSERT.
"""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from hiring.extensions import db
from hiring.models import AccessRecord, User


def record_read(kind: str, candidate_id: int, user: User | None = None) -> AccessRecord:
    """Add one access record (the caller commits); ``user`` defaults to the logged-in user,
    none on the command line without ``--as``."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()  # type: ignore[attr-defined]
    record = AccessRecord(kind=kind, candidate_id=candidate_id,
                          user_id=user.id if user is not None else None)
    db.session.add(record)
    return record

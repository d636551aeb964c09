"""The access log's list for admins: who read which candidate's data, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, select

from hiring.extensions import db
from hiring.models import AccessRecord, Candidate, User


@dataclass(frozen=True)
class AccessFilter:
    candidate_id: int | None = None
    user_email: str = ""


def access_query(filters: AccessFilter) -> Select[tuple[AccessRecord]]:
    """Access records, newest first, filtered by candidate id and/or the reader's email."""
    query = select(AccessRecord).order_by(AccessRecord.id.desc())
    if filters.candidate_id is not None:
        query = query.where(AccessRecord.candidate_id == filters.candidate_id)
    if filters.user_email:
        query = query.where(AccessRecord.user_id.in_(select(User.id).where(
            User.email == filters.user_email.strip().lower())))
    return query


def labels(records: Iterable[AccessRecord]) -> tuple[dict[int, User], dict[int, str]]:
    """The readers and the candidates' current names (a tombstone once erased) of a page."""
    records = list(records)
    user_ids = {r.user_id for r in records if r.user_id is not None}
    candidate_ids = {r.candidate_id for r in records}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    names = dict(db.session.execute(select(Candidate.id, Candidate.name).where(
        Candidate.id.in_(candidate_ids))).all())
    return users, names

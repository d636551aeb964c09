"""Overdue scorecards, and the state of an interview as people see it.

An interview is overdue when it is not cancelled, it ended (``scheduled_at + duration``)
more than OVERDUE_HOURS ago, and its assigned interviewer has not submitted a scorecard
for it. This module is the one definition: the recruiter's overdue page and the
interviewer's queue both use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Exists, Select, exists, select
from sqlalchemy.orm import joinedload

from hiring.extensions import db
from hiring.models import Candidate, Interview, Scorecard


def overdue_cutoff(now: dt.datetime, hours: float) -> dt.datetime:
    """Interviews that ended before this moment are overdue without a submitted scorecard."""
    return now - dt.timedelta(hours=hours)


def is_overdue(interview: Interview, cutoff: dt.datetime, submitted: bool) -> bool:
    return not interview.cancelled and not submitted and interview.ends_at < cutoff


def _submitted_by_assignee() -> Exists:
    return exists().where(Scorecard.interview_id == Interview.id,
                          Scorecard.interviewer_id == Interview.interviewer_id,
                          Scorecard.status == "submitted")


def overdue_select(cutoff: dt.datetime) -> Select[tuple[Interview]]:
    """Overdue interviews, the longest overdue first; narrow it further with ``.where()``."""
    return (
        select(Interview)
        .where(Interview.status == "scheduled", Interview.ends_at < cutoff,
               ~_submitted_by_assignee())
        .options(joinedload(Interview.candidate).joinedload(Candidate.requisition),
                 joinedload(Interview.interviewer))
        .order_by(Interview.ends_at, Interview.id)
    )


def overdue_on_requisitions(requisition_ids: Iterable[int],
                            cutoff: dt.datetime) -> Select[tuple[Interview]]:
    return overdue_select(cutoff).join(Candidate, Interview.candidate_id == Candidate.id).where(
        Candidate.requisition_id.in_(list(requisition_ids)))


def overdue_interviews(requisition_ids: Iterable[int], now: dt.datetime,
                       hours: float) -> list[Interview]:
    """Overdue interviews of candidates on these requisitions, the longest overdue first."""
    ids = list(requisition_ids)
    if not ids:
        return []
    query = overdue_on_requisitions(ids, overdue_cutoff(now, hours))
    return list(db.session.scalars(query).unique())


def overdue_for_interviewer(interviewer_id: int, now: dt.datetime,
                            hours: float) -> list[Interview]:
    """The interviews this interviewer owes a scorecard for, past the deadline."""
    query = overdue_select(overdue_cutoff(now, hours)).where(
        Interview.interviewer_id == interviewer_id)
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class InterviewRow:
    """An interview with its scorecard state: what the candidate page lists."""

    interview: Interview
    state: str  # cancelled, submitted, draft, upcoming, awaiting, overdue
    scorecard_status: str | None

    @property
    def final(self) -> bool:
        """Cancelled or scored: no longer reassignable or cancellable."""
        return self.state in ("cancelled", "submitted")


STATE_LABELS = {"cancelled": "Cancelled", "submitted": "Scorecard submitted",
                "draft": "Scorecard in draft", "upcoming": "Upcoming",
                "awaiting": "Awaiting scorecard", "overdue": "Scorecard overdue"}


def interview_rows(candidate_id: int, now: dt.datetime, hours: float) -> list[InterviewRow]:
    """The candidate's interviews with their state, in two queries."""
    interviews = list(db.session.scalars(
        select(Interview).where(Interview.candidate_id == candidate_id)
        .options(joinedload(Interview.interviewer))
        .order_by(Interview.scheduled_at, Interview.id)))
    cards = {}
    if interviews:
        cards = {(iid, uid): status for iid, uid, status in db.session.execute(
            select(Scorecard.interview_id, Scorecard.interviewer_id, Scorecard.status)
            .where(Scorecard.interview_id.in_([i.id for i in interviews])))}
    cutoff = overdue_cutoff(now, hours)
    rows = []
    for interview in interviews:
        status = cards.get((interview.id, interview.interviewer_id))
        if interview.cancelled:
            state = "cancelled"
        elif status == "submitted":  # by the interviewer assigned now, as the engine counts
            state = "submitted"
        elif interview.scheduled_at > now:
            state = "upcoming"
        elif is_overdue(interview, cutoff, submitted=False):
            state = "overdue"
        elif status == "draft":
            state = "draft"
        else:
            state = "awaiting"
        rows.append(InterviewRow(interview, state, status))
    return rows


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
    """Interviews that may be overdue: narrow it further with ``.where()``, then pass the
    rows through ``ended_before`` (the end time needs per-row arithmetic that SQLite and
    PostgreSQL spell differently, so the exact test is done in Python)."""
    return (
        select(Interview)
        .where(Interview.status != "cancelled", Interview.scheduled_at < cutoff,
               ~_submitted_by_assignee())
        .options(joinedload(Interview.candidate).joinedload(Candidate.requisition),
                 joinedload(Interview.interviewer))
    )


def ended_before(interviews: Iterable[Interview], cutoff: dt.datetime) -> list[Interview]:
    """The interviews that ended before ``cutoff``, the longest overdue first."""
    return sorted((i for i in interviews if i.ends_at < cutoff),
                  key=lambda i: (i.ends_at, i.id))


def overdue_interviews(requisition_ids: Iterable[int], now: dt.datetime,
                       hours: float) -> list[Interview]:
    """Overdue interviews of candidates on these requisitions, the longest overdue first."""
    ids = list(requisition_ids)
    if not ids:
        return []
    cutoff = overdue_cutoff(now, hours)
    query = overdue_select(cutoff).join(Candidate, Interview.candidate_id == Candidate.id).where(
        Candidate.requisition_id.in_(ids))
    return ended_before(db.session.scalars(query).unique(), cutoff)


def overdue_for_interviewer(interviewer_id: int, now: dt.datetime,
                            hours: float) -> list[Interview]:
    """The interviews this interviewer owes a scorecard for, past the deadline."""
    cutoff = overdue_cutoff(now, hours)
    query = overdue_select(cutoff).where(Interview.interviewer_id == interviewer_id)
    return ended_before(db.session.scalars(query).unique(), cutoff)


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
    submitted_any = {iid for (iid, _uid), status in cards.items() if status == "submitted"}
    cutoff = overdue_cutoff(now, hours)
    rows = []
    for interview in interviews:
        status = cards.get((interview.id, interview.interviewer_id))
        if interview.cancelled:
            state = "cancelled"
        elif status == "submitted" or interview.id in submitted_any:
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


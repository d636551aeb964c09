"""The interviewer's queue: what they owe a scorecard for, what is coming, what they sent.

Awaiting a scorecard: assigned to me, already started (``scheduled_at`` is not in the
future) and still owed (``hiring.queries.overdue.scorecard_owed``: open for scoring, no
submitted scorecard of mine). Overdue: awaiting and ended more than OVERDUE_HOURS ago
(``hiring.queries.overdue.is_overdue``). These are the recruiter's overdue page's
definitions too. Interviews that have not started are "upcoming" and never counted as
owed: nobody is chased for an interview that has not happened, and its scorecard is not
yet open for submission (``hiring.permissions.is_open_for_submission``; drafts are).
Once the committee has decided on a candidate, their interviews without my submitted
scorecard leave the queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.extensions import db
from hiring.models import (
    Candidate,
    CommitteeDecision,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    User,
)
from hiring.permissions import is_open_for_submission
from hiring.queries.evaluation import candidate_scorecards
from hiring.queries.overdue import is_overdue, overdue_cutoff, scorecard_owed


@dataclass(frozen=True)
class QueueInterview:
    """An interview as the queue lists it: plain values (no entity), with the rubric
    version pinned by its requisition for the stage's name."""

    id: int
    stage: str
    scheduled_at: dt.datetime
    ends_at: dt.datetime
    status: str
    candidate_name: str
    requisition_title: str
    rubric_version: RubricVersion

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class QueueCard:
    """The interviewer's own scorecard as the queue shows its state."""

    status: str
    revision: int
    submitted_at: dt.datetime | None
    updated_at: dt.datetime

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True)
class QueueItem:
    interview: QueueInterview
    scorecard: QueueCard | None  # mine, draft or submitted

    @property
    def draft(self) -> QueueCard | None:
        return self.scorecard if self.scorecard and not self.scorecard.submitted else None

    @classmethod
    def of(cls, row: Row[Any]) -> QueueItem:
        interview = QueueInterview(*row[:8])
        card = QueueCard(*row[8:]) if row.card_status is not None else None
        return cls(interview, card)


def _queue_select(mine: ColumnElement[bool], outer: bool) -> Select[Any]:
    """The queue's columns: the interview, its candidate's name, the requisition's title and
    rubric version, and the user's own scorecard (``mine``; outer-joined when ``outer``)."""
    query = (select(Interview.id, Interview.stage, Interview.scheduled_at, Interview.ends_at,
                    Interview.status, Candidate.name, Requisition.title, RubricVersion,
                    Scorecard.status.label("card_status"), Scorecard.revision,
                    Scorecard.submitted_at, Scorecard.updated_at)
             .join(Candidate, Interview.candidate_id == Candidate.id)
             .join(Requisition, Candidate.requisition_id == Requisition.id)
             .join(RubricVersion, Requisition.rubric_version_id == RubricVersion.id))
    return query.outerjoin(Scorecard, mine) if outer else query.join(Scorecard, mine)


@dataclass(frozen=True)
class Queue:
    overdue: tuple[QueueItem, ...]  # the longest overdue first
    awaiting: tuple[QueueItem, ...]  # started, not overdue yet, oldest first
    upcoming: tuple[QueueItem, ...]  # not yet open for submission, soonest first
    submitted: tuple[QueueItem, ...]  # the most recently submitted, newest first
    submitted_total: int

    @property
    def owed(self) -> int:
        return len(self.overdue) + len(self.awaiting)


def awaiting_count(user: User, now: dt.datetime) -> int:
    """How many interviews the user owes a scorecard for (overdue included): one COUNT."""
    query = select(func.count(Interview.id)).where(
        Interview.interviewer_id == user.id, Interview.scheduled_at <= now, scorecard_owed())
    return db.session.scalar(query) or 0


def interviewer_queue(user: User, now: dt.datetime, overdue_hours: float,
                      submitted_shown: int = 50) -> Queue:
    """The user's interviews with their own scorecard, sorted into the queue's sections.

    Every interview that still owes a scorecard is listed; of the submitted scorecards, only
    the latest ``submitted_shown`` are loaded (an experienced interviewer has hundreds).
    """
    mine = and_(Scorecard.interview_id == Interview.id, Scorecard.interviewer_id == user.id)
    open_rows = db.session.execute(
        _queue_select(mine, outer=True)
        .where(Interview.interviewer_id == user.id, scorecard_owed())
        .order_by(Interview.scheduled_at, Interview.id))
    cutoff = overdue_cutoff(now, overdue_hours)
    overdue, awaiting, upcoming = [], [], []
    for row in open_rows:
        item = QueueItem.of(row)
        interview = item.interview
        if not is_open_for_submission(interview, now):  # type: ignore[arg-type]  # duck-typed
            upcoming.append(item)
        elif is_overdue(interview, cutoff):
            overdue.append(item)
        else:
            awaiting.append(item)
    overdue.sort(key=lambda i: (i.interview.ends_at, i.interview.id))
    submitted_rows = db.session.execute(
        _queue_select(mine, outer=False)
        .where(Interview.interviewer_id == user.id, Scorecard.status == "submitted")
        .order_by(Scorecard.submitted_at.desc(), Interview.id.desc())
        .limit(submitted_shown))
    total = db.session.scalar(
        select(func.count(Scorecard.id)).where(Scorecard.interviewer_id == user.id,
                                               Scorecard.status == "submitted")) or 0
    return Queue(tuple(overdue), tuple(awaiting), tuple(upcoming),
                 tuple(QueueItem.of(row) for row in submitted_rows), total)


def my_scorecard(interview: Interview, user: User) -> Scorecard | None:
    """The user's scorecard for the interview with its scores and red flags (the kit shows
    them) and the rubric version it was written against."""
    return db.session.scalar(
        select(Scorecard).where(Scorecard.interview_id == interview.id,
                                Scorecard.interviewer_id == user.id)
        .options(selectinload(Scorecard.scores), selectinload(Scorecard.flags),
                 joinedload(Scorecard.rubric_version)))


def standing_decision(candidate_id: int) -> CommitteeDecision | None:
    """The committee's decision on the candidate that still stands (not reopened), if any."""
    return db.session.scalar(
        select(CommitteeDecision).where(CommitteeDecision.candidate_id == candidate_id,
                                        CommitteeDecision.reopened_at.is_(None)).limit(1))


def colleague_and_own_scorecards(candidate_id: int,
                                 user: User) -> tuple[list[Scorecard], list[Scorecard]]:
    """The candidate's scorecards on live interviews, from one query: other interviewers'
    SUBMITTED ones (drafts are never returned) and the user's own (drafts included).

    Callers check ``can_view_colleague_scorecards`` first.
    """
    cards = candidate_scorecards(candidate_id)
    return ([c for c in cards if c.submitted and c.interviewer_id != user.id],
            [c for c in cards if c.interviewer_id == user.id])

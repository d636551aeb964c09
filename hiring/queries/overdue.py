"""Which interviews still take a scorecard, which are overdue, and an interview's state.

One rule, "open for scoring": the interview is not cancelled and the committee has no
standing decision on its candidate (``open_for_scoring()`` here in SQL,
``hiring.permissions.is_open_for_scoring`` in Python). A scorecard is owed while the
interview is open for scoring and its assigned interviewer has not submitted one
(``scorecard_owed()``); it is overdue once the interview ended (``scheduled_at +
duration``) more than OVERDUE_HOURS ago (``is_overdue``). The recruiter's overdue page
(``overdue_select``), the interviewer's queue and navigation count
(``hiring.queries.interviews``) and the candidate page (``interview_rows``) are all built
from these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Exists, Select, and_, exists, select
from sqlalchemy.orm import aliased, joinedload

from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Requisition, Scorecard, User
from hiring.queries.sorting import Sort, SortColumn, SortOptions, bytewise, caseless


def overdue_cutoff(now: dt.datetime, hours: float) -> dt.datetime:
    """Interviews that ended before this moment are overdue without a submitted scorecard."""
    return now - dt.timedelta(hours=hours)


class Scheduled(Protocol):
    """An interview or a list's row of one: what ``is_overdue`` reads."""

    @property
    def ends_at(self) -> dt.datetime: ...


def is_overdue(interview: Scheduled, cutoff: dt.datetime) -> bool:
    """Ended before ``cutoff``; callers have checked that a scorecard is still owed."""
    return interview.ends_at < cutoff


# The three conditions below depend on no value, so each is built once and reused by every
# statement (their aliases and subqueries were a sixth of an interviewer's page).
@cache
def open_for_scoring() -> ColumnElement[bool]:
    """The interview is not cancelled and its candidate has no standing committee decision
    and was not erased (``permissions.is_open_for_scoring`` in SQL)."""
    decided = exists().where(CommitteeDecision.candidate_id == Interview.candidate_id,
                             CommitteeDecision.reopened_at.is_(None))
    # Its own alias: the outer query may join Candidate already (the overdue page does).
    tombstone = aliased(Candidate)
    erased = exists().where(tombstone.id == Interview.candidate_id,
                            tombstone.erased_at.is_not(None))
    # "= 'scheduled'" rather than "!= 'cancelled'" (the only two states): an equality lets
    # ix_interviews_status_ends_at hand out overdue rows already in deadline order.
    return and_(Interview.status == "scheduled", ~decided, ~erased)


@cache
def submitted_by_assignee() -> Exists:
    """The interview's assigned interviewer has submitted a scorecard for it."""
    # Its own alias: the outer query may join Scorecard too (the queue joins the user's own).
    card = aliased(Scorecard)
    return exists().where(card.interview_id == Interview.id,
                          card.interviewer_id == Interview.interviewer_id,
                          card.status == "submitted")


@cache
def scorecard_owed() -> ColumnElement[bool]:
    """The assigned interviewer still owes the interview a scorecard, whenever it takes place.

    The submitted card is tested first: most of an interviewer's interviews have one, and
    SQLite stops at the first false term (a fifth of the nav badge's count for an
    interviewer with a thousand interviews)."""
    return and_(~submitted_by_assignee(), open_for_scoring())


def overdue_select(cutoff: dt.datetime) -> Select[tuple[Interview]]:
    """Overdue interviews, the longest overdue first; narrow it further with ``.where()``."""
    return (
        select(Interview)
        .where(Interview.ends_at < cutoff, scorecard_owed())
        .options(joinedload(Interview.candidate).joinedload(Candidate.requisition),
                 joinedload(Interview.interviewer))
        .order_by(Interview.ends_at, Interview.id)
    )


def overdue_on_requisitions(requisition_ids: Iterable[int],
                            cutoff: dt.datetime) -> Select[tuple[Interview]]:
    return overdue_select(cutoff).join(Candidate, Interview.candidate_id == Candidate.id).where(
        Candidate.requisition_id.in_(list(requisition_ids)))


OVERDUE_SORTS = SortOptions(
    columns={"candidate": SortColumn(bytewise(Candidate.search_key)),
             "requisition": SortColumn(caseless(Requisition.title)),
             "interviewer": SortColumn(bytewise(User.search_key)),
             # "Overdue by" is shown; the end of the interview is stored: inverted.
             "overdue": SortColumn(Interview.ends_at, starts_descending=True, inverted=True)},
    default=Sort("overdue", descending=True), tiebreak=Interview.id)


def overdue_rows(requisition_ids: Iterable[int], cutoff: dt.datetime,
                 sort: Sort = OVERDUE_SORTS.default) -> Select[Any]:
    """``overdue_on_requisitions`` as the overdue page lists it: named columns, no entities
    (``interview_id``, ``stage``, ``ends_at``, ``candidate_id``, ``candidate_name``,
    ``requisition_id``, ``requisition_title``, ``interviewer_name``, ``interviewer_email``),
    longest overdue first unless ``sort`` says otherwise.
    """
    return (
        select(Interview.id.label("interview_id"), Interview.stage, Interview.ends_at,
               Candidate.id.label("candidate_id"), Candidate.name.label("candidate_name"),
               Requisition.id.label("requisition_id"),
               Requisition.title.label("requisition_title"),
               User.name.label("interviewer_name"), User.email.label("interviewer_email"))
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .join(Requisition, Candidate.requisition_id == Requisition.id)
        .join(User, Interview.interviewer_id == User.id)
        .where(Interview.ends_at < cutoff, scorecard_owed(),
               Candidate.requisition_id.in_(list(requisition_ids)))
        .order_by(*OVERDUE_SORTS.order_by(sort))
    )


@dataclass(frozen=True)
class InterviewRow:
    """An interview with its scorecard state: what the candidate page lists."""

    interview: Interview
    state: str  # a key of STATE_LABELS
    scorecard_status: str | None  # the assignee's draft/submitted; None when cancelled

    @property
    def final(self) -> bool:
        """Cancelled or scored: no longer reassignable or cancellable."""
        return self.state in ("cancelled", "submitted")


STATE_LABELS = {"cancelled": "Cancelled", "submitted": "Scorecard submitted",
                "closed": "Closed by the decision", "draft": "Scorecard in draft",
                "upcoming": "Upcoming", "awaiting": "Awaiting scorecard",
                "overdue": "Scorecard overdue"}


def interview_rows(candidate_id: int, scorecards: Sequence[Scorecard], now: dt.datetime,
                   hours: float) -> list[InterviewRow]:
    """The candidate's interviews with their state, in one query.

    ``scorecards`` are the candidate's current scorecards, as ``evaluate()`` returns them
    (``Evaluation.scorecards``: live interviews, by the interviewer assigned now). "closed":
    never scored, and the committee's standing decision means it no longer can be.
    """
    statuses = {(c.interview_id, c.interviewer_id): c.status for c in scorecards}
    found = db.session.execute(
        select(Interview, open_for_scoring().label("open"))
        .where(Interview.candidate_id == candidate_id)
        .options(joinedload(Interview.interviewer))
        .order_by(Interview.scheduled_at, Interview.id))
    cutoff = overdue_cutoff(now, hours)
    rows = []
    for interview, is_open in found:
        status = statuses.get((interview.id, interview.interviewer_id))
        if interview.cancelled:
            state = "cancelled"
        elif status == "submitted":  # by the interviewer assigned now, as the engine counts
            state = "submitted"
        elif not is_open:
            state = "closed"
        elif interview.scheduled_at > now:
            state = "upcoming"
        elif is_overdue(interview, cutoff):
            state = "overdue"
        elif status == "draft":
            state = "draft"
        else:
            state = "awaiting"
        rows.append(InterviewRow(interview, state, status))
    return rows

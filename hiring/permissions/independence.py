"""Interviewers and scorecards: who writes one, and independence (who reads colleagues'
scorecards, and when), the submission window, and reading a candidate's documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, exists, select

from hiring.database import among
from hiring.extensions import db
from hiring.models import (
    Candidate,
    CommitteeDecision,
    Interview,
    Scorecard,
    User,
)
from hiring.permissions.pipeline import (
    can_manage_requisition,
    can_score_interview,
    can_view_candidate,
    can_view_requisition,
    is_on_committee,
)

# -- interviewer / scorecards ---------------------------------------------------------------
#
# Independence: until a person has submitted their own scorecard for every live (not
# cancelled) interview they hold on a candidate, they read nothing of their colleagues'
# scorecards on that candidate (scores, evidence, summaries, flag notes, the engine's live
# recommendation built from them), whatever other role they hold. Recruiters and committee
# members of the requisition read everything once nothing of theirs is pending; interviewers
# without such a role follow the requisition's policy.

def _live_interviews_of(user_id: int, candidate_id: int) -> tuple[ColumnElement[bool], ...]:
    """The user's live (not cancelled) interviews of the candidate, as WHERE clauses."""
    return (Interview.candidate_id == candidate_id, Interview.interviewer_id == user_id,
            Interview.status != "cancelled")


def _without_submitted_scorecard(user_id: int) -> ColumnElement[bool]:
    """No submitted scorecard of the user on the (correlated) interview."""
    return ~exists().where(Scorecard.interview_id == Interview.id,
                           Scorecard.interviewer_id == user_id,
                           Scorecard.status == "submitted")


def is_interviewing(user: User, candidate: Candidate) -> bool:
    """Assigned to at least one live interview of the candidate."""
    return user.has_role("interviewer") and bool(db.session.scalar(
        select(exists().where(*_live_interviews_of(user.id, candidate.id)))))


def has_pending_interview(user: User, candidate: Candidate) -> bool:
    """Holds a live interview of the candidate without their own submitted scorecard.

    Whatever their roles: someone who was assigned an interview and has not written it up
    must not be swayed by what others wrote (one EXISTS query).
    """
    return bool(db.session.scalar(select(exists().where(
        *_live_interviews_of(user.id, candidate.id), _without_submitted_scorecard(user.id)))))


def pending_interviews(user: User, candidate: Candidate) -> list[Interview]:
    """Those pending interviews, earliest first, so a page can name the stage and link the
    kit."""
    return list(db.session.scalars(
        select(Interview).where(*_live_interviews_of(user.id, candidate.id),
                                _without_submitted_scorecard(user.id))
        .order_by(Interview.scheduled_at, Interview.id)))


def pending_interview_ids(user: User, candidate_ids: Collection[int]) -> dict[int, int]:
    """Of ``candidate_ids``, those on whom the user holds a pending interview, each with its
    earliest pending interview's id (for the kit's link): one query, for lists such as the
    committee index."""
    if not candidate_ids:
        return {}
    rows = db.session.execute(
        select(Interview.candidate_id, Interview.id)
        .where(among(Interview.candidate_id, candidate_ids),
               Interview.interviewer_id == user.id, Interview.status != "cancelled",
               _without_submitted_scorecard(user.id))
        .order_by(Interview.scheduled_at.desc(), Interview.id.desc()))
    return dict(rows.all())  # latest first, so each candidate's earliest is written last


def has_submitted_for(user: User, candidate: Candidate) -> bool:
    """The user holds a live interview of the candidate and has submitted a scorecard for
    every one of them (one query: two EXISTS)."""
    live = exists().where(*_live_interviews_of(user.id, candidate.id))
    pending = exists().where(*_live_interviews_of(user.id, candidate.id),
                             _without_submitted_scorecard(user.id))
    return bool(db.session.scalar(select(and_(live, ~pending))))


def can_view_colleague_scorecards(user: User, candidate: Candidate) -> bool:
    """Independence: may the user read other interviewers' submitted scorecards?

    Recruiters of the requisition and its committee may, unless they hold a pending
    interview of the candidate (whatever the requisition's policy: the policy's ``always``
    is for interviewers only). An interviewer of the candidate with no such role depends on
    the requisition's policy: ``always``; ``after_submit`` once their scorecards for every
    live interview of theirs with this candidate are submitted; ``never``. Everyone else
    may not.
    """
    requisition = candidate.requisition
    if can_manage_requisition(user, requisition) or is_on_committee(user, requisition):
        return not has_pending_interview(user, candidate)
    policy = requisition.scorecard_visibility
    if policy == "always":
        return is_interviewing(user, candidate)
    # Submitted for every live interview of the candidate implies interviewing them.
    return (policy == "after_submit" and user.has_role("interviewer")
            and has_submitted_for(user, candidate))


def can_see_why_colleagues_closed(user: User, candidate: Candidate) -> bool:
    """When ``can_view_colleague_scorecards`` refuses: is the person told why (403, "submit
    yours first" or "this requisition keeps them closed") rather than "not found" (404)?

    The requisition's recruiters and committee, whose role would open the page, and the
    candidate's live interviewers: they know the candidate, and the policy their own
    scorecard is written under is theirs to know. Anyone else learns nothing, not even
    that the candidate exists.
    """
    return can_view_requisition(user, candidate.requisition) or is_interviewing(user, candidate)


def is_open_for_scoring(interview: Interview, decision: CommitteeDecision | None) -> bool:
    """May scorecards of the interview still be written or amended?

    Not once it is cancelled, nor while the committee's decision on its candidate stands.
    ``decision`` is that standing decision, ``standing_decision(interview.candidate_id)``,
    looked up once by the caller (pages show it too). The same rule in SQL:
    ``hiring.queries.overdue.open_for_scoring``.
    """
    return not interview.cancelled and decision is None and not interview.candidate.erased


def can_amend_scorecard(user: User, scorecard: Scorecard,
                        decision: CommitteeDecision | None) -> bool:
    """Its author, once submitted, while the interview is open for scoring (``decision``:
    as for ``is_open_for_scoring``)."""
    interview = scorecard.interview
    return (scorecard.submitted and scorecard.interviewer_id == user.id
            and can_score_interview(user, interview)
            and is_open_for_scoring(interview, decision))


# -- the submission window ------------------------------------------------------------------

def is_open_for_submission(interview: Interview, now: dt.datetime) -> bool:
    """May a scorecard of the interview be submitted or amended at ``now``?

    Only once its scheduled start has come: a scorecard describes an interview that
    happened. Drafts may be written at any time. Callers pass ``now`` (the service and
    the pages: ``utcnow()``) so that an API or a report applies the same rule.
    """
    return interview.scheduled_at <= now


# -- documents -------------------------------------------------------------------------------

def can_read_documents(user: User, candidate: Candidate) -> bool:
    """Reading a candidate's documents: whoever sees the candidate page (the requisition's
    recruiters and committee) and every interviewer holding a live interview of the
    candidate (the kit shows the résumé). A document is the candidate's own account, not a
    colleague's judgement, so independence does not hold it back."""
    return can_view_candidate(user, candidate) or is_interviewing(user, candidate)

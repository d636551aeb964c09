"""All authorisation: named predicates used by views and templates, and route gates.

Each predicate checks the object as well as the role. Views answer 404 for an object
outside the user's reach (its existence is nobody else's business) and 403 for a page
their roles do not open. Every route declares a gate; a test walks ``app.url_map`` and
fails on any route without one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import exists, select

from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Requisition, Scorecard, User

F = TypeVar("F", bound=Callable[..., Any])

GATE_ATTRIBUTE = "permission_gate"


def _declare(view: Callable[..., Any], gate: str) -> None:
    setattr(view, GATE_ATTRIBUTE, gate)


def public(view: F) -> F:
    """Open to anyone, logged in or not (the login page, static assets)."""
    _declare(view, "public")
    return view


def authenticated(view: F) -> F:
    """Any logged-in user; the view itself narrows what it shows."""
    wrapped = login_required(view)
    _declare(wrapped, "authenticated")
    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[F], F]:
    """Logged in and holding one of ``roles``; 403 otherwise."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        guarded = login_required(wrapper)
        _declare(guarded, "roles:" + ",".join(roles))
        return guarded  # type: ignore[return-value]

    return decorator


def require(allowed: bool) -> None:
    """Object-level check inside a view: out of reach looks exactly like missing."""
    if not allowed:
        abort(404)


# -- requisitions ---------------------------------------------------------------------------

def _ids(users: list[User]) -> set[int]:
    return {u.id for u in users}


def can_create_requisition(user: User) -> bool:
    return user.has_role("recruiter")


def can_manage_requisition(user: User, requisition: Requisition) -> bool:
    """Recruiters work on the requisitions they own or are added to."""
    return user.has_role("recruiter") and user.id in _ids(requisition.recruiters)


def is_on_committee(user: User, requisition: Requisition) -> bool:
    return user.has_role("committee") and user.id in _ids(requisition.committee)


def can_view_requisition(user: User, requisition: Requisition) -> bool:
    return can_manage_requisition(user, requisition) or is_on_committee(user, requisition)


# -- candidates -----------------------------------------------------------------------------

def can_view_candidate(user: User, candidate: Candidate) -> bool:
    """The full candidate page: the requisition's recruiters and committee."""
    return can_view_requisition(user, candidate.requisition)


def can_manage_candidate(user: User, candidate: Candidate) -> bool:
    return can_manage_requisition(user, candidate.requisition)


# -- interviews and scorecards --------------------------------------------------------------

def can_score_interview(user: User, interview: Interview) -> bool:
    """Only the assigned interviewer writes the scorecard of an interview."""
    return user.has_role("interviewer") and interview.interviewer_id == user.id


def can_manage_interview(user: User, interview: Interview) -> bool:
    return can_manage_candidate(user, interview.candidate)


# -- interviewer / scorecards ---------------------------------------------------------------

def _interviews_of(user: User, candidate: Candidate) -> Any:
    """The user's live (not cancelled) interviews of the candidate, as a WHERE clause."""
    return (Interview.candidate_id == candidate.id, Interview.interviewer_id == user.id,
            Interview.status != "cancelled")


def is_interviewing(user: User, candidate: Candidate) -> bool:
    """Assigned to at least one live interview of the candidate."""
    return user.has_role("interviewer") and bool(db.session.scalar(
        select(exists().where(*_interviews_of(user, candidate)))))


def has_submitted_for(user: User, candidate: Candidate) -> bool:
    """The user submitted a scorecard for one of their own live interviews of the candidate."""
    return bool(db.session.scalar(select(exists().where(
        *_interviews_of(user, candidate), Scorecard.interview_id == Interview.id,
        Scorecard.interviewer_id == user.id, Scorecard.status == "submitted"))))


def can_view_colleague_scorecards(user: User, candidate: Candidate) -> bool:
    """Independence: may the user read other interviewers' submitted scorecards?

    Recruiters of the requisition and its committee always may. An interviewer of the
    candidate depends on the requisition's policy: ``always``; ``after_submit`` once their
    own scorecard for this candidate is submitted; ``never``. Everyone else may not.
    """
    if can_manage_candidate(user, candidate) or is_on_committee(user, candidate.requisition):
        return True
    policy = candidate.requisition.scorecard_visibility
    if policy == "always":
        return is_interviewing(user, candidate)
    # A submitted scorecard on a live interview of the candidate implies interviewing them.
    return (policy == "after_submit" and user.has_role("interviewer")
            and has_submitted_for(user, candidate))


def is_open_for_scoring(interview: Interview, decision: CommitteeDecision | None) -> bool:
    """May scorecards of the interview still be written or amended?

    Not once it is cancelled, nor while the committee's decision on its candidate stands.
    ``decision`` is that standing decision, ``standing_decision(interview.candidate_id)``,
    looked up once by the caller (pages show it too). The same rule in SQL:
    ``hiring.queries.overdue.open_for_scoring``.
    """
    return not interview.cancelled and decision is None


def can_amend_scorecard(user: User, scorecard: Scorecard,
                        decision: CommitteeDecision | None) -> bool:
    """Its author, once submitted, while the interview is open for scoring (``decision``:
    as for ``is_open_for_scoring``)."""
    interview = scorecard.interview
    return (scorecard.submitted and scorecard.interviewer_id == user.id
            and can_score_interview(user, interview)
            and is_open_for_scoring(interview, decision))


# -- committee / decisions ------------------------------------------------------------------

def can_view_debrief(user: User, candidate: Candidate) -> bool:
    """The debrief: the requisition's committee and recruiters, never other interviewers."""
    requisition = candidate.requisition
    return is_on_committee(user, requisition) or can_manage_requisition(user, requisition)


def can_record_decision(user: User, candidate: Candidate) -> bool:
    """Only the requisition's committee decides; recruiters and interviewers never do."""
    return is_on_committee(user, candidate.requisition)

"""All authorisation: named predicates used by views and templates, and route gates.

Each predicate checks the object as well as the role. Views answer 404 for an object
outside the user's reach (its existence is nobody else's business) and 403 for a page
their roles do not open. Every route declares a gate; a test walks ``app.url_map`` and
fails on any route without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import aliased

from hiring.extensions import db
from hiring.models import (
    ApiToken,
    Candidate,
    CommitteeDecision,
    Interview,
    Requisition,
    Scorecard,
    User,
)
from hiring.models.requisition import requisition_committee, requisition_recruiters
from hiring.models.session import UserSession

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


def token_required(*roles: str) -> Callable[[F], F]:
    """API routes: the caller is the user a bearer token names (``hiring.api.auth`` sets it
    before any view, never from the session cookie); with ``roles``, holding one of them
    (403 otherwise). Without a user, 401."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        _declare(wrapper, "token" + (":" + ",".join(roles) if roles else ""))
        return wrapper  # type: ignore[return-value]

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


def viewable_requisitions(user: User) -> ColumnElement[bool]:
    """``can_view_requisition`` as a WHERE clause on ``Requisition``, for lists (the API)."""
    clauses = []
    if user.has_role("recruiter"):
        clauses.append(Requisition.id.in_(select(requisition_recruiters.c.requisition_id)
                                          .where(requisition_recruiters.c.user_id == user.id)))
    if user.has_role("committee"):
        clauses.append(Requisition.id.in_(select(requisition_committee.c.requisition_id)
                                          .where(requisition_committee.c.user_id == user.id)))
    return or_(*clauses) if clauses else Requisition.id.is_(None)


# -- candidates -----------------------------------------------------------------------------

def can_view_candidate(user: User, candidate: Candidate) -> bool:
    """The full candidate page: the requisition's recruiters and committee."""
    return can_view_requisition(user, candidate.requisition)


def can_manage_candidate(user: User, candidate: Candidate) -> bool:
    """The requisition's recruiters, until the candidate's data is erased: a tombstone takes
    no new personal data (no edits, moves or interviews)."""
    return not candidate.erased and can_manage_requisition(user, candidate.requisition)


def can_manage_candidates(user: User, candidates: Iterable[Candidate]) -> bool:
    """A bulk action on the candidate list: every selected candidate is one the user may
    manage; one id from another team's requisition refuses the whole action."""
    selected = list(candidates)
    return bool(selected) and all(can_manage_candidate(user, c) for c in selected)


def can_export_candidates(user: User, candidates: Iterable[Candidate]) -> bool:
    """Exporting selected rows of the candidate list: every one is on a requisition the user
    recruits for (tombstones included, as the list and its CSV show them)."""
    selected = list(candidates)
    return bool(selected) and all(can_manage_requisition(user, c.requisition)
                                  for c in selected)


def can_manage_documents(user: User, candidate: Candidate) -> bool:
    """Attaching and removing résumés and other documents: as ``can_manage_candidate``."""
    return can_manage_candidate(user, candidate)


def can_read_documents(user: User, candidate: Candidate) -> bool:
    """Reading a candidate's documents: whoever sees the candidate page (the requisition's
    recruiters and committee) and every interviewer holding a live interview of the
    candidate (the kit shows the résumé). A document is the candidate's own account, not a
    colleague's judgement, so independence does not hold it back."""
    return can_view_candidate(user, candidate) or is_interviewing(user, candidate)


# -- interviews and scorecards --------------------------------------------------------------

def can_score_interview(user: User, interview: Interview) -> bool:
    """Only the assigned interviewer writes the scorecard of an interview."""
    return user.has_role("interviewer") and interview.interviewer_id == user.id


def can_manage_interview(user: User, interview: Interview) -> bool:
    return can_manage_candidate(user, interview.candidate)


def can_view_outbox(user: User) -> bool:
    """Admins read the mail outbox (every message, its state and errors) and retry one."""
    return user.has_role("admin")


def can_send_reminder(user: User, interview: Interview) -> bool:
    """The requisition's recruiters chase a live interview's scorecard by mail (the overdue
    page's button); whether a scorecard is still owed is the service's check."""
    return not interview.cancelled and can_manage_interview(user, interview)


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
        .where(Interview.candidate_id.in_(list(candidate_ids)),
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


# -- committee / decisions ------------------------------------------------------------------

def can_view_debrief(user: User, candidate: Candidate) -> bool:
    """By role: the requisition's committee and recruiters, never other interviewers.

    Opening the debrief, or anything built from the scorecards (the packet, the live
    decision), also needs ``can_read_debrief``: this predicate alone says only whether the
    person is told "submit yours first" (403) rather than "not found" (404).
    """
    return can_view_requisition(user, candidate.requisition)


def can_read_debrief(user: User, candidate: Candidate) -> bool:
    """The debrief, the packet and the live decision: by role, and with no interview of the
    candidate still pending for the user (independence holds for every role)."""
    return can_view_debrief(user, candidate) and not has_pending_interview(user, candidate)


def can_record_decision(user: User, candidate: Candidate) -> bool:
    """Only the requisition's committee decides; recruiters and interviewers never do.

    A committee member who still owes a scorecard on the candidate may not decide either
    (views ask ``hiring.committee.submit_first.submit_first_page``, which applies
    ``can_read_debrief``, to say so rather than answer 404).
    """
    return is_on_committee(user, candidate.requisition)


# -- reports --------------------------------------------------------------------------------
#
# The reports show aggregates only. Calibration, agreement and turnaround are for the people
# who judge the process (committee members, recruiters, admins); adverse impact, built from
# voluntary self-identification, for admins and recruiters only. Admins report on every
# requisition, everyone else on the requisitions they work on. Independence holds here too:
# figures built from scores leave out the candidates the viewer still owes a scorecard on.

REPORT_ROLES = ("committee", "recruiter", "admin")
IMPACT_ROLES = ("admin", "recruiter")


def can_view_reports(user: User) -> bool:
    return user.has_role(*REPORT_ROLES)


def can_view_impact(user: User) -> bool:
    """Adverse impact aggregates: never committee members or interviewers."""
    return user.has_role(*IMPACT_ROLES)


def reportable_requisitions(user: User) -> ColumnElement[bool]:
    """The requisitions a user's reports cover, as a WHERE clause on ``Requisition``."""
    if user.has_role("admin"):
        return Requisition.id.is_not(None)
    clauses = []
    if user.has_role("recruiter"):
        clauses.append(Requisition.id.in_(select(requisition_recruiters.c.requisition_id)
                                          .where(requisition_recruiters.c.user_id == user.id)))
    if user.has_role("committee"):
        clauses.append(Requisition.id.in_(select(requisition_committee.c.requisition_id)
                                          .where(requisition_committee.c.user_id == user.id)))
    return or_(*clauses) if clauses else Requisition.id.is_(None)


def without_pending_interview(user: User) -> ColumnElement[bool]:
    """SQL on the (correlated) ``Candidate``: the user holds no pending interview of them.

    Reports built from scores use it so that no one reads colleagues' scores on a
    candidate, even as an average, before writing their own (``has_pending_interview``).
    """
    # Own aliases: the report queries join Interview and Scorecard themselves.
    mine, card = aliased(Interview), aliased(Scorecard)
    submitted = exists().where(card.interview_id == mine.id, card.interviewer_id == user.id,
                               card.status == "submitted")
    return ~exists().where(mine.candidate_id == Candidate.id, mine.interviewer_id == user.id,
                           mine.status != "cancelled", ~submitted)


# -- the submission window ------------------------------------------------------------------

def is_open_for_submission(interview: Interview, now: dt.datetime) -> bool:
    """May a scorecard of the interview be submitted or amended at ``now``?

    Only once its scheduled start has come: a scorecard describes an interview that
    happened. Drafts may be written at any time. Callers pass ``now`` (the service and
    the pages: ``utcnow()``) so that an API or a report applies the same rule.
    """
    return interview.scheduled_at <= now


# -- accounts -------------------------------------------------------------------------------

def must_enrol_mfa(user: User) -> bool:
    """Admins work only with an active second factor: until they set up TOTP, every page
    but its set-up sends them there."""
    return user.has_role("admin") and not (user.totp is not None and user.totp.active)


def can_end_session(user: User, session: UserSession) -> bool:
    """People end only their own sessions; an administrator ends someone else's by
    deactivating the account or setting a new password (both end every session)."""
    return session.user_id == user.id


def can_revoke_token(user: User, token: ApiToken) -> bool:
    """People revoke only their own API tokens; an administrator stops someone else's by
    deactivating the account (no token of an inactive user works)."""
    return token.user_id == user.id


# -- voluntary self-identification -----------------------------------------------------------
#
# No predicate opens a person's answers: they are read only by the aggregate reports
# (hiring.queries.self_identification), never shown per candidate to anyone.

def can_invite_self_identification(user: User, candidate: Candidate) -> bool:
    """The requisition's recruiters create a candidate's one-time link (not once erased)."""
    return can_manage_candidate(user, candidate)


# -- calibration training --------------------------------------------------------------------

def can_take_calibration(user: User) -> bool:
    """Interviewers practise scoring on the calibration exercises."""
    return user.has_role("interviewer")


def can_view_calibration_results(user: User, interviewer: User) -> bool:
    """An interviewer's training results: their own, and every admin (the calibration report
    reads them through hiring.queries.calibration under its own gate)."""
    return user.id == interviewer.id or user.has_role("admin")


# -- rubrics ---------------------------------------------------------------------------------
#
# Rubrics are the process's published rules, read by everyone who uses one. What a version
# is pinned to is not: a requisition's existence and title are shown only to those who may
# see the requisition (no count of the others either, since a count says one exists).

RUBRIC_ROLES = ("interviewer", "committee", "recruiter", "admin")


def can_view_rubrics(user: User) -> bool:
    """The Rubrics area (every rubric, its versions and their diffs): every role that scores,
    decides or recruits with a rubric, and admins."""
    return user.has_role(*RUBRIC_ROLES)


def rubric_pinned_requisitions(user: User) -> ColumnElement[bool]:
    """The requisitions a rubric version's page may name as pinned to it, as a WHERE clause
    on ``Requisition``: admins every one, anyone else those they recruit for or sit on the
    committee of (``can_view_requisition``)."""
    if user.has_role("admin"):
        return Requisition.id.is_not(None)
    return viewable_requisitions(user)

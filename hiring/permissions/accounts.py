"""Accounts, sessions and tokens; self-identification links; calibration training; the
Rubrics area."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from hiring.models import (
    ApiToken,
    Candidate,
    User,
)
from hiring.models.session import UserSession
from hiring.permissions.pipeline import can_manage_candidate, requisitions_in_scope

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
    """People revoke their own API tokens, and administrators anyone's (from the user's
    admin page: a leaked token is stopped without locking its owner out)."""
    return token.user_id == user.id or user.has_role("admin")


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
    return requisitions_in_scope(user)

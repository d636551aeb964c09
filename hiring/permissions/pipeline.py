"""Requisitions, candidates and their documents, and the recruiter's work on interviews."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, or_, select

from hiring.models import (
    Candidate,
    Interview,
    Requisition,
    User,
)
from hiring.models.requisition import requisition_committee, requisition_recruiters

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



def requisitions_in_scope(user: User) -> ColumnElement[bool]:
    """``viewable_requisitions``, and every requisition for admins: the scope of what
    oversees the process without opening a candidate (the reports, the requisitions a
    rubric version's page names)."""
    if user.has_role("admin"):
        return Requisition.id.is_not(None)
    return viewable_requisitions(user)


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

"""The committee's debrief and decision, and the reports on the process."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists
from sqlalchemy.orm import aliased

from hiring.models import (
    Candidate,
    Interview,
    Scorecard,
    User,
)
from hiring.permissions.independence import has_pending_interview
from hiring.permissions.pipeline import (
    can_view_requisition,
    is_on_committee,
    requisitions_in_scope,
)

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
    return requisitions_in_scope(user)


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

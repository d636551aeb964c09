"""Interviews: assigning an interviewer to a candidate's stage, reassigning and cancelling.

Once the interview's scorecard has been submitted, the interview is part of the record:
it can no longer be moved to someone else or cancelled.

An interview's time lies in a sane window around today: at most a year back (an interview
entered after the fact) and two years ahead. A date outside it (year 1, year 9999) is a
typo, and would overflow time-zone arithmetic on the pages that show it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.filters import format_date
from hiring.mail import debrief as debrief_mail
from hiring.mail import invitations
from hiring.models import Candidate, Interview, Scorecard, User
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.users import users_with_role

MAX_MINUTES = 8 * 60
MAX_REASON = 2000
SCHEDULE_PAST = dt.timedelta(days=365)
SCHEDULE_AHEAD = dt.timedelta(days=2 * 365)


def interviewers() -> list[User]:
    """Active users with the interviewer role, by name: whom an interview may be given to."""
    return users_with_role("interviewer")


def has_submitted_scorecard(interview: Interview) -> bool:
    return db.session.scalar(
        select(Scorecard.id).where(Scorecard.interview_id == interview.id,
                                   Scorecard.status == "submitted").limit(1)) is not None


def _facts(interview: Interview) -> dict[str, Any]:
    return {"candidate_id": interview.candidate_id, "stage": interview.stage,
            "interviewer_id": interview.interviewer_id,
            "interviewer": interview.interviewer.email if interview.interviewer else None,
            "scheduled_at": interview.scheduled_at.isoformat(),
            "duration_minutes": interview.duration_minutes}


def _interviewer(interviewer_id: int | None, errors: dict[str, list[str]]) -> User | None:
    user = db.session.get(User, interviewer_id) if interviewer_id else None
    if user is None or not user.active or not user.has_role("interviewer"):
        errors["interviewer"] = ["Choose an active interviewer from the list."]
        return None
    return user


def schedule_problem(scheduled_at: dt.datetime | None, now: dt.datetime,
                     unchanged: dt.datetime | None = None) -> str | None:
    """Why ``scheduled_at`` (aware; None: not representable) cannot be an interview's time,
    or None when it can. The recruiter's form asks too, before converting time zones.

    ``unchanged``: the interview's current time (reassigning), which stays acceptable to the
    minute (the form shows minutes), so that moving an old interview to someone else works.
    """
    earliest, latest = now - SCHEDULE_PAST, now + SCHEDULE_AHEAD
    if scheduled_at is not None and (earliest <= scheduled_at <= latest or (
            unchanged is not None and _minute(scheduled_at) == _minute(unchanged))):
        return None
    return (f"Choose a date between {format_date(earliest)} and {format_date(latest)}: "
            "interviews are scheduled at most a year back and two years ahead.")


def _minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _check_time(scheduled_at: dt.datetime | None, minutes: int | None,
                errors: dict[str, list[str]], unchanged: dt.datetime | None = None) -> None:
    """Field errors for the time and duration (``unchanged``: as for schedule_problem)."""
    if scheduled_at is None or scheduled_at.tzinfo is None:
        errors["scheduled_at"] = ["Enter the date and time of the interview."]
    elif problem := schedule_problem(scheduled_at, utcnow(), unchanged):
        errors["scheduled_at"] = [problem]
    if minutes is None and "stage" in errors:
        return  # the stage's length is unknown; the stage error says what to fix
    if minutes is None or not 0 < minutes <= MAX_MINUTES:
        errors["duration"] = [f"Enter a duration between 1 and {MAX_MINUTES} minutes."]


def _already_assigned(candidate_id: int, stage: str, interviewer_id: int,
                      other_than: int | None = None) -> bool:
    query = select(Interview.id).where(
        Interview.candidate_id == candidate_id, Interview.stage == stage,
        Interview.interviewer_id == interviewer_id, Interview.status != "cancelled")
    if other_than is not None:
        query = query.where(Interview.id != other_than)
    return db.session.scalar(query.limit(1)) is not None


def assign_interview(candidate: Candidate, *, stage: str, interviewer_id: int | None,
                     scheduled_at: dt.datetime | None, duration_minutes: int | None = None,
                     actor: User | None = None) -> Interview:
    """A new interview of ``candidate`` for a stage of the rubric (the stage's length by default).

    A stage may have several interviewers, but one person only once per candidate and stage
    while their interview is not cancelled; the time lies in the schedule window (see the
    module's docstring). Raises ValidationFailed naming the field.
    """
    rubric = candidate.requisition.rubric_version.rubric
    errors: dict[str, list[str]] = {}
    if candidate.status != "active":
        raise ServiceError(f"{candidate.name} has left the pipeline ({candidate.status}): "
                           "move them back to a stage before assigning interviews.")
    rubric_stage = rubric.stage(stage)
    if rubric_stage is None:
        errors["stage"] = ["Choose an interview stage of this requisition's rubric."]
    elif duration_minutes is None:
        duration_minutes = rubric_stage.minutes
    interviewer = _interviewer(interviewer_id, errors)
    _check_time(scheduled_at, duration_minutes, errors)
    if (interviewer is not None and rubric_stage is not None
            and _already_assigned(candidate.id, stage, interviewer.id)):
        errors["interviewer"] = [f"{interviewer.name} already interviews {candidate.name} in "
                                 f"{rubric_stage.name}."]
    if errors:
        raise ValidationFailed(errors)
    interview = Interview(candidate=candidate, stage=stage, interviewer=interviewer,
                          scheduled_at=scheduled_at, duration_minutes=duration_minutes,
                          status="scheduled", created_by_id=actor.id if actor else None)
    db.session.add(interview)
    db.session.flush()
    audit.record("interview.assigned", interview, actor=actor, after=_facts(interview))
    evaluations.refresh_one(candidate)
    invitations.invite_assigned(interview)
    return interview


class InterviewFinal(ServiceError):
    """The interview is part of the record (cancelled, or its scorecard submitted)."""


def ensure_changeable(interview: Interview, action: str) -> None:
    """Raise InterviewFinal, saying why, when the interview can no longer be ``action``.

    ``action`` completes the message: "reassigned", "cancelled". Views call it before
    showing a form; the reassign and cancel services call it themselves.
    """
    if interview.cancelled:
        raise InterviewFinal(f"This interview was cancelled; it cannot be {action}.")
    if has_submitted_scorecard(interview):
        raise InterviewFinal(f"The scorecard of this interview has been submitted; it cannot "
                             f"be {action}.")


def reassign_interview(interview: Interview, *, interviewer_id: int | None,
                       scheduled_at: dt.datetime | None, duration_minutes: int | None,
                       actor: User | None = None) -> bool:
    """Give the interview to another interviewer and/or another time; True when changed.

    Refused (InterviewFinal) once cancelled or once its scorecard is submitted; a new time
    outside the schedule window is a ValidationFailed on ``scheduled_at``.
    """
    ensure_changeable(interview, "reassigned")
    errors: dict[str, list[str]] = {}
    interviewer = _interviewer(interviewer_id, errors)
    _check_time(scheduled_at, duration_minutes, errors, unchanged=interview.scheduled_at)
    if (interviewer is not None and interviewer.id != interview.interviewer_id
            and _already_assigned(interview.candidate_id, interview.stage, interviewer.id,
                                  other_than=interview.id)):
        errors["interviewer"] = [f"{interviewer.name} already interviews this candidate in "
                                 "this stage."]
    if errors:
        raise ValidationFailed(errors)
    before = _facts(interview)
    previous = interview.interviewer
    interview.interviewer = interviewer  # type: ignore[assignment]
    interview.scheduled_at = scheduled_at
    interview.duration_minutes = duration_minutes
    db.session.flush()
    old, new = audit.changes(before, _facts(interview))
    if not new:
        return False
    audit.record("interview.reassigned", interview, actor=actor, before=old, after=new)
    evaluations.refresh_one(interview.candidate)
    invitations.invite_moved(interview, previous)
    return True


def cancel_interview(interview: Interview, reason: str, actor: User | None = None) -> None:
    """Cancel an interview, with the reason on record; refused (InterviewFinal) once final."""
    ensure_changeable(interview, "cancelled")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": ["Say why the interview is cancelled."]})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [f"Use at most {MAX_REASON} characters."]})
    interview.status = "cancelled"
    interview.cancel_reason = reason
    db.session.flush()
    audit.record("interview.cancelled", interview, actor=actor,
                 before={"status": "scheduled"}, after={"status": "cancelled", "reason": reason})
    evaluations.refresh_one(interview.candidate)
    invitations.invite_cancelled(interview)
    # Cancelling the last awaited interview makes the debrief ready as surely as a submit.
    debrief_mail.notify_if_ready(interview.candidate)

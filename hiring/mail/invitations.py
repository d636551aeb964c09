"""Calendar invitations: assigning, moving and cancelling an interview mails the interviewer.

Called by hiring/services/interviews.py after the change is flushed and audited, inside
the same transaction. SEQUENCE is the interview's change count on the audit trail (assigned
= 0, each reassignment or the cancellation +1), so it is never stored twice and never goes
backwards. A reassignment to someone else sends CANCEL to the old interviewer and REQUEST
to the new one; the dedupe key (interview, sequence, person, method) keeps a retried
request from queuing it twice.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from hiring.domain.pipeline import stage_label
from hiring.extensions import db
from hiring.filters import format_datetime
from hiring.mail import calendar
from hiring.mail.compose import absolute_url, compose, mail_domain
from hiring.mail.outbox import enqueue
from hiring.models import AuditEvent, Interview, User

CHANGES = ("interview.assigned", "interview.reassigned", "interview.cancelled")


def sequence(interview: Interview) -> int:
    """How many times the interview changed since it was assigned (its audited changes)."""
    count = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.object_type == "interview", AuditEvent.object_id == str(interview.id),
        AuditEvent.action.in_(CHANGES)))
    return max((count or 0) - 1, 0)


def _invite(interview: Interview, person: User, method: str) -> None:
    number = sequence(interview)
    candidate = interview.candidate
    stage = stage_label(candidate.requisition.rubric_version.rubric, interview.stage)
    link = absolute_url("interviewer.interview", interview_id=interview.id)
    cancelled = method == "CANCEL"
    subject = (f"Cancelled: {stage} with {candidate.name}" if cancelled
               else f"Interview: {stage} with {candidate.name}, "
                    f"{format_datetime(interview.scheduled_at)}")
    ics = calendar.invitation(
        uid=calendar.interview_uid(interview.id, mail_domain()), sequence=number,
        method=method, summary=f"Interview: {stage} with {candidate.name}",
        description=f"Interview kit and scorecard: {link}", url=link,
        starts=interview.scheduled_at, ends=interview.ends_at,
        organizer=str(current_app.config["MAIL_FROM"]), attendee=person.email,
        attendee_name=person.name)
    letter = compose("invitation", subject, calendar=ics, calendar_method=method,
                     person=person, candidate=candidate, stage=stage, interview=interview,
                     link=link, cancelled=cancelled,
                     starts=format_datetime(interview.scheduled_at))
    enqueue("invitation", person, letter,
            dedupe_key=f"invite:{interview.id}:{number}:{person.id}:{method}",
            candidate_id=candidate.id, interview_id=interview.id)


def invite_assigned(interview: Interview) -> None:
    """A new interview: METHOD:REQUEST to its interviewer."""
    _invite(interview, interview.interviewer, "REQUEST")


def invite_moved(interview: Interview, previous: User | None) -> None:
    """A new time and/or interviewer: CANCEL to ``previous`` when someone else holds it now,
    REQUEST (the new version) to whoever holds it."""
    if previous is not None and previous.id != interview.interviewer_id:
        _invite(interview, previous, "CANCEL")
    _invite(interview, interview.interviewer, "REQUEST")


def invite_cancelled(interview: Interview) -> None:
    """The interview is off: METHOD:CANCEL to its interviewer."""
    _invite(interview, interview.interviewer, "CANCEL")

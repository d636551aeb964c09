"""Scorecard reminders: the first an hour after the interview ended, then every 24 hours,
at most ``REMINDER_MAX``; and one sent by hand from the overdue page.

Only while a scorecard is owed (``hiring.queries.overdue.scorecard_owed``: not cancelled, no
standing decision, not erased, not submitted by the interviewer who holds it now): the same
rule as the overdue page and the interviewer's queue. The n-th automatic reminder has the
dedupe key ``reminder:<interview>:<interviewer>:<n>``, so however many ``hiring remind`` runs
overlap, each reminder is queued once; the next is due 24 hours after the previous one was
queued (a run missed for a day sends one late reminder, not a burst). A reassigned interview
starts a new series for its new interviewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from hiring.domain.pipeline import stage_label
from hiring.extensions import db
from hiring.filters import format_datetime
from hiring.mail.compose import absolute_url, compose
from hiring.mail.outbox import Letter, enqueue
from hiring.models import Candidate, Interview, OutboxMessage
from hiring.queries.overdue import scorecard_owed
from hiring.services.errors import ServiceError

FIRST_AFTER = dt.timedelta(hours=1)
EVERY = dt.timedelta(hours=24)


def due_reminders(now: dt.datetime) -> Iterator[tuple[Interview, int]]:
    """(interview, number of the reminder due now) for every interview that needs one."""
    limit = int(current_app.config["REMINDER_MAX"])
    queued = (select(OutboxMessage.interview_id, OutboxMessage.recipient_id,
                     func.count(OutboxMessage.id).label("count"),
                     func.max(OutboxMessage.created_at).label("last"))
              .where(OutboxMessage.kind == "reminder")
              .group_by(OutboxMessage.interview_id, OutboxMessage.recipient_id).subquery())
    rows = db.session.execute(
        select(Interview, queued.c.count, queued.c.last)
        .outerjoin(queued, and_(queued.c.interview_id == Interview.id,
                                queued.c.recipient_id == Interview.interviewer_id))
        .where(Interview.ends_at <= now - FIRST_AFTER, scorecard_owed())
        .options(joinedload(Interview.candidate).joinedload(Candidate.requisition),
                 joinedload(Interview.interviewer))
        .order_by(Interview.ends_at, Interview.id))
    for interview, count, last in rows:
        count = count or 0
        if count >= limit or not interview.interviewer.active:
            continue
        if count and last + EVERY > now:
            continue
        yield interview, count + 1


def _letter(interview: Interview, number: int | None, limit: int) -> Letter:
    candidate = interview.candidate
    stage = stage_label(candidate.requisition.rubric_version.rubric, interview.stage)
    return compose("reminder", f"Scorecard due: {stage} with {candidate.name}",
                   person=interview.interviewer, candidate=candidate, stage=stage,
                   ended=format_datetime(interview.ends_at), number=number, limit=limit,
                   link=absolute_url("interviewer.interview", interview_id=interview.id))


def queue_reminders(now: dt.datetime) -> int:
    """Queue every reminder due at ``now`` (flush only); returns how many were queued.

    A reminder another run queued meanwhile is skipped by its dedupe key, not counted.
    """
    limit = int(current_app.config["REMINDER_MAX"])
    queued = 0
    for interview, number in list(due_reminders(now)):
        queued += enqueue(
            "reminder", interview.interviewer, _letter(interview, number, limit),
            dedupe_key=f"reminder:{interview.id}:{interview.interviewer_id}:{number}",
            candidate_id=interview.candidate_id, interview_id=interview.id)
    return queued


def remind_by_hand(interview: Interview, now: dt.datetime) -> bool:
    """A recruiter's reminder from the overdue page; False when one was queued this hour.

    The hour is part of the dedupe key: a double click, or two recruiters at once, queue
    one mail. Raises ServiceError when no scorecard is owed or the interview has not ended.
    """
    owed = db.session.scalar(select(Interview.id).where(Interview.id == interview.id,
                                                        scorecard_owed()))
    if owed is None:
        raise ServiceError("No scorecard is owed for this interview any more.")
    if interview.ends_at > now:
        raise ServiceError("The interview has not ended yet.")
    limit = int(current_app.config["REMINDER_MAX"])
    return enqueue("reminder-manual", interview.interviewer, _letter(interview, None, limit),
                   dedupe_key=f"reminder-manual:{interview.id}:{interview.interviewer_id}:"
                              f"{now:%Y%m%d%H}",
                   candidate_id=interview.candidate_id, interview_id=interview.id)

"""The outbox: writing messages with their cause, claiming due ones, recording outcomes.

``enqueue`` only adds a row to the caller's transaction; the view or command commits it with
the event. A message with a ``dedupe_key`` is inserted with ON CONFLICT DO NOTHING on both
databases: when two runs race to queue the same reminder, the second inserts nothing and is
told so, and neither fails.

Claiming is a short transaction of its own that moves due rows to "sending" with a lease
(``claimed_until``), so the SMTP conversation never holds a database lock. On PostgreSQL the
rows are selected ``FOR UPDATE SKIP LOCKED`` (a second sender takes other rows instead of
waiting); on SQLite the command's transaction begins IMMEDIATE (hiring/database.py), so
claims are serialised. A sender that dies mid-send leaves its rows due again once the lease
ends: a message may then go out twice, never zero times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import OutboxMessage, User

CLAIM_LEASE = dt.timedelta(minutes=10)
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=6)
MAX_ERROR = 2000


@dataclass(frozen=True)
class Letter:
    """A composed message: subject, text and HTML bodies, an optional calendar part."""

    subject: str
    text: str
    html: str
    calendar: str = ""
    calendar_method: str = ""


def enqueue(kind: str, recipient: User, letter: Letter, *, dedupe_key: str | None = None,
            candidate_id: int | None = None, interview_id: int | None = None) -> bool:
    """Add a message for ``recipient`` to the outbox in the current transaction.

    Returns False when a message with ``dedupe_key`` exists already (nothing is added), True
    otherwise. Never commits: the message is kept or dropped with the event that caused it.
    """
    now = utcnow()
    values = {
        "kind": kind, "dedupe_key": dedupe_key, "recipient_id": recipient.id,
        "to_address": recipient.email, "subject": letter.subject[:300],
        "text_body": letter.text, "html_body": letter.html, "calendar": letter.calendar,
        "calendar_method": letter.calendar_method, "candidate_id": candidate_id,
        "interview_id": interview_id, "state": "queued", "attempts": 0,
        "next_attempt_at": now, "last_error": "", "created_at": now,
    }
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OutboxMessage).values(**values)
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    db.session.flush()  # pending ORM rows first, so that the order of writes is kept
    # RETURNING rather than rowcount: an ORM insert's rowcount is not reliable everywhere.
    return db.session.execute(statement.returning(OutboxMessage.id)).first() is not None


def due() -> ColumnElement[bool]:
    """WHERE clause: queued and due, or claimed by a sender whose lease has run out."""
    now = utcnow()
    return or_(and_(OutboxMessage.state == "queued", OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.state == "sending", OutboxMessage.claimed_until < now))


def claim(limit: int, until: dt.datetime | None = None) -> list[int]:
    """Move up to ``limit`` due messages to "sending" and return their ids, oldest first.

    ``until`` is the lease's end (now + CLAIM_LEASE unless given); it doubles as the claim's
    token: ``renew`` extends a lease only while the row still holds the value its claimer
    set. Flushes only; the caller commits at once, so that the claim is visible (and the row
    locks released) before any message is sent.
    """
    ids = list(db.session.scalars(
        select(OutboxMessage.id).where(due())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit).with_for_update(skip_locked=True)))
    if ids:
        until = until or utcnow() + CLAIM_LEASE
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            message.state, message.claimed_until = "sending", until
        db.session.flush()
    return ids


def renew(message_id: int, mine: dt.datetime) -> dt.datetime | None:
    """Extend the lease of a message this sender claimed, atomically; the new lease end, or
    None when the claim is no longer this sender's (its lease ran out during a long pass and
    another pass claimed the row, or an admin retried it): then it must not be sent here.

    One UPDATE guarded by the lease end this sender set (a timestamp no other claim repeats),
    so two passes can never both renew the same claim. Flushes only; commit at once.
    """
    until = utcnow() + CLAIM_LEASE
    if until <= mine:  # the clock went back: keep the token distinct from the old one
        until = mine + dt.timedelta(microseconds=1)
    renewed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.state == "sending",
               OutboxMessage.claimed_until == mine)
        .values(claimed_until=until)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)).first()
    return until if renewed is not None else None


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4, ... minutes, up to 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def mark_sent(message: OutboxMessage) -> None:
    message.state, message.sent_at, message.claimed_until = "sent", utcnow(), None
    message.attempts += 1
    message.last_error = ""


def mark_failed(message: OutboxMessage, error: str, max_attempts: int) -> None:
    """Record a failed attempt: due again after the backoff, or "failed" after the last one."""
    message.attempts += 1
    message.last_error = error[:MAX_ERROR]
    message.claimed_until = None
    if message.attempts >= max_attempts:
        message.state = "failed"
    else:
        message.state = "queued"
        message.next_attempt_at = utcnow() + backoff(message.attempts)


def retry(message: OutboxMessage) -> None:
    """An admin asks for another try now (after a "failed", or to skip the backoff)."""
    if message.state == "failed":
        message.attempts = 0  # a fresh series of attempts
    message.state, message.next_attempt_at, message.claimed_until = "queued", utcnow(), None


def forget_candidate(candidate_id: int) -> int:
    """Delete every message about the candidate (erasure); returns how many were deleted."""
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.candidate_id == candidate_id)
        .execution_options(synchronize_session=False)).rowcount


def state_counts() -> dict[str, int]:
    return dict(db.session.execute(  # type: ignore[arg-type]
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())


def messages_by_state(states: Sequence[str]) -> Select[tuple[OutboxMessage]]:
    """The admin list's query: newest first, narrowed to ``states`` when given."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                           OutboxMessage.id.desc())
    return query.where(OutboxMessage.state.in_(list(states))) if states else query

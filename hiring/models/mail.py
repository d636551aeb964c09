"""The mail outbox: every message is stored here, in the transaction of the event that causes
it, before anything is sent.

A message written with its cause can never be lost by a crash between the two, and an SMTP
server that is down only delays it: ``hiring mail send`` claims due messages, sends them and
records the outcome (``hiring.mail.sender``). ``dedupe_key`` is unique where a message must
never go out twice (a reminder, an invitation's version, a candidate's readiness): two
overlapping runs that both try to queue it leave one row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

MAIL_STATES = ("queued", "sending", "sent", "failed")
MAIL_KINDS = ("reminder", "reminder-manual", "invitation", "debrief-ready", "account-invite",
              "password-reset")


class OutboxMessage(db.Model):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint(f"state IN {MAIL_STATES!r}", name="known_state"),
        CheckConstraint(f"kind IN {MAIL_KINDS!r}", name="known_kind"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_mail_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_mail_outbox_interview_kind", "interview_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Unique where it is set (NULLs never clash): e.g. "reminder:<interview>:<user>:<n>".
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # An iCalendar attachment and its METHOD (REQUEST, CANCEL); empty for plain mails.
    calendar: Mapped[str] = mapped_column(Text, default="")
    calendar_method: Mapped[str] = mapped_column(String(10), default="")
    # The candidate the message is about: erasing them deletes their messages.
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # While "sending": the claim ends then; a sender that died leaves it due again after.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"

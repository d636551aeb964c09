"""Interviews: a candidate x stage x interviewer, at a scheduled time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.models.candidate import Candidate
from hiring.models.user import User

INTERVIEW_STATUSES = ("scheduled", "cancelled")


class Interview(db.Model):
    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint(f"status IN {INTERVIEW_STATUSES!r}", name="known_status"),
        CheckConstraint("duration_minutes > 0", name="positive_duration"),
        # An interviewer's interviews by status and start, with the candidate: the owed count
        # on every page an interviewer opens reads the index alone.
        Index("ix_interviews_interviewer_queue", "interviewer_id", "status", "scheduled_at",
              "candidate_id"),
        Index("ix_interviews_status_ends_at", "status", "ends_at"),
        CheckConstraint("ends_at >= scheduled_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(64))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scheduled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column()
    # scheduled_at + duration, stored so that "ended more than N hours ago" is one indexed
    # comparison on every database; kept in step by _keep_end_in_step below.
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship()
    interviewer: Mapped[User] = relationship(foreign_keys=[interviewer_id])

    @validates("scheduled_at", "duration_minutes")
    def _keep_end_in_step(self, key: str, value: object) -> object:
        start = value if key == "scheduled_at" else self.scheduled_at
        minutes = value if key == "duration_minutes" else self.duration_minutes
        if isinstance(start, dt.datetime) and isinstance(minutes, int):
            self.ends_at = start + dt.timedelta(minutes=minutes)
        return value

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def __repr__(self) -> str:
        return f"<Interview {self.id} {self.stage} by {self.interviewer_id}>"

"""Interviews: a candidate x stage x interviewer, at a scheduled time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
        Index("ix_interviews_interviewer_status", "interviewer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(64))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scheduled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship()
    interviewer: Mapped[User] = relationship(foreign_keys=[interviewer_id])

    @property
    def ends_at(self) -> dt.datetime:
        return self.scheduled_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def __repr__(self) -> str:
        return f"<Interview {self.id} {self.stage} by {self.interviewer_id}>"

"""Requisitions: an opening, pinned to the rubric version it is assessed with."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.models.rubric_version import RubricVersion
from hiring.models.user import User

REQUISITION_STATUSES = ("open", "closed")
# When an interviewer may read colleagues' submitted scorecards for a candidate.
VISIBILITY_POLICIES = ("after_submit", "never", "always")
# Each policy as it reads after "Interviewers see colleagues' scorecards:".
VISIBILITY_LABELS = {
    "after_submit": "After submitting their own",
    "never": "Never (only the committee reads them)",
    "always": "Always",
}

requisition_recruiters = Table(
    "requisition_recruiters", db.metadata,
    Column("requisition_id", ForeignKey("requisitions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)
requisition_committee = Table(
    "requisition_committee", db.metadata,
    Column("requisition_id", ForeignKey("requisitions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Requisition(db.Model):
    __tablename__ = "requisitions"
    __table_args__ = (
        CheckConstraint(f"status IN {REQUISITION_STATUSES!r}", name="known_status"),
        CheckConstraint(f"scorecard_visibility IN {VISIBILITY_POLICIES!r}",
                        name="known_visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    scorecard_visibility: Mapped[str] = mapped_column(String(20), default="after_submit")
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    hiring_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Stage ids whose interviewers should be calibrated (hiring.domain.calibration_exercise):
    # assigning someone who is not is allowed, with a warning.
    calibrated_stages: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"))

    # Every relationship loads lazily: a query that needs one says so with
    # ``joinedload``/``selectinload`` (eager defaults cost every page that never shows them).
    rubric_version: Mapped[RubricVersion] = relationship()
    hiring_manager: Mapped[User | None] = relationship(foreign_keys=[hiring_manager_id])
    recruiters: Mapped[list[User]] = relationship(
        secondary=requisition_recruiters, order_by=User.name)
    committee: Mapped[list[User]] = relationship(
        secondary=requisition_committee, order_by=User.name)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def __repr__(self) -> str:
        return f"<Requisition {self.id} {self.title!r}>"

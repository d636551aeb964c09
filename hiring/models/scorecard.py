"""Scorecards: one per interview and interviewer, with scores, red flags and revisions.

Scores reference rubric criterion ids, never list positions. ``lock_version`` is an
optimistic lock: a save carrying an older value is stale and is refused, not merged.
Every submission (the first and each amendment) is kept as a revision, so the debrief can
show what changed after the first submission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.domain.votes import VOTES, Vote
from hiring.extensions import db
from hiring.models.interview import Interview
from hiring.models.rubric_version import RubricVersion
from hiring.models.user import User

SCORECARD_STATUSES = ("draft", "submitted")


class Scorecard(db.Model):
    __tablename__ = "scorecards"
    __table_args__ = (
        UniqueConstraint("interview_id", "interviewer_id", name="uq_scorecards_interview_author"),
        CheckConstraint(f"status IN {SCORECARD_STATUSES!r}", name="known_status"),
        CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL",
                        name="submitted_has_time"),
        CheckConstraint(f"recommendation IN {VOTES!r}", name="known_recommendation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    summary: Mapped[str] = mapped_column(Text, default="")
    # The holistic vote (hiring.domain.votes): shown beside the formula, never part of it.
    recommendation: Mapped[str] = mapped_column(String(16), default="none",
                                                server_default=text("'none'"))
    revision: Mapped[int] = mapped_column(default=0)  # submitted revisions so far
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    first_submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    interview: Mapped[Interview] = relationship()
    interviewer: Mapped[User] = relationship()
    rubric_version: Mapped[RubricVersion] = relationship()
    # Lazy: the queries that read them (the engine's, the kit's) ``selectinload`` them.
    scores: Mapped[list[ScorecardScore]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ScorecardScore.id")
    flags: Mapped[list[ScorecardFlag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ScorecardFlag.id")
    revisions: Mapped[list[ScorecardRevision]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ScorecardRevision.number")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def vote(self) -> Vote:
        return Vote(self.recommendation)

    def score_for(self, criterion_id: str) -> ScorecardScore | None:
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)

    def content(self) -> dict[str, Any]:
        """What the scorecard says, in the form kept by each revision (to compare them)."""
        return {
            "scores": {s.criterion_id: {"score": s.score, "not_assessed": s.not_assessed,
                                        "not_assessed_reason": s.not_assessed_reason,
                                        "evidence": s.evidence}
                       for s in self.scores},
            "flags": [{"id": f.flag_id, "label": f.label, "note": f.note} for f in self.flags],
            "summary": self.summary,
            "recommendation": self.recommendation,
        }

    def __repr__(self) -> str:
        return f"<Scorecard {self.id} {self.status} r{self.revision}>"


class ScorecardScore(db.Model):
    __tablename__ = "scorecard_scores"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "criterion_id", name="uq_scorecard_scores_criterion"),
        CheckConstraint("score IS NULL OR (NOT not_assessed AND not_assessed_reason = '')",
                        name="score_or_not_assessed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    criterion_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[int | None] = mapped_column()
    # Chosen apart from its reason, so a draft keeps the choice before the reason is typed.
    not_assessed: Mapped[bool] = mapped_column(default=False)
    not_assessed_reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")



class ScorecardFlag(db.Model):
    """A red flag ticked on a scorecard: a rubric flag (``flag_id``) or free text (NULL id)."""

    __tablename__ = "scorecard_flags"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "flag_id", name="uq_scorecard_flags_flag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    flag_id: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ScorecardRevision(db.Model):
    """What a scorecard said when submitted (revision 1) or amended (2, 3, ...)."""

    __tablename__ = "scorecard_revisions"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "number", name="uq_scorecard_revisions_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    submitted_by: Mapped[User | None] = relationship()

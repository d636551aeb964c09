"""The committee's recorded decision: a person decides, the engine only recommends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.domain.decision import Outcome
from hiring.extensions import db
from hiring.models.candidate import Candidate
from hiring.models.user import User

DECISIONS = ("offer", "no_offer", "hold")
DECISION_LABELS = {"offer": "Offer", "no_offer": "No offer", "hold": "Hold (more interviews)"}


class CommitteeDecision(db.Model):
    __tablename__ = "committee_decisions"
    __table_args__ = (
        CheckConstraint(f"decision IN {DECISIONS!r}", name="known_decision"),
        CheckConstraint("NOT is_override OR override_justification <> ''",
                        name="override_is_justified"),
        CheckConstraint("reopened_at IS NULL OR reopen_reason <> ''", name="reopen_has_reason"),
        # At most one standing (not reopened) decision per candidate.
        Index("uq_committee_decisions_standing", "candidate_id", unique=True,
              sqlite_where=text("reopened_at IS NULL"),
              postgresql_where=text("reopened_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text)
    # What the engine recommended when the decision was recorded.
    engine_outcome: Mapped[str] = mapped_column(String(12))
    engine_score: Mapped[str | None] = mapped_column(String(64))  # exact fraction text
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    is_override: Mapped[bool] = mapped_column(default=False)
    override_justification: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    candidate: Mapped[Candidate] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])

    @property
    def standing(self) -> bool:
        return self.reopened_at is None

    @property
    def label(self) -> str:
        return DECISION_LABELS[self.decision]

    @property
    def recommendation(self) -> Outcome:
        """What the engine recommended when the decision was recorded."""
        return Outcome(self.engine_outcome)

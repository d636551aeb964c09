"""A candidate's evaluation summary: the engine's figures, stored for the committee index.

Derived data, kept honest (see ``hiring.services.evaluations``): every write that changes
what a candidate's debrief shows recomputes this row in the same transaction, from scratch,
through the same engine path the debrief uses; ``hiring evaluations verify`` compares the
stored rows with a live recompute. A candidate without a row is simply evaluated live.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.domain.decision import Outcome
from hiring.extensions import db

OUTCOMES = tuple(o.value for o in Outcome)


class CandidateEvaluation(db.Model):
    __tablename__ = "candidate_evaluations"
    __table_args__ = (
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="known_outcome"),
        # The weighted score is a fraction in lowest terms, or absent as a whole.
        CheckConstraint("(score_numerator IS NULL AND score_denominator IS NULL) OR "
                        "(score_numerator IS NOT NULL AND score_denominator > 0)",
                        name="whole_score"),
        CheckConstraint("submitted >= 0 AND awaited >= 0", name="counts_not_negative"),
    )

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True,
        autoincrement=False)
    outcome: Mapped[str] = mapped_column(String(12))
    # The exact weighted score (null when nothing is scored): never a float, so that a
    # 3.995 can never be stored, or shown, as meeting a bar of 4.00.
    score_numerator: Mapped[int | None] = mapped_column(BigInteger)
    score_denominator: Mapped[int | None] = mapped_column(BigInteger)
    submitted: Mapped[int] = mapped_column()  # submitted scorecards the engine counted
    awaited: Mapped[int] = mapped_column()  # live interviews without a submitted scorecard
    # sha256 hex of everything the debrief and the packet show (DebriefView's fingerprint):
    # the packet cache keys on it without building the debrief.
    fingerprint: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def weighted_score(self) -> Fraction | None:
        if self.score_numerator is None or self.score_denominator is None:
            return None
        return Fraction(self.score_numerator, self.score_denominator)

    @property
    def engine_outcome(self) -> Outcome:
        return Outcome(self.outcome)

    def __repr__(self) -> str:
        return f"<CandidateEvaluation {self.candidate_id} {self.outcome}>"

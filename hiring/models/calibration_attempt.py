"""An interviewer's attempt at a calibration exercise, kept with the gold scores it met.

The gold scores are copied in when the attempt is stored, so editing an exercise file
later never changes a result already shown (``exercise_version`` says which text it was).
The results belong to the interviewer: read by them, by admins and by the calibration
report (``hiring.queries.calibration``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.domain.calibration_exercise import AttemptResult, compare
from hiring.extensions import db
from hiring.models.user import User


class CalibrationAttempt(db.Model):
    __tablename__ = "calibration_attempts"
    __table_args__ = (
        Index("ix_calibration_attempts_user_rubric_stage", "user_id", "rubric_key", "stage_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(64))
    exercise_version: Mapped[str] = mapped_column(String(64))
    rubric_key: Mapped[str] = mapped_column(String(64))
    stage_id: Mapped[str] = mapped_column(String(64))
    # {criterion id: {"score": int | None, "not_assessed": bool, "reason": str,
    #  "evidence": str}}, as the scorecard form sent it.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    gold: Mapped[dict[str, int]] = mapped_column(JSON)  # {criterion id: gold score}
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    def given(self) -> dict[str, int | None]:
        return {cid: entry.get("score") for cid, entry in self.answers.items()}

    @property
    def result(self) -> AttemptResult:
        return compare(self.gold, self.given())

    def __repr__(self) -> str:
        return f"<CalibrationAttempt {self.id} {self.exercise_id} by {self.user_id}>"

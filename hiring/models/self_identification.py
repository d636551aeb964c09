"""Voluntary self-identification (gender, race/ethnicity) and the one-time links that ask for it.

Kept in its own tables, apart from the candidate record, so that no page or query about a
candidate reaches it by accident: only ``hiring.queries.self_identification`` reads it, and
only for the aggregate reports (the four-fifths rule). Rows go with the candidate (ON DELETE
CASCADE) and are deleted when the candidate's data is erased.

Race/ethnicity uses the EEO-1 categories; every question has "decline to answer".
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

DECLINED = "declined"
# (stored value, label shown on the form and in the reports), in the form's order.
GENDERS = (
    ("female", "Female"),
    ("male", "Male"),
    ("another", "Another gender identity"),
    (DECLINED, "Decline to answer"),
)
RACES_ETHNICITIES = (
    ("hispanic_latino", "Hispanic or Latino"),
    ("white", "White"),
    ("black", "Black or African American"),
    ("pacific_islander", "Native Hawaiian or Other Pacific Islander"),
    ("asian", "Asian"),
    ("american_indian", "American Indian or Alaska Native"),
    ("two_or_more", "Two or More Races"),
    (DECLINED, "Decline to answer"),
)
GENDER_VALUES = tuple(value for value, _ in GENDERS)
RACE_VALUES = tuple(value for value, _ in RACES_ETHNICITIES)
INVITATION_DAYS = 14  # how long a link stays valid unless the caller says otherwise


class SelfIdentification(db.Model):
    """One candidate's answers; a later answer (through a new link) replaces the earlier one."""

    __tablename__ = "self_identifications"
    __table_args__ = (
        CheckConstraint(f"gender IN {GENDER_VALUES!r}", name="known_gender"),
        CheckConstraint(f"race_ethnicity IN {RACE_VALUES!r}", name="known_race_ethnicity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    gender: Mapped[str] = mapped_column(String(32), default=DECLINED)
    race_ethnicity: Mapped[str] = mapped_column(String(32), default=DECLINED)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SelfIdInvitation(db.Model):
    """A one-time link. Only the SHA-256 of its random token is stored: whoever reads the
    database cannot answer in the candidate's name (a slow hash adds nothing for 256 bits)."""

    __tablename__ = "self_id_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def state(self, now: dt.datetime) -> str:
        """"used", "expired" or "open"."""
        if self.used_at is not None:
            return "used"
        return "expired" if self.expires_at <= now else "open"

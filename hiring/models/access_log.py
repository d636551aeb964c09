"""Who read which candidate's data, and when (GDPR Art. 30 records of processing).

Kept apart from the append-only audit trail: reads are many, and a row names the candidate
only by id, so erasing a candidate leaves this log as it is and still meaningful. Ids are
plain integers (no foreign keys) so that neither a deleted account nor a deleted requisition
rewrites or removes the record of who looked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

ACCESS_KINDS = ("candidate", "debrief", "packet", "document")
ACCESS_LABELS = {"candidate": "Candidate page", "debrief": "Debrief", "packet": "PDF packet",
                 "document": "Document"}


class AccessRecord(db.Model):
    __tablename__ = "access_records"
    __table_args__ = (
        CheckConstraint(f"kind IN {ACCESS_KINDS!r}", name="known_kind"),
        Index("ix_access_records_candidate_at", "candidate_id", "at"),
        Index("ix_access_records_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column()  # users.id; None: the command line
    candidate_id: Mapped[int] = mapped_column()  # candidates.id
    kind: Mapped[str] = mapped_column(String(16))

    @property
    def label(self) -> str:
        return ACCESS_LABELS[self.kind]

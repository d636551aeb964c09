"""Documents attached to a candidate (résumés, work samples): PDF files kept in the database.

The bytes live in the ``data`` column, not on a disk, so that several app servers on one
PostgreSQL serve the same files with no shared storage and a database backup holds them too.
``data`` is deferred: lists, the kit and the packet read the other columns only, and the
bytes are loaded when one document is served. Rows go with the candidate (ON DELETE
CASCADE) and are deleted when the candidate's data is erased.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.models.user import User

PDF = "application/pdf"


class CandidateDocument(db.Model):
    __tablename__ = "candidate_documents"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size_not_negative"),
        CheckConstraint(f"content_type IN ('{PDF}')", name="known_content_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # sanitised, for display and download
    content_type: Mapped[str] = mapped_column(String(100), default=PDF)
    size: Mapped[int] = mapped_column(Integer)  # bytes
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<CandidateDocument {self.id} of candidate {self.candidate_id}>"

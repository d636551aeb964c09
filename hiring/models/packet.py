"""Rendered PDF packets, cached by the hash of everything they show."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db


class Packet(db.Model):
    __tablename__ = "packets"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleting a candidate deletes their packets: generated PDFs are personal data too.
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    cache_key: Mapped[str] = mapped_column(String(64), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pages: Mapped[int] = mapped_column()
    byte_size: Mapped[int] = mapped_column()
    render_seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Rendered PDF packets, cached by the hash of everything they show, and the jobs that make
them for the web."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
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


PACKET_JOB_STATES = ("queued", "rendering", "ready", "failed")


class PacketJob(db.Model):
    """A packet asked for on the web and made in the background, with the state its page shows.

    One row per request that missed the cache; the person's previous jobs for the candidate
    are replaced by a new one. ``cache_key`` is the packet the job made (or found), so the
    download can tell its asker "rendered for you" once (``delivered_at``).
    """

    __tablename__ = "packet_jobs"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'rendering', 'ready', 'failed')", name="known_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                 index=True)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    reason: Mapped[str | None] = mapped_column(String(500))
    cache_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

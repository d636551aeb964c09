"""Candidates and their moves through the pipeline (time in stage comes from the moves)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hiring.database import UTCDateTime, utcnow
from hiring.domain.pipeline import status_of
from hiring.domain.search import record_key
from hiring.extensions import db
from hiring.models.requisition import Requisition
from hiring.models.user import User


class Candidate(db.Model):
    __tablename__ = "candidates"
    # Per requisition and stage, longest in the stage first: the counts per stage, and the
    # committee index's "ten longest waiting in debrief" read as index range scans.
    # Newest first, with the requisition to filter on: the candidate list's default page.
    __table_args__ = (Index("ix_candidates_stage_queue", "requisition_id", "stage",
                            "stage_entered_at", "id"),
                      Index("ix_candidates_newest", "created_at", "id", "requisition_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    source: Mapped[str] = mapped_column(String(120), default="")
    links: Mapped[str] = mapped_column(Text, default="")  # one URL per line
    notes: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(64), default="applied", index=True)
    stage_entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when the candidate's personal data was erased: the row stays as a tombstone.
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Name and email folded for search (``hiring.domain.search.record_key``); derived, kept
    # by ``_keep_search_key`` on every assignment, so erasure blanks it with the name.
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")

    requisition: Mapped[Requisition] = relationship()
    moves: Mapped[list[StageMove]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True,
        order_by="StageMove.moved_at")

    @validates("name", "email")
    def _keep_search_key(self, field: str, value: str) -> str:
        """Every write of the name or email (services, erasure, demo, the API) refolds the
        key in the same flush: no code path can leave it stale."""
        self.search_key = record_key(value if field == "name" else self.name,
                                     value if field == "email" else self.email)
        return value

    @property
    def status(self) -> str:
        return status_of(self.stage)

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Candidate {self.id} {self.name!r}>"


class StageMove(db.Model):
    __tablename__ = "stage_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(64))
    to_stage: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    # Rounds this move left or jumped over with interviews that had no submitted scorecard,
    # as {"round", "name", "unscored": [stage ids], "skipped", "confirmed"}: the record of a
    # recruiter confirming the move (or skipping an optional round).
    passed_rounds: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"))
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="moves")
    moved_by: Mapped[User | None] = relationship()

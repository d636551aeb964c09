"""A candidate's documents as plain rows: the candidate page, the kit and the debrief (and
so the packet and its cache key) list them without loading a single file's bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from hiring.domain.documents import show_size
from hiring.extensions import db
from hiring.models import CandidateDocument


@dataclass(frozen=True)
class DocumentRow:
    id: int
    filename: str
    size: int  # bytes
    uploaded_at: dt.datetime

    @property
    def shown_size(self) -> str:
        return show_size(self.size)


def document_rows(candidate_id: int) -> tuple[DocumentRow, ...]:
    """The candidate's documents, oldest first (one SELECT, never the ``data`` column)."""
    rows = db.session.execute(
        select(CandidateDocument.id, CandidateDocument.filename, CandidateDocument.size,
               CandidateDocument.uploaded_at)
        .where(CandidateDocument.candidate_id == candidate_id)
        .order_by(CandidateDocument.uploaded_at, CandidateDocument.id))
    return tuple(DocumentRow(*row) for row in rows)

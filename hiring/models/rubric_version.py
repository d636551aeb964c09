"""Immutable rubric versions: each distinct rubric content is stored once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import rubric_from_snapshot
from hiring.extensions import db


class RubricVersion(db.Model):
    __tablename__ = "rubric_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_key: Mapped[str] = mapped_column(String(64), index=True)  # the rubric's own id
    version: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the content
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))
    # Deferred: the parsed rubric is cached per process by version, so pages that join a
    # requisition's rubric version never need to load or parse the JSON again.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def short_version(self) -> str:
        return self.version[:12]

    @property
    def rubric(self) -> Rubric:
        """The parsed rubric; parsed once per process, since a version never changes."""
        rubric = _PARSED.get(self.version)
        if rubric is None:
            rubric = rubric_from_snapshot(self.snapshot, f"rubric version {self.short_version}")
            if rubric.version != self.version:
                raise ValueError(f"stored rubric {self.short_version} does not match its content")
            _PARSED[self.version] = rubric
        return rubric

    def __repr__(self) -> str:
        return f"<RubricVersion {self.rubric_key}@{self.short_version}>"



_PARSED: dict[str, Rubric] = {}

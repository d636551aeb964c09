"""What a report page shows: an introduction, summary charts, and its tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from hiring.reports.tables import Table

DASH = "—"  # a figure that does not exist (never 0, which would be a figure)


@dataclass(frozen=True)
class Report:
    key: str  # its endpoint: reports.<key>
    title: str
    intro: str
    tables: Sequence[Table]
    charts: Sequence[Markup] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)


def or_dash(value: str | None) -> str:
    return DASH if value is None else value

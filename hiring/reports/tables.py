"""A report table: the same cells on the page and in its CSV download."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from hiring.domain.analytics import csv_safe

# Cells shown as a badge on the page, with the existing badge colour each takes.
_OK, _WARN, _BAD, _MUTED = "status-open", "status-draft", "status-rejected", "status-closed"
BADGES = {"lenient": _WARN, "severe": _WARN, "calibrated": _OK, "too few to tell": _MUTED,
          "good": _OK, "tentative": _WARN, "poor": _BAD, "no value": _MUTED,
          "flagged": _BAD, "not flagged": _OK}
# Cells that are no figure: shown quietly, so the figures stand out.
QUIET = frozenset({"suppressed", "—", "not yet"})


@dataclass(frozen=True)
class Table:
    """Rows of display text under headers; ``charts`` (one per row, or none) show on the page
    only. ``numeric`` marks right-aligned columns."""

    id: str
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    caption: str = ""
    numeric: frozenset[int] = frozenset()
    charts: Sequence[Markup | None] = field(default_factory=tuple)
    chart_header: str = "Chart"

    def chart(self, index: int) -> Markup | None:
        return self.charts[index] if index < len(self.charts) else None

    @property
    def has_charts(self) -> bool:
        return any(c is not None for c in self.charts)


def badge_class(cell: str) -> str | None:
    """The badge class of a cell, "muted" for a quiet one, None for plain text."""
    return BADGES.get(cell) or ("muted" if cell in QUIET else None)


def to_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (spreadsheets then read accents right),
    every cell through the domain's ``csv_safe`` so none runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in table.headers])
    writer.writerows([csv_safe(cell) for cell in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def find(tables: Sequence[Table], table_id: str) -> Table | None:
    return next((t for t in tables if t.id == table_id), None)

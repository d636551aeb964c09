"""Where candidates are in the pipeline, where they have been, and how long they stayed.

Counts come from grouped queries (one per page, never one per row); time in stage and the
funnel come from the StageMove history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from hiring.domain.pipeline import (
    HIRED,
    REJECTED,
    WITHDRAWN,
    PipelineStage,
    pipeline,
    stage_label,
    status_of,
)
from hiring.domain.rubric import Rubric
from hiring.extensions import db
from hiring.models import Candidate, StageMove

EXITS = (REJECTED, WITHDRAWN)  # ways out of the pipeline, not steps along it


def stage_counts(requisition_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """Current number of candidates per stage, for each requisition (one grouped query)."""
    ids = list(requisition_ids)
    counts: dict[int, Counter[str]] = {i: Counter() for i in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Candidate.requisition_id, Candidate.stage, func.count(Candidate.id))
        .where(Candidate.requisition_id.in_(ids))
        .group_by(Candidate.requisition_id, Candidate.stage))
    for requisition_id, stage, count in rows:
        counts[requisition_id][stage] = count
    return counts


def reached_counts(requisition_id: int) -> Counter[str]:
    """How many distinct candidates ever entered each stage, from the move history."""
    rows = db.session.execute(
        select(StageMove.to_stage, func.count(func.distinct(StageMove.candidate_id)))
        .join(Candidate, StageMove.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition_id)
        .group_by(StageMove.to_stage))
    reached: Counter[str] = Counter()
    for stage, count in rows:
        reached[stage] = count
    return reached


@dataclass(frozen=True)
class FunnelRow:
    stage: PipelineStage
    reached: int  # candidates who ever entered this stage
    current: int  # candidates in it now
    next_label: str | None  # the stage the conversion leads to; None for the last and exits
    conversion: Fraction | None  # reached(next) / reached(this); None when undefined

    @property
    def percent(self) -> int | None:
        """Conversion in whole percent, rounded down (never shows more than there is)."""
        return None if self.conversion is None else int(self.conversion * 100)


def funnel(rubric: Rubric, reached: Counter[str], current: Counter[str]) -> list[FunnelRow]:
    """One row per pipeline stage; conversion runs along applied -> ... -> offer -> hired."""
    stages = pipeline(rubric)
    line = [s for s in stages if s.id not in EXITS]
    rows = []
    for stage in stages:
        nxt = None
        if stage.id not in EXITS and stage.id != HIRED:
            nxt = line[line.index(stage) + 1]
        here = reached[stage.id]
        conversion = Fraction(reached[nxt.id], here) if nxt is not None and here else None
        rows.append(FunnelRow(stage, here, current[stage.id], nxt.label if nxt else None,
                              conversion))
    return rows


@dataclass(frozen=True)
class StageSpan:
    """One stay in a stage: how the candidate got there, and for how long they stayed."""

    move: StageMove
    label: str
    left_at: dt.datetime | None  # None: still there

    def duration(self, now: dt.datetime) -> dt.timedelta:
        return (self.left_at or now) - self.move.moved_at


def stage_history(candidate: Candidate) -> list[StageSpan]:
    """The candidate's moves, oldest first, each with the time spent in the stage it entered."""
    rubric = candidate.requisition.rubric_version.rubric
    moves: Sequence[StageMove] = list(db.session.scalars(
        select(StageMove).where(StageMove.candidate_id == candidate.id)
        .options(joinedload(StageMove.moved_by))
        .order_by(StageMove.moved_at, StageMove.id)))
    return [StageSpan(move, stage_label(rubric, move.to_stage),
                      moves[i + 1].moved_at if i + 1 < len(moves) else None)
            for i, move in enumerate(moves)]


def stage_states(rubric: Rubric, current: str,
                 visited: Iterable[str]) -> list[tuple[PipelineStage, str]]:
    """Each stage with "current", "done" (entered before) or "" for a candidate's pipeline."""
    seen = set(visited)
    return [(stage, "current" if stage.id == current else "done" if stage.id in seen else "")
            for stage in pipeline(rubric)]


@dataclass(frozen=True)
class PipelineSummary:
    """A requisition's candidates now: per status, and per stage in pipeline order."""

    total: int
    by_status: Counter[str]
    by_stage: list[tuple[PipelineStage, int]]

    @property
    def active_stages(self) -> list[tuple[PipelineStage, int]]:
        return [(s, n) for s, n in self.by_stage if n and not s.terminal]


def summarise(rubric: Rubric, counts: Counter[str]) -> PipelineSummary:
    by_status: Counter[str] = Counter()
    for stage, n in counts.items():
        by_status[status_of(stage)] += n
    return PipelineSummary(sum(counts.values()), by_status,
                           [(s, counts[s.id]) for s in pipeline(rubric)])

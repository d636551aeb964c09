"""The candidate pipeline: applied, the rubric's stages in order, debrief, then terminal states.

Also the rules for moving between stages and the maths on plain counts and move histories
behind the funnel, the pipeline summary and time in stage (the database side lives in
hiring/queries/pipeline.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, Protocol, TypeVar

from hiring.domain.rubric import Rubric

APPLIED = "applied"
DEBRIEF = "debrief"
OFFER = "offer"
HIRED = "hired"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
TERMINAL = (OFFER, HIRED, REJECTED, WITHDRAWN)
STATUSES = ("active", *TERMINAL)  # a candidate's status: still moving, or where they ended
EXITS = (REJECTED, WITHDRAWN)  # ways out of the pipeline, not steps along it

_LABELS = {APPLIED: "Applied", DEBRIEF: "Debrief", OFFER: "Offer", HIRED: "Hired",
           REJECTED: "Rejected", WITHDRAWN: "Withdrawn", "active": "Active"}


@dataclass(frozen=True)
class PipelineStage:
    id: str
    label: str
    interview: bool  # an interview stage of the rubric, where scorecards are written
    terminal: bool


def pipeline(rubric: Rubric) -> tuple[PipelineStage, ...]:
    return (
        PipelineStage(APPLIED, _LABELS[APPLIED], False, False),
        *(PipelineStage(s.id, s.name, True, False) for s in rubric.stages),
        PipelineStage(DEBRIEF, _LABELS[DEBRIEF], False, False),
        *(PipelineStage(t, _LABELS[t], False, True) for t in TERMINAL),
    )


def stage_ids(rubric: Rubric) -> tuple[str, ...]:
    return tuple(s.id for s in pipeline(rubric))


def stage_label(rubric: Rubric, stage_id: str) -> str:
    stage = rubric.stage(stage_id)
    return stage.name if stage else _LABELS.get(stage_id, stage_id)


def status_of(stage_id: str) -> str:
    return stage_id if stage_id in TERMINAL else "active"


def status_label(status: str) -> str:
    return _LABELS.get(status, status)


# -- moves ---------------------------------------------------------------------------------

NEEDS_OFFER_DECISION = ("Only the hiring committee makes offers: a candidate moves to Offer "
                        "when the committee records an offer decision.")
HIRED_FROM_OFFER = "Only a candidate with an offer can be hired: move them to Offer first."


def allowed_move(from_stage: str, to_stage: str, has_standing_offer: bool) -> str | None:
    """Why a candidate may not move from one stage to another, or None when they may.

    The committee decides offers, so ``offer`` needs its standing offer decision, and only
    an offer can turn into ``hired``. Every other move is the recruiter's call, backwards
    and out of the pipeline (rejected, withdrawn) included. Whether both stages belong to
    the requisition's pipeline is the caller's check.
    """
    if to_stage == OFFER and not has_standing_offer:
        return NEEDS_OFFER_DECISION
    if to_stage == HIRED and from_stage != OFFER:
        return HIRED_FROM_OFFER
    return None


def move_targets(rubric: Rubric, current: str,
                 has_standing_offer: bool) -> list[PipelineStage]:
    """The stages a candidate in ``current`` may move to, in pipeline order."""
    return [s for s in pipeline(rubric)
            if s.id != current and allowed_move(current, s.id, has_standing_offer) is None]


# -- the funnel and the pipeline summary ----------------------------------------------------

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
class PipelineSummary:
    """A requisition's candidates now: per status, and per stage in pipeline order."""

    total: int
    by_status: Counter[str]
    by_stage: list[tuple[PipelineStage, int]]

    @property
    def active_stages(self) -> list[tuple[PipelineStage, int]]:
        return [(s, n) for s, n in self.by_stage if n and not s.terminal]


def summarise(rubric: Rubric, counts: Counter[str]) -> PipelineSummary:
    """Current counts per stage, totalled per status and listed in pipeline order."""
    by_status: Counter[str] = Counter()
    for stage, n in counts.items():
        by_status[status_of(stage)] += n
    return PipelineSummary(sum(counts.values()), by_status,
                           [(s, counts[s.id]) for s in pipeline(rubric)])


# -- a candidate's way through the pipeline -------------------------------------------------

class Move(Protocol):
    """What the stage history needs of a recorded move (a StageMove row has it)."""

    @property
    def to_stage(self) -> str: ...

    @property
    def moved_at(self) -> dt.datetime: ...


M = TypeVar("M", bound=Move)


@dataclass(frozen=True)
class StageSpan(Generic[M]):
    """One stay in a stage: the move that began it, and when the next move ended it."""

    move: M
    label: str
    left_at: dt.datetime | None  # None: still there

    def duration(self, now: dt.datetime) -> dt.timedelta:
        return (self.left_at or now) - self.move.moved_at


def stage_spans(rubric: Rubric, moves: Sequence[M]) -> list[StageSpan[M]]:
    """Each move (oldest first) with the time spent in the stage it entered."""
    return [StageSpan(move, stage_label(rubric, move.to_stage),
                      moves[i + 1].moved_at if i + 1 < len(moves) else None)
            for i, move in enumerate(moves)]


def stage_states(rubric: Rubric, current: str,
                 visited: Iterable[str]) -> list[tuple[PipelineStage, str]]:
    """Each stage with "current", "done" (entered before) or "" for a candidate's pipeline."""
    seen = set(visited)
    return [(stage, "current" if stage.id == current else "done" if stage.id in seen else "")
            for stage in pipeline(rubric)]

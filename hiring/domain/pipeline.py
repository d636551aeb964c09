"""The candidate pipeline: applied, the rubric's rounds in order, debrief, then terminal states.

A candidate's ``stage`` is one of these states; inside a round they may have several
interviews (the rubric's stages). Moving forward past a round that has interviews without
a submitted scorecard needs the recruiter's confirmation, except skipping an optional
round outright (``passed_rounds``).

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

from hiring.domain.rubric import Round, Rubric, Stage

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
    interview: bool  # a round of the rubric, where interviews are held and scored
    terminal: bool
    optional: bool = False  # a round the recruiter may skip


def pipeline(rubric: Rubric) -> tuple[PipelineStage, ...]:
    return (
        PipelineStage(APPLIED, _LABELS[APPLIED], False, False),
        *(PipelineStage(r.id, r.name, True, False, r.optional) for r in rubric.rounds),
        PipelineStage(DEBRIEF, _LABELS[DEBRIEF], False, False),
        *(PipelineStage(t, _LABELS[t], False, True) for t in TERMINAL),
    )


def stage_ids(rubric: Rubric) -> tuple[str, ...]:
    return tuple(s.id for s in pipeline(rubric))


def stage_label(rubric: Rubric, stage_id: str) -> str:
    """The name of a pipeline state (a round) or of an interview stage (an interview's)."""
    found = rubric.round(stage_id) or rubric.stage(stage_id)
    return found.name if found else _LABELS.get(stage_id, stage_id)


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


@dataclass(frozen=True)
class PassedRound:
    """A round a forward move leaves or skips, with its interviews that have no scorecard."""

    round: Round
    unscored: tuple[Stage, ...]

    @property
    def skipped(self) -> bool:
        """Nothing in the round was scored: it was skipped rather than left unfinished."""
        return len(self.unscored) == len(self.round.interviews)

    @property
    def needs_confirmation(self) -> bool:
        """Only an optional round may be skipped outright without the recruiter confirming."""
        return not (self.round.optional and self.skipped)

    def describe(self) -> str:
        if self.skipped:
            return f"{self.round.name}: skipped, no interview scored"
        return (f"{self.round.name}: no submitted scorecard for "
                f"{', '.join(s.name for s in self.unscored)}")


def passed_rounds(rubric: Rubric, from_stage: str, to_stage: str,
                  scored_stages: Iterable[str]) -> list[PassedRound]:
    """The rounds a move leaves or jumps over that have interviews with no submitted scorecard.

    Only a forward move along applied -> rounds -> debrief -> offer -> hired passes rounds:
    going back, or out (rejected, withdrawn), does not. ``scored_stages`` are the interview
    stages with at least one submitted scorecard for the candidate.
    """
    line = [s.id for s in pipeline(rubric) if s.id not in EXITS]
    start, end = rubric.pipeline_state(from_stage), rubric.pipeline_state(to_stage)
    if start not in line or end not in line or line.index(end) <= line.index(start):
        return []
    scored = set(scored_stages)
    passed = []
    for state in line[line.index(start):line.index(end)]:
        found = rubric.round(state)
        if found is None:
            continue
        unscored = tuple(s for s in rubric.round_stages(found.id) if s.id not in scored)
        if unscored:
            passed.append(PassedRound(found, unscored))
    return passed


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
    """One row per pipeline stage; conversion runs along applied -> ... -> offer -> hired.

    An optional round is not a step everyone takes: the stage before it converts to the
    next required stage. The optional round itself has no conversion: counts alone cannot
    say how many of those who took it went on (others reach the next stage without it).
    """
    stages = pipeline(rubric)
    line = [s for s in stages if s.id not in EXITS]
    rows = []
    for stage in stages:
        nxt = None
        if stage.id not in EXITS and stage.id != HIRED and not stage.optional:
            nxt = next(s for s in line[line.index(stage) + 1:] if not s.optional)
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
    seen = {rubric.pipeline_state(state) for state in visited}
    return [(stage, "current" if stage.id == current else "done" if stage.id in seen else "")
            for stage in pipeline(rubric)]


# -- adverse impact's selection steps ---------------------------------------------------------

def selection_steps(rubric: Rubric) -> list[str]:
    """The selection steps of a rubric's pipeline: applied, each required round, debrief,
    offer. Optional rounds are left out: skipping one is no selection decision. Hired
    counts as offer (accepting is the candidate's choice, not a selection)."""
    return [APPLIED, *(r.id for r in rubric.rounds if not r.optional), DEBRIEF, OFFER]


def furthest_step(rubric: Rubric, steps: Sequence[str], entered: Iterable[str]) -> str:
    """The furthest of ``steps`` a candidate ever reached, from the stages they entered."""
    position = {step: i for i, step in enumerate(steps)}
    reached = 0
    for stage in entered:
        state = rubric.pipeline_state(stage)
        state = OFFER if state == HIRED else state
        reached = max(reached, position.get(state, 0))
    return steps[reached]

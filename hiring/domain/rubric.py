"""The rubric model: criteria with weights and anchors, stages, rounds, red flags, policy.

A stage is one interview (one scorecard per interviewer); a round is a step of the pipeline
that holds one or more stages (Q6's "Technical Interviews" holds four). A rubric written
before rounds existed has none declared: each stage is then its own round, with the
stage's id, so candidates stored under such a rubric are already "in a round".

Instances are immutable and come only from ``hiring.domain.rubric_loader``, which validates
them; ``version`` is the hash of the content, so equal versions mean equal rubrics.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

MISSING_POLICIES = ("block", "renormalize")
RED_FLAG_POLICIES = ("discuss", "veto", "ignore")
# Pipeline states that surround the rubric's stages; a stage may not take one of these ids.
RESERVED_STAGE_IDS = ("applied", "debrief", "offer", "hired", "rejected", "withdrawn")
TOTAL_WEIGHT = 100


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: Mapping[int, str]

    @property
    def levels(self) -> range:
        return range(self.min, self.max + 1)

    def label(self, level: int) -> str:
        return self.labels.get(level, str(level))

    def contains(self, value: Fraction | int) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: Fraction
    description: str
    anchors: Mapping[int, str]


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    minutes: int
    criteria: tuple[str, ...]
    guide: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Round:
    id: str
    name: str
    minutes: int | None  # the round's time budget, when the rubric gives one
    optional: bool
    interviews: tuple[str, ...]  # stage ids, in the order they are usually held


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    category: str


@dataclass(frozen=True)
class DecisionPolicy:
    bar: Fraction
    missing_criteria: str
    red_flags: str
    floors: Mapping[str, Fraction]


@dataclass(frozen=True, eq=False)
class Rubric:
    id: str
    title: str
    scale: Scale
    criteria: tuple[Criterion, ...]
    stages: tuple[Stage, ...]
    red_flags: tuple[RedFlag, ...]
    decision: DecisionPolicy
    version: str
    snapshot: Mapping[str, Any]
    declared_rounds: tuple[Round, ...] = ()  # empty: the rubric predates rounds

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rubric) and other.version == self.version

    def __hash__(self) -> int:
        return hash(self.version)

    @property
    def short_version(self) -> str:
        return self.version[:12]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def rounds(self) -> tuple[Round, ...]:
        """The pipeline's rounds in order; without declared rounds, one per stage."""
        if self.declared_rounds:
            return self.declared_rounds
        return tuple(Round(s.id, s.name, s.minutes, False, (s.id,)) for s in self.stages)

    def round(self, round_id: str) -> Round | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def round_of(self, stage_id: str) -> Round | None:
        """The round that holds an interview stage."""
        return next((r for r in self.rounds if stage_id in r.interviews), None)

    def round_stages(self, round_id: str) -> tuple[Stage, ...]:
        found = self.round(round_id)
        if found is None:
            return ()
        return tuple(s for sid in found.interviews if (s := self.stage(sid)) is not None)

    def pipeline_state(self, state: str) -> str:
        """A stored pipeline state as a state of this rubric's pipeline.

        A stage id written before its rubric had rounds (a candidate's move history, say)
        reads as the round that now holds the stage; anything else is returned unchanged.
        """
        if self.round(state) is None and (holder := self.round_of(state)) is not None:
            return holder.id
        return state

    def red_flag(self, flag_id: str) -> RedFlag | None:
        return next((f for f in self.red_flags if f.id == flag_id), None)

    def stages_scoring(self, criterion_id: str) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if criterion_id in s.criteria)

    def stage_criteria(self, stage_id: str) -> tuple[Criterion, ...]:
        """The criteria a stage scores, in the rubric's display order."""
        stage = self.stage(stage_id)
        if stage is None:
            return ()
        return tuple(c for c in self.criteria if c.id in stage.criteria)


def to_fraction(value: Any) -> Fraction | None:
    """Exact value of a YAML/JSON number (``4.0`` is exactly 4); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None  # .nan, .inf: not a number anyone can score against
        try:
            return Fraction(Decimal(repr(value)))
        except (InvalidOperation, ValueError, OverflowError):
            return None
    return None

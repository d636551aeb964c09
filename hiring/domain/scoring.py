"""Scorecards as plain values, their validation, and per-criterion aggregation in exact arithmetic.

Only submitted scorecards count. A criterion left unscored ("not assessed") is absent, never
a zero: counting it as a number is the classic bug that turns a 4.00 into 2.86.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring.domain.problems import InputError
from hiring.domain.rubric import Criterion, Rubric, Stage

DISAGREEMENT = 2  # a spread of this many points between interviewers is worth discussing


@dataclass(frozen=True)
class FlagMark:
    """A red flag ticked on a scorecard: a rubric flag by id, or a free-text one (id None)."""

    id: str | None
    note: str = ""
    label: str | None = None


@dataclass(frozen=True)
class ScorecardInput:
    interviewer: str
    stage: str
    scores: Mapping[str, int | None]
    red_flags: tuple[FlagMark, ...] = ()
    submitted: bool = True
    notes: str = ""
    key: str = ""  # identifies the scorecard to callers (database id, file position)


@dataclass(frozen=True)
class RaisedFlag:
    id: str | None
    label: str
    category: str
    note: str
    interviewer: str
    stage: Stage


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    scores: tuple[int, ...]
    mean: Fraction | None
    contribution: Fraction | None  # this criterion's exact share of the weighted score
    stages: tuple[Stage, ...]  # the stages that score it, for "who would fill the gap"
    # The share as pages show it: whole hundredths that sum exactly to show(weighted score).
    shown_contribution: Fraction | None = None

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def low(self) -> int | None:
        return min(self.scores) if self.scores else None

    @property
    def high(self) -> int | None:
        return max(self.scores) if self.scores else None

    @property
    def spread(self) -> int | None:
        return self.high - self.low if self.scores else None  # type: ignore[operator]

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT

    @property
    def single_rater(self) -> bool:
        return self.n == 1


def is_valid_score(value: object, rubric: Rubric) -> bool:
    """An integer level of the scale; booleans and floats (even 4.0) are not scores."""
    return type(value) is int and rubric.scale.contains(value)


def validate_scorecards(rubric: Rubric, scorecards: Iterable[ScorecardInput]) -> None:
    """Raise InputError, naming the first problem, for scorecards that do not fit the rubric."""
    seen: set[tuple[str, str]] = set()
    for position, card in enumerate(scorecards, start=1):
        where = f"scorecard {position} ({card.interviewer}, {card.stage})"
        stage = rubric.stage(card.stage)
        if stage is None:
            raise InputError(f"{where}: unknown stage {card.stage!r} in rubric {rubric.id}")
        for criterion_id, score in card.scores.items():
            if rubric.criterion(criterion_id) is None:
                raise InputError(f"{where}: unknown criterion {criterion_id!r}")
            if criterion_id not in stage.criteria:
                raise InputError(f"{where}: stage {stage.id} does not score {criterion_id!r}")
            if score is not None and not is_valid_score(score, rubric):
                raise InputError(
                    f"{where}: score for {criterion_id} must be a whole number from "
                    f"{rubric.scale.min} to {rubric.scale.max} or null, not {score!r}")
        for flag in card.red_flags:
            if flag.id is not None and rubric.red_flag(flag.id) is None:
                raise InputError(f"{where}: unknown red flag {flag.id!r}")
            if flag.id is None and not (flag.label or "").strip():
                raise InputError(f"{where}: a free-text red flag needs a label")
        if card.submitted:
            if (card.interviewer, card.stage) in seen:
                raise InputError(f"{where}: {card.interviewer} already submitted a scorecard "
                                 f"for stage {card.stage}")
            seen.add((card.interviewer, card.stage))


def submitted(scorecards: Iterable[ScorecardInput]) -> list[ScorecardInput]:
    return [card for card in scorecards if card.submitted]


def aggregate(rubric: Rubric, scorecards: Sequence[ScorecardInput]
              ) -> tuple[tuple[CriterionResult, ...], Fraction | None, Fraction]:
    """Per-criterion results, the weighted score, and the weights it was taken over.

    The weighted score is sum(weight x mean) / sum(weight) over scored criteria; None when
    nothing is scored (the scored weight is then 0). Drafts are ignored. Scores are listed in
    ascending order so that the result does not depend on the order of the scorecards.
    """
    cards = submitted(scorecards)
    scores: dict[str, list[int]] = {c.id: [] for c in rubric.criteria}
    for card in cards:
        for criterion_id, score in card.scores.items():
            if score is not None:
                scores[criterion_id].append(score)
    means = {cid: Fraction(sum(vals), len(vals)) for cid, vals in scores.items() if vals}
    scored_weight = sum((c.weight for c in rubric.criteria if c.id in means), Fraction(0))
    weighted = (sum((c.weight * means[c.id] for c in rubric.criteria if c.id in means),
                    Fraction(0)) / scored_weight) if means else None
    contributions = {c.id: c.weight * means[c.id] / scored_weight
                     for c in rubric.criteria if c.id in means}
    shown = dict(zip(contributions, apportion(tuple(contributions.values())), strict=True))
    results = tuple(
        CriterionResult(
            criterion=c,
            scores=tuple(sorted(scores[c.id])),
            mean=means.get(c.id),
            contribution=contributions.get(c.id),
            stages=rubric.stages_scoring(c.id),
            shown_contribution=shown.get(c.id),
        )
        for c in rubric.criteria
    )
    return results, weighted, scored_weight


def apportion(parts: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Exact parts as shown hundredths that sum exactly to ``show(sum(parts))``.

    Rounding each part down on its own loses up to a hundredth per part, so a column of
    contributions would add up to less than the shown total beside it (4.04 under 4.05).
    Largest remainder: every part is rounded down, then the hundredths still missing up to
    the rounded-down total go one each to the parts with the largest remainders (ties to the
    earlier part, so the result depends only on the order given, e.g. the rubric's). Each
    shown part is then within a hundredth of its exact value, and a part that is exactly a
    whole number of hundredths is never changed, so a non-negative part never shows negative.
    """
    hundredths = [Fraction(part) * 100 for part in parts]
    floors = [math.floor(h) for h in hundredths]
    missing = math.floor(sum(hundredths, Fraction(0))) - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: (floors[i] - hundredths[i], i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return tuple(Fraction(f, 100) for f in floors)


def raised_flags(rubric: Rubric, scorecards: Sequence[ScorecardInput]) -> tuple[RaisedFlag, ...]:
    """Red flags on submitted scorecards, in stage order, then interviewer, then rubric order."""
    stage_order = {s.id: i for i, s in enumerate(rubric.stages)}
    flag_order = {f.id: i for i, f in enumerate(rubric.red_flags)}
    flags: list[RaisedFlag] = []
    for card in submitted(scorecards):
        stage = rubric.stage(card.stage)
        assert stage is not None
        for mark in card.red_flags:
            known = rubric.red_flag(mark.id) if mark.id else None
            flags.append(RaisedFlag(
                id=mark.id,
                label=known.label if known else (mark.label or "").strip(),
                category=known.category if known else "other",
                note=mark.note.strip(),
                interviewer=card.interviewer,
                stage=stage,
            ))
    flags.sort(key=lambda f: (stage_order[f.stage.id], f.interviewer,
                              flag_order.get(f.id or "", len(flag_order)), f.label))
    return tuple(flags)


def show(value: Fraction | int) -> str:
    """Two decimals rounded down, so a shown score never reads as meeting a bar it misses."""
    hundredths = math.floor(Fraction(value) * 100)
    sign = "-" if hundredths < 0 else ""
    whole, cents = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{cents:02d}"


def show_margin(margin: Fraction) -> str:
    """The margin to the bar, signed, by the rule of ``show``: its value rounded down.

    "0.00" exactly on the bar; "+0.27" above it (the surplus rounded down, so +1/200 shows
    as "+0.00": above, by less than a hundredth); "-0.06" below it. Below the bar the
    shortfall is thereby rounded up, so it never reads as 0.00, and the shown margin is the
    shown score minus the bar (3.949 shows as 3.94, margin -0.06 to a bar of 4.00).
    """
    return f"+{show(margin)}" if margin > 0 else show(margin)


def exact(value: Fraction) -> str:
    """The reduced fraction ``p/q``, or an integer."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def plain_number(value: Fraction) -> int | str:
    """A weight for JSON: an integer when whole, else its exact decimal or fraction text."""
    if value.denominator == 1:
        return value.numerator
    return exact(value)

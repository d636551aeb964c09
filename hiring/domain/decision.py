"""The hire / no-hire recommendation against the bar, with the reasons in words.

The outcome is a recommendation for the committee, never the decision itself. Rules, first
that applies wins: veto flag -> no_offer; nothing scored -> incomplete; a criterion missing
under ``block`` -> incomplete; a mean under its floor -> no_offer; weighted score under the
bar -> no_offer (equal meets it); a flag under ``discuss`` -> discuss; otherwise offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction
from typing import Any

from hiring.domain.rubric import Criterion, Rubric
from hiring.domain.scoring import (
    CriterionResult,
    RaisedFlag,
    ScorecardInput,
    aggregate,
    exact,
    plain_number,
    raised_flags,
    show,
    show_margin,
    validate_scorecards,
)


class Outcome(StrEnum):
    OFFER = "offer"
    NO_OFFER = "no_offer"
    DISCUSS = "discuss"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        return {"offer": "Offer", "no_offer": "No offer", "discuss": "Discuss",
                "incomplete": "Incomplete"}[self.value]


class Rule(StrEnum):
    """Which rule decided, so that pages can explain and tests can pin it."""

    VETO = "veto"
    NOTHING_SCORED = "nothing_scored"
    MISSING = "missing"
    FLOOR = "floor"
    BELOW_BAR = "below_bar"
    FLAGS_DISCUSS = "flags_discuss"
    MEETS_BAR = "meets_bar"


@dataclass(frozen=True)
class FloorMiss:
    criterion: Criterion
    mean: Fraction
    floor: Fraction


@dataclass(frozen=True)
class Decision:
    rubric: Rubric
    outcome: Outcome
    rule: Rule
    criteria: tuple[CriterionResult, ...]
    weighted_score: Fraction | None
    scored_weight: Fraction  # the weights the weighted score is taken over; 0 if none
    missing: tuple[CriterionResult, ...]
    red_flags: tuple[RaisedFlag, ...]
    floor_misses: tuple[FloorMiss, ...]
    reasons: tuple[str, ...]
    scorecards_counted: int

    @property
    def bar(self) -> Fraction:
        return self.rubric.decision.bar

    @property
    def bar_applies(self) -> bool:
        """False for ``incomplete``: a score over part of the rubric is not held to the bar."""
        return self.weighted_score is not None and self.outcome is not Outcome.INCOMPLETE

    @property
    def meets_bar(self) -> bool | None:
        """None when the bar does not apply (nothing scored, or incomplete), so that a partial
        score above the bar never reads as a pass."""
        weighted = self.weighted_score
        return None if weighted is None or not self.bar_applies else weighted >= self.bar

    @property
    def margin(self) -> Fraction | None:
        return None if self.weighted_score is None else self.weighted_score - self.bar

    @property
    def shown_margin(self) -> str | None:
        """The margin as every page shows it (``show_margin``); None when the bar does not
        apply (nothing scored, or incomplete)."""
        return show_margin(self.margin) if self.bar_applies and self.margin is not None else None

    @property
    def summary(self) -> str:
        return self.reasons[0]

    def to_dict(self) -> dict[str, Any]:
        """The ``hiring decide --format json`` contract."""
        weighted = self.weighted_score
        return {
            "rubric": {"id": self.rubric.id, "version": self.rubric.version},
            "outcome": self.outcome.value,
            "rule": self.rule.value,
            "weighted_score": show(weighted) if weighted is not None else None,
            "weighted_score_exact": exact(weighted) if weighted is not None else None,
            "bar": show(self.bar),
            "meets_bar": self.meets_bar,
            "margin": self.shown_margin,
            "criteria": [
                {"id": r.criterion.id, "name": r.criterion.name,
                 "weight": plain_number(r.criterion.weight), "n": r.n,
                 "mean": show(r.mean) if r.mean is not None else None,
                 "mean_exact": exact(r.mean) if r.mean is not None else None,
                 "contribution": (show(r.shown_contribution)
                                  if r.shown_contribution is not None else None),
                 "contribution_exact": (exact(r.contribution)
                                        if r.contribution is not None else None),
                 "scores": list(r.scores)}
                for r in self.criteria
            ],
            "missing": [r.criterion.id for r in self.missing],
            "red_flags": [
                {"id": f.id, "label": f.label, "stage": f.stage.id,
                 "interviewer": f.interviewer, "note": f.note}
                for f in self.red_flags
            ],
            "reasons": list(self.reasons),
        }


def decide(rubric: Rubric, scorecards: Sequence[ScorecardInput], *,
           validate: bool = True) -> Decision:
    """Compute the recommendation for one candidate's scorecards under the rubric's policy.

    Raises InputError (when ``validate``) for scorecards that do not fit the rubric.
    """
    if validate:
        validate_scorecards(rubric, scorecards)
    policy = rubric.decision
    results, weighted, scored_weight = aggregate(rubric, scorecards)
    missing = tuple(r for r in results if r.mean is None)
    flags = raised_flags(rubric, scorecards)
    floor_misses = tuple(
        FloorMiss(r.criterion, r.mean, policy.floors[r.criterion.id])
        for r in results
        if r.mean is not None and r.criterion.id in policy.floors
        and r.mean < policy.floors[r.criterion.id]
    )
    if flags and policy.red_flags == "veto":
        outcome, rule = Outcome.NO_OFFER, Rule.VETO
    elif weighted is None:
        outcome, rule = Outcome.INCOMPLETE, Rule.NOTHING_SCORED
    elif missing and policy.missing_criteria == "block":
        outcome, rule = Outcome.INCOMPLETE, Rule.MISSING
    elif floor_misses:
        outcome, rule = Outcome.NO_OFFER, Rule.FLOOR
    elif weighted < policy.bar:
        outcome, rule = Outcome.NO_OFFER, Rule.BELOW_BAR
    elif flags and policy.red_flags == "discuss":
        outcome, rule = Outcome.DISCUSS, Rule.FLAGS_DISCUSS
    else:
        outcome, rule = Outcome.OFFER, Rule.MEETS_BAR
    counted = sum(1 for card in scorecards if card.submitted)
    decision = Decision(rubric, outcome, rule, results, weighted, scored_weight, missing, flags,
                        floor_misses, (), counted)
    return replace(decision, reasons=tuple(_explain(decision)))


def _stage_names(result: CriterionResult) -> str:
    return " or ".join(s.name for s in result.stages)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _explain(decision: Decision) -> list[str]:
    """The reasons, in words: the rule that decided, then every number behind it."""
    rubric, rule, results = decision.rubric, decision.rule, decision.criteria
    weighted, missing, flags = decision.weighted_score, decision.missing, decision.red_flags
    floor_misses, margin = decision.floor_misses, decision.margin
    policy = rubric.decision
    bar = show(policy.bar)
    names = ", ".join(r.criterion.name for r in missing)
    headline = {
        Rule.VETO: f"No offer: {_plural(len(flags), 'red flag')} raised and this rubric "
                   "vetoes any red flag.",
        Rule.NOTHING_SCORED: "Incomplete: no criterion has a submitted score yet.",
        Rule.MISSING: f"Incomplete: {names} {'has' if len(missing) == 1 else 'have'} no "
                      "submitted score, and this rubric decides only when every criterion "
                      "is scored.",
        Rule.FLOOR: "No offer: " + "; ".join(
            f"{m.criterion.name} averages {show(m.mean)}, below its floor of {show(m.floor)}"
            for m in floor_misses) + ".",
        Rule.BELOW_BAR: f"No offer: the weighted score {show(weighted or 0)} is below the bar "
                        f"of {bar}.",
        Rule.FLAGS_DISCUSS: f"Discuss: the weighted score {show(weighted or 0)} meets the bar "
                            f"of {bar}, but {_plural(len(flags), 'red flag')} must be "
                            "discussed by the committee.",
        Rule.MEETS_BAR: f"Offer: the weighted score {show(weighted or 0)} meets the bar of "
                        f"{bar}.",
    }[rule]
    lines = [headline]
    for r in results:
        c = r.criterion
        if r.mean is None:
            lines.append(f"{c.name} (weight {plain_number(c.weight)}): not scored; "
                         f"{_stage_names(r)} would score it.")
            continue
        assert r.shown_contribution is not None
        scores = ", ".join(str(s) for s in r.scores)
        lines.append(f"{c.name} (weight {plain_number(c.weight)}): mean {show(r.mean)} from "
                     f"{_plural(r.n, 'score')} ({scores}), contributing "
                     f"{show(r.shown_contribution)}.")
    if weighted is not None and not decision.bar_applies:
        lines.append(f"Weighted score {show(weighted)} (exactly {exact(weighted)}) over the "
                     f"scored criteria so far (weights {plain_number(decision.scored_weight)} "
                     f"of 100): not a result; the bar of {bar} applies once every criterion "
                     "is scored.")
    elif weighted is not None and margin is not None:
        basis = "all criteria" if not missing else (
            f"the scored criteria only (weights {plain_number(decision.scored_weight)} of 100)")
        lines.append(f"Weighted score {show(weighted)} (exactly {exact(weighted)}) over {basis}.")
        if margin == 0:
            lines.append(f"It sits exactly on the bar of {bar}, which meets it.")
        elif margin > 0:
            lines.append(f"It meets the bar of {bar} with a margin of {show_margin(margin)}.")
        else:
            lines.append(f"It falls short of the bar of {bar} with a margin of "
                         f"{show_margin(margin)}.")
    if missing and policy.missing_criteria == "renormalize" and weighted is not None:
        lines.append(f"Not scored: {names}; this rubric renormalizes the weights over the "
                     "scored criteria.")
    for criterion_id, floor in policy.floors.items():
        result = next(r for r in results if r.criterion.id == criterion_id)
        if result.mean is None:
            lines.append(f"The floor of {show(floor)} on {result.criterion.name} could not be "
                         "checked: it has no score.")
        elif result.mean >= floor:
            lines.append(f"{result.criterion.name} meets its floor of {show(floor)}.")
    effect = {"veto": "vetoes an offer", "discuss": "sends the case to discussion",
              "ignore": "is recorded without effect"}[policy.red_flags]
    for f in flags:
        note = f": {f.note}" if f.note else ""
        lines.append(f"Red flag '{f.label}' raised by {f.interviewer} in {f.stage.name}"
                     f"{note} (this rubric {effect}).")
    return lines


@dataclass(frozen=True)
class LeaveOneOut:
    scorecard: ScorecardInput
    decision: Decision
    changes_outcome: bool


def robustness(rubric: Rubric, scorecards: Sequence[ScorecardInput],
               baseline: Decision | None = None) -> tuple[LeaveOneOut, ...]:
    """Would the outcome change if one interviewer's submitted scorecard were left out?"""
    baseline = baseline or decide(rubric, scorecards)
    rows = []
    for index, card in enumerate(scorecards):
        if not card.submitted:
            continue
        rest = [c for i, c in enumerate(scorecards) if i != index]
        without = decide(rubric, rest, validate=False)
        rows.append(LeaveOneOut(card, without, without.outcome != baseline.outcome))
    return tuple(rows)

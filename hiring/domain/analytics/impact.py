"""Adverse impact per pipeline step: the four-fifths rule (29 CFR 1607.4(D)) and Fisher's test.

For each step s but the last, a candidate *entered* s when their furthest step is s or
later, except when it is s and they are still ``active`` there (not yet decided) or
``withdrawn`` there (they took themselves out: no selection decision was made); they
*passed* s when their furthest step is after s. A group's selection rate is passed /
entered; its impact ratio is its rate over the highest rate among the groups shown, in
exact fractions, flagged when below 4/5. Fisher's two-sided exact test (scipy) compares
each group with that reference group.

Small numbers: a group with fewer than ``min_group`` entrants at a step is *suppressed*:
every figure of it is None, and nothing shown depends on its counts (the reference group
is chosen among the groups shown only, and no step totals are given), so no count below
``min_group`` can be read or derived from the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring.domain.pipeline import STATUSES
from hiring.domain.problems import InputError

MIN_GROUP = 5
FOUR_FIFTHS = Fraction(4, 5)
UNDECIDED = ("active", "withdrawn")  # at their furthest step, no selection was made


@dataclass(frozen=True)
class CandidateOutcome:
    """One candidate: their group, the furthest pipeline step reached, and their status."""

    group: str
    furthest: str
    status: str  # one of hiring.domain.pipeline.STATUSES


@dataclass(frozen=True)
class GroupImpact:
    """A group at one step; every figure None when ``suppressed``."""

    group: str
    suppressed: bool
    entered: int | None = None
    passed: int | None = None
    rate: Fraction | None = None
    impact_ratio: Fraction | None = None  # None also when every shown rate is 0
    flagged: bool | None = None  # impact ratio below 4/5
    fisher_p: float | None = None  # against the reference group; None for the reference
    reference: bool = False  # the shown group with the highest rate


@dataclass(frozen=True)
class StepImpact:
    step: str
    groups: tuple[GroupImpact, ...]  # by group name


def check_outcomes(candidates: Sequence[CandidateOutcome], steps: Sequence[str],
                   min_group: int) -> None:
    """Raise InputError on unknown steps or statuses, a repeated step or a bad min_group."""
    if len(steps) < 2:
        raise InputError("the pipeline needs at least two steps")
    if len(set(steps)) != len(steps):
        raise InputError("the pipeline names a step twice")
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise InputError(f"min_group must be a whole number of at least 1, not {min_group!r}")
    for position, c in enumerate(candidates, start=1):
        if c.furthest not in steps:
            raise InputError(f"candidate {position}: unknown step {c.furthest!r} "
                             f"(the pipeline is {', '.join(steps)})")
        if c.status not in STATUSES:
            raise InputError(f"candidate {position}: unknown status {c.status!r} "
                             f"(use {', '.join(STATUSES)})")


def adverse_impact(candidates: Iterable[CandidateOutcome], pipeline: Sequence[str],
                   min_group: int = MIN_GROUP) -> tuple[StepImpact, ...]:
    """Per step but the last, every group's selection figures (see the module docstring).

    Groups are every group among the candidates, at every step (a group with no entrant
    at a step is suppressed there). Raises InputError on unknown steps or statuses.
    """
    candidates = list(candidates)
    steps = list(pipeline)
    check_outcomes(candidates, steps, min_group)
    position = {step: i for i, step in enumerate(steps)}
    groups = sorted({c.group for c in candidates})
    report = []
    for index, step in enumerate(steps[:-1]):
        counts = {g: [0, 0] for g in groups}
        for c in candidates:
            reached = position[c.furthest]
            if reached < index or (reached == index and c.status in UNDECIDED):
                continue
            counts[c.group][0] += 1
            counts[c.group][1] += reached > index
        report.append(StepImpact(step, _step_groups(counts, min_group)))
    return tuple(report)


def _step_groups(counts: dict[str, list[int]], min_group: int) -> tuple[GroupImpact, ...]:
    shown = {g: (entered, passed) for g, (entered, passed) in counts.items()
             if entered >= min_group}
    if not shown:
        return tuple(GroupImpact(group, suppressed=True) for group in counts)
    # Imported here: scipy.stats takes over a second to import, and every `hiring` command
    # and app start imports this package.
    from scipy.stats import fisher_exact
    # Among equal rates the larger group, then the first by name (max keeps the first).
    reference = max(shown, key=lambda g: (Fraction(shown[g][1], shown[g][0]), shown[g][0]))
    best_entered, best_passed = shown[reference]
    best = Fraction(best_passed, best_entered)
    result = []
    for group in counts:
        if group not in shown:
            result.append(GroupImpact(group, suppressed=True))
            continue
        entered, passed = shown[group]
        rate = Fraction(passed, entered)
        ratio = rate / best if best else None
        p = None
        if group != reference:
            table = [[passed, entered - passed], [best_passed, best_entered - best_passed]]
            p = float(fisher_exact(table, alternative="two-sided").pvalue)
        result.append(GroupImpact(
            group, suppressed=False, entered=entered, passed=passed, rate=rate,
            impact_ratio=ratio, flagged=ratio is not None and ratio < FOUR_FIFTHS,
            fisher_p=p, reference=group == reference))
    return tuple(result)

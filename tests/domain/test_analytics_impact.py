"""Adverse impact per step: entered/passed, the four-fifths rule, Fisher's test, suppression."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from hiring.domain.analytics import CandidateOutcome, GroupImpact, adverse_impact, show_ratio
from hiring.domain.problems import InputError

STEPS = ["applied", "screen", "onsite", "offer"]


def people(group: str, furthest: str, status: str, n: int) -> list[CandidateOutcome]:
    return [CandidateOutcome(group, furthest, status)] * n


def counts(step_groups: tuple[GroupImpact, ...]) -> dict[str, tuple[int | None, int | None]]:
    return {g.group: (g.entered, g.passed) for g in step_groups}


def test_entered_and_passed_follow_the_definition() -> None:
    candidates = [
        CandidateOutcome("a", "applied", "rejected"),   # entered applied, failed it
        CandidateOutcome("b", "applied", "active"),     # undecided at applied: not entered
        CandidateOutcome("c", "applied", "withdrawn"),  # withdrew at applied: not entered
        CandidateOutcome("d", "screen", "active"),      # passed applied, undecided at screen
        CandidateOutcome("e", "screen", "rejected"),    # passed applied, failed screen
        CandidateOutcome("f", "onsite", "withdrawn"),   # passed applied and screen
        CandidateOutcome("g", "offer", "hired"),        # passed every step
    ]
    report = adverse_impact(candidates, STEPS, min_group=1)
    assert [s.step for s in report] == ["applied", "screen", "onsite"]  # not the last
    applied, screen, onsite = (counts(s.groups) for s in report)
    assert applied == {"a": (1, 0), "b": (None, None), "c": (None, None), "d": (1, 1),
                       "e": (1, 1), "f": (1, 1), "g": (1, 1)}
    assert screen["d"] == (None, None)
    assert screen["e"] == (1, 0)
    assert screen["f"] == (1, 1)
    assert screen["g"] == (1, 1)
    assert onsite["f"] == (None, None)
    assert onsite["g"] == (1, 1)


def two_groups(a: tuple[int, int], b: tuple[int, int],
               min_group: int = 5) -> tuple[GroupImpact, ...]:
    """Groups A and B with (entered, passed) on a two-step pipeline; the step's groups."""
    candidates = []
    for group, (entered, passed) in (("A", a), ("B", b)):
        candidates += people(group, "hired", "hired", passed)
        candidates += people(group, "applied", "rejected", entered - passed)
    (step,) = adverse_impact(candidates, ["applied", "hired"], min_group)
    return step.groups


def fisher_two_sided(table: list[list[int]]) -> float:
    """Fisher's exact test by hand (hypergeometric, tables no likelier than the observed)."""
    (a, b), (c, d) = table
    row1, col1, n = a + b, a + c, a + b + c + d

    def prob(x: int) -> float:
        return math.comb(col1, x) * math.comb(n - col1, row1 - x) / math.comb(n, row1)

    observed = prob(a)
    support = range(max(0, row1 + col1 - n), min(row1, col1) + 1)
    return sum(p for x in support if (p := prob(x)) <= observed * (1 + 1e-7))


def test_rates_ratio_flag_and_fisher_against_the_highest_rate() -> None:
    a, b = two_groups((10, 5), (10, 2))
    assert (a.reference, a.rate, a.impact_ratio, a.flagged, a.fisher_p) == \
        (True, Fraction(1, 2), 1, False, None)
    assert (b.rate, b.impact_ratio, b.flagged) == (Fraction(1, 5), Fraction(2, 5), True)
    assert b.fisher_p == pytest.approx(fisher_two_sided([[2, 8], [5, 5]]), rel=1e-9)
    assert b.fisher_p == pytest.approx(0.3498, abs=1e-4)


@pytest.mark.parametrize(("a", "b", "ratio", "shown", "flagged"), [
    ((10, 5), (10, 4), Fraction(4, 5), "0.800", False),   # exactly four fifths: not flagged
    ((5, 5), (10000, 7999), Fraction(7999, 10000), "0.799", True),  # 0.7999 never reads 0.800
    ((10, 5), (20, 10), Fraction(1), "1.000", False),
])
def test_four_fifths_is_exact_and_shown_rounded_down(
        a: tuple[int, int], b: tuple[int, int], ratio: Fraction, shown: str,
        flagged: bool) -> None:
    group_a, group_b = two_groups(a, b)
    if group_b.reference:
        group_a, group_b = group_b, group_a
    assert group_b.impact_ratio == ratio
    assert show_ratio(group_b.impact_ratio) == shown
    assert group_b.flagged is flagged


def test_a_small_group_is_suppressed_and_never_the_reference() -> None:
    candidates = (people("big", "offer", "hired", 3) + people("big", "applied", "rejected", 3)
                  + people("tiny", "offer", "hired", 4))  # rate 1, the highest, but 4 < 5
    (applied, *_) = adverse_impact(candidates, STEPS, min_group=5)
    big, tiny = applied.groups
    assert tiny == GroupImpact("tiny", suppressed=True)
    assert big.reference
    assert big.impact_ratio == 1
    assert (tiny.entered, tiny.passed, tiny.rate, tiny.flagged, tiny.fisher_p) == \
        (None, None, None, None, None)


def test_when_nobody_passes_there_is_no_ratio_and_no_flag() -> None:
    a, b = two_groups((6, 0), (7, 0))
    assert (a.impact_ratio, a.flagged, b.impact_ratio, b.flagged) == (None, False, None, False)
    assert (b.reference, a.fisher_p) == (True, 1.0)  # the larger group is the reference


def test_ties_pick_the_larger_then_the_first_group() -> None:
    a, b = two_groups((10, 5), (20, 10))
    assert (a.reference, b.reference) == (False, True)
    a, b = two_groups((10, 5), (10, 5))
    assert (a.reference, b.reference) == (True, False)


@pytest.mark.parametrize(("candidates", "steps", "min_group", "message"), [
    ([CandidateOutcome("A", "onsite", "rejected")], ["applied", "offer"], 5,
     "candidate 1: unknown step 'onsite'"),
    ([CandidateOutcome("A", "offer", "promoted")], STEPS, 5, "unknown status 'promoted'"),
    ([], ["applied"], 5, "at least two steps"),
    ([], ["applied", "applied"], 5, "names a step twice"),
    ([], STEPS, 0, "min_group must be a whole number of at least 1"),
])
def test_bad_input_is_refused(candidates: list[CandidateOutcome], steps: list[str],
                              min_group: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        adverse_impact(candidates, steps, min_group)

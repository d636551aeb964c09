"""Properties of the hiring science on random panels and pipelines (issue 12's done-when)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hiring.domain.analytics import CandidateOutcome, Rating, adverse_impact, agreement, calibration
from hiring.domain.analytics.contract import impact_to_dict
from hiring.domain.rubric import Scale

# Deterministic (same examples on every run) and quick.
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
STEPS = ["applied", "screen", "onsite", "offer"]
STATUSES = ["active", "rejected", "withdrawn", "hired", "offer"]


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    low = draw(st.integers(-2, 3))
    return Scale(low, low + draw(st.integers(1, 6)), {})


@PROPERTY
@given(data=st.data(), scale=scales(), raters=st.integers(2, 4))
def test_alpha_is_one_for_identical_raters(data: st.DataObject, scale: Scale,
                                           raters: int) -> None:
    values = data.draw(st.lists(st.integers(scale.min, scale.max), min_size=2, max_size=12))
    assume(len(set(values)) >= 2)  # without variation alpha is undefined (0/0)
    ratings = [Rating(f"u{unit}", f"r{rater}", "c", value)
               for unit, value in enumerate(values) for rater in range(raters)]
    result = agreement(ratings, scale).overall
    assert (result.alpha_interval, result.alpha_ordinal, result.band) == (1.0, 1.0, "good")


@PROPERTY
@given(data=st.data(), scale=scales())
def test_offsets_sum_to_zero_on_a_balanced_panel_of_two(data: st.DataObject,
                                                       scale: Scale) -> None:
    cells = data.draw(st.lists(st.tuples(st.sampled_from(["u1", "u2", "u3", "u4", "u5"]),
                                         st.sampled_from(["coding", "design"])),
                               min_size=1, max_size=10, unique=True))
    score = st.integers(scale.min, scale.max)
    ratings = [Rating(unit, rater, criterion, data.draw(score))
               for unit, criterion in cells for rater in ("ana", "ben")]
    ana, ben = calibration(ratings, scale)
    assert ana.overall.offset + ben.overall.offset == 0
    for mine, theirs in zip(ana.criteria, ben.criteria, strict=True):
        assert mine.offset + theirs.offset == 0
    assert ana.overall.n_compared == ben.overall.n_compared == len(cells)


@PROPERTY
@given(rate=st.fractions(0, 1, max_denominator=6),
       sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), min_group=st.integers(1, 8))
def test_impact_ratios_are_one_for_equal_rates(rate: Fraction, sizes: list[int],
                                               min_group: int) -> None:
    candidates = []
    for index, multiple in enumerate(sizes):
        entered = rate.denominator * multiple * 2
        passed = rate.numerator * multiple * 2
        group = f"g{index}"
        candidates += [CandidateOutcome(group, "offer", "hired")] * passed
        candidates += [CandidateOutcome(group, "applied", "rejected")] * (entered - passed)
    (step, *_) = adverse_impact(candidates, STEPS, min_group)
    for group in step.groups:
        if group.suppressed:
            continue
        assert group.rate == rate
        assert group.impact_ratio == (1 if rate else None)
        assert group.flagged is False
        assert group.fisher_p == (None if group.reference else pytest.approx(1.0))


candidates_st = st.lists(
    st.builds(CandidateOutcome, st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(STEPS),
              st.sampled_from(STATUSES)), max_size=60)


@PROPERTY
@given(candidates=candidates_st, min_group=st.integers(1, 8))
def test_suppression_never_leaks_a_count_below_min_group(
        candidates: list[CandidateOutcome], min_group: int) -> None:
    report = adverse_impact(candidates, STEPS, min_group)
    for index, step in enumerate(report):
        shown = {g.group for g in step.groups if not g.suppressed}
        for group in step.groups:
            if group.suppressed:
                assert (group.entered, group.passed, group.rate, group.impact_ratio,
                        group.flagged, group.fisher_p, group.reference) == \
                    (None, None, None, None, None, None, False)
            else:
                assert group.entered >= min_group
        assert not shown or sum(g.reference for g in step.groups) == 1
        # Nothing shown at this step depends on the suppressed groups' candidates: the same
        # figures come out when they are left out altogether.
        only_shown = [c for c in candidates if c.group in shown]
        again = adverse_impact(only_shown, STEPS, min_group)[index]
        assert [g for g in step.groups if not g.suppressed] == list(again.groups)
    serialised = impact_to_dict(report)
    for step in serialised["steps"]:
        for group in step["groups"]:
            assert group["suppressed"] or group["entered"] >= min_group

"""Krippendorff's alpha per criterion and overall, and what we return where it is undefined."""

from __future__ import annotations

import pytest

from hiring.domain.analytics import GOOD, POOR, TENTATIVE, Agreement, Rating, agreement
from hiring.domain.problems import InputError
from hiring.domain.rubric import Scale

SCALE = Scale(1, 5, {})

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, missing values. Published: interval 0.849, ordinal 0.815.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def matrix(rows: list[list[int | None]], criterion: str = "c") -> list[Rating]:
    return [Rating(f"unit-{unit:02d}", f"observer-{rater}", criterion, score)
            for rater, row in enumerate(rows) for unit, score in enumerate(row, start=1)
            if score is not None]


def test_the_published_example() -> None:
    report = agreement(matrix(KRIPPENDORFF_2011), SCALE)
    (only,) = report.criteria
    assert round(only.alpha_interval, 3) == 0.849
    assert round(only.alpha_ordinal, 3) == 0.815
    assert (only.units, only.pairable_units) == (12, 11)  # unit 12 has one value
    assert only.band == GOOD  # the lower alpha, 0.815, is still >= 0.800
    assert report.overall == Agreement(None, 12, 11, only.alpha_interval, only.alpha_ordinal)


def test_overall_units_are_candidate_by_criterion() -> None:
    ratings = matrix(KRIPPENDORFF_2011, "coding") + matrix(KRIPPENDORFF_2011, "design")
    report = agreement(ratings, SCALE)
    assert (report.overall.units, report.overall.pairable_units) == (24, 22)
    assert [c.criterion for c in report.criteria] == ["coding", "design"]
    # The same data twice, as separate units: alpha barely moves (more pairable values).
    assert abs(report.overall.alpha_interval - report.criteria[0].alpha_interval) < 0.01


@pytest.mark.parametrize(("rows", "pairable", "why"), [
    ([[1, 2, 3], [1, None, None]], 1, "one pairable unit says nothing"),
    ([[3, 3, 5], [3, 3, None]], 2, "every pairable value the same: 0/0"),
    ([[4], [4]], 1, "a single unit"),
    ([[], []], 0, "no rating at all"),
])
def test_undefined_alpha_is_none(rows: list[list[int | None]], pairable: int, why: str) -> None:
    result = agreement(matrix(rows), SCALE).overall
    assert result.pairable_units == pairable, why
    assert (result.alpha_interval, result.alpha_ordinal, result.band) == (None, None, None)


def test_perfect_agreement_with_variation_is_one() -> None:
    result = agreement(matrix([[1, 3, 5, 2], [1, 3, 5, None], [None, 3, 5, 2]]), SCALE).overall
    assert (result.alpha_interval, result.alpha_ordinal, result.band) == (1.0, 1.0, GOOD)


def test_systematic_disagreement_is_poor_and_listed_first() -> None:
    agree = matrix([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]], "coding")
    disagree = matrix([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], "design")
    undefined = matrix([[3], [3]], "culture")
    report = agreement(agree + disagree + undefined, SCALE)
    assert [c.criterion for c in report.criteria] == ["design", "coding", "culture"]
    assert report.criteria[0].alpha_interval < 0
    assert report.criteria[0].band == POOR


@pytest.mark.parametrize(("interval", "ordinal", "band"), [
    (0.8, 0.9, GOOD),
    (0.79999999999, 0.9, GOOD),    # float noise around 0.8 is 0.8
    (0.7999, 0.9, TENTATIVE),      # a genuine 0.7999 is not good
    (0.9, 0.7999, TENTATIVE),      # the lower of the two decides
    (0.667, 0.7, TENTATIVE),
    (0.6669, 0.7, POOR),
    (-0.2, None, POOR),
    (None, None, None),
])
def test_bands(interval: float | None, ordinal: float | None, band: str | None) -> None:
    assert Agreement("c", 3, 3, interval, ordinal).band == band


def test_ordinal_alpha_depends_on_order_only_interval_on_distances() -> None:
    """Moving the top level from 3 to 5 (unused levels between) keeps the order, so ordinal
    alpha stays; interval alpha sees the larger distances."""
    low = [[1, 2, 3, 3, 1, 2], [1, 3, 3, 2, 1, 2]]
    spread = [[5 if v == 3 else v for v in row] for row in low]
    a, b = agreement(matrix(low), SCALE).overall, agreement(matrix(spread), SCALE).overall
    assert a.alpha_ordinal == pytest.approx(b.alpha_ordinal, abs=1e-12)
    assert a.alpha_interval != pytest.approx(b.alpha_interval, abs=1e-3)


def test_bad_ratings_are_refused() -> None:
    with pytest.raises(InputError, match="outside the scale"):
        agreement([Rating("u", "r", "c", 9)], SCALE)

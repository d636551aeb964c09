"""Inter-rater agreement: Krippendorff's alpha per criterion and over all criteria.

Each candidate x criterion is a unit and each interviewer a rater; missing ratings are
allowed. The arithmetic is the maintained ``krippendorff`` package's, not ours: we only
shape the reliability matrix and decide what is defined.

When alpha is defined (our rules, documented because the package divides by zero):

- fewer than 2 *pairable* units (units with at least 2 ratings) -> None: one unit says
  nothing about agreement in general;
- the pairable ratings all hold the same value -> None: expected disagreement is zero, so
  alpha is 0/0 (Krippendorff: reliability is undefined without variation in the data);
- otherwise the package's value; perfect agreement with variation in the data is exactly 1.

The ordinal metric uses the scale's levels as its value domain (unused levels included).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring.domain.analytics.calibration import Rating, check_ratings
from hiring.domain.analytics.show import snap
from hiring.domain.rubric import Scale

GOOD = "good"
TENTATIVE = "tentative"
POOR = "poor"
GOOD_FROM = Fraction(800, 1000)  # Krippendorff's customary thresholds
TENTATIVE_FROM = Fraction(667, 1000)


@dataclass(frozen=True)
class Agreement:
    """Alpha over one criterion's units, or over all criteria (``criterion`` None)."""

    criterion: str | None
    units: int  # units with at least one rating
    pairable_units: int  # units with at least two ratings
    alpha_interval: float | None
    alpha_ordinal: float | None

    @property
    def banded_alpha(self) -> Fraction | None:
        """The lower of the two alphas (snapped), on which the band is decided."""
        values = [snap(a) for a in (self.alpha_interval, self.alpha_ordinal) if a is not None]
        return min(values) if values else None

    @property
    def band(self) -> str | None:
        """good (>= 0.800), tentative (>= 0.667) or poor, by the lower alpha; None if undefined.

        The lower of the two, so the band never claims more agreement than either metric.
        """
        alpha = self.banded_alpha
        if alpha is None:
            return None
        return GOOD if alpha >= GOOD_FROM else TENTATIVE if alpha >= TENTATIVE_FROM else POOR


@dataclass(frozen=True)
class AgreementReport:
    criteria: tuple[Agreement, ...]  # the most disagreeing first; undefined alphas last
    overall: Agreement


def agreement(ratings: Iterable[Rating], scale: Scale) -> AgreementReport:
    """Alpha per criterion (most disagreeing first) and over all criteria.

    Raises InputError on a score outside ``scale`` or a repeated (unit, rater, criterion).
    """
    ratings = list(ratings)
    check_ratings(ratings, scale)
    criteria = sorted({r.criterion for r in ratings})
    per_criterion = [
        _alpha(criterion, [((r.unit,), r.score) for r in ratings if r.criterion == criterion],
               scale)
        for criterion in criteria]
    overall = _alpha(None, [((r.unit, r.criterion), r.score) for r in ratings], scale)
    return AgreementReport(tuple(sorted(per_criterion, key=_disagreement_first)), overall)


def _disagreement_first(item: Agreement) -> tuple[bool, Fraction, str]:
    alpha = item.banded_alpha
    return (alpha is None, alpha if alpha is not None else Fraction(0), item.criterion or "")


def _alpha(criterion: str | None, cells: Sequence[tuple[tuple[str, ...], int]],
           scale: Scale) -> Agreement:
    per_unit: dict[tuple[str, ...], list[int]] = {}
    for unit, score in cells:
        per_unit.setdefault(unit, []).append(score)
    pairable = [scores for scores in per_unit.values() if len(scores) >= 2]
    pairable_values = {score for scores in pairable for score in scores}
    alphas: dict[str, float | None] = {"interval": None, "ordinal": None}
    if len(pairable) >= 2 and len(pairable_values) >= 2:
        # Imported here, as scipy is in impact: numpy is slow to import and rarely needed.
        import krippendorff
        import numpy as np

        # Units x levels counts (how many raters gave each level): the package's other
        # input form, the same maths as a raters x units matrix without its size.
        levels = list(scale.levels)
        counts = np.zeros((len(pairable), len(levels)))
        for row, scores in enumerate(pairable):
            for score in scores:
                counts[row, score - scale.min] += 1
        for level in alphas:
            value = float(krippendorff.alpha(value_counts=counts, value_domain=levels,
                                             level_of_measurement=level))
            alphas[level] = value if math.isfinite(value) else None
    return Agreement(criterion=criterion, units=len(per_unit), pairable_units=len(pairable),
                     alpha_interval=alphas["interval"], alpha_ordinal=alphas["ordinal"])

"""How analytics figures are shown: rounded in the direction that never flatters.

- Rates and impact ratios: three decimals rounded DOWN, so a ratio of 0.7999 reads "0.799"
  (and is flagged) rather than "0.800"; a shown ratio reads "0.800" or more exactly when
  the exact ratio meets the four-fifths rule.
- Alpha: three decimals rounded down, after snapping the float the ``krippendorff``
  package returns to nine decimals (so 0.8 computed as 0.79999999999 reads "0.800"; a
  genuine 0.7999 reads "0.799"). The band is decided on the same snapped value, so the
  shown number and the band always agree.
- Means: two decimals rounded down, as scores are everywhere else.
- Leniency offsets: two decimals rounded toward zero with a sign ("+0.41", "-0.41"), so
  an interviewer never reads as more lenient or severe than they are; the exact fraction is
  always given beside it.
- Fisher p-values: four decimals rounded UP, so a difference never reads as more
  significant than it is (and a tiny p reads "0.0001", never "0.0000").
- Shares (within 24 h): whole percent rounded down.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hiring.domain import scoring

SNAP_PLACES = 9  # floats from numpy are trusted to this many decimals, not beyond
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def snap(value: float) -> Fraction:
    """A float as the exact decimal it stands for, to nine places (numerical noise dropped)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return Fraction(Decimal(f"{value:.{SNAP_PLACES}f}"))


def _digits(units: int, places: int) -> str:
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def floor_decimal(value: Fraction | int, places: int) -> str:
    """``value`` with ``places`` decimals, rounded down (toward minus infinity)."""
    return _digits(math.floor(Fraction(value) * 10**places), places)


def ceil_decimal(value: Fraction | int, places: int) -> str:
    """``value`` with ``places`` decimals, rounded up (toward plus infinity)."""
    return _digits(math.ceil(Fraction(value) * 10**places), places)


def show_ratio(value: Fraction | None) -> str | None:
    """A rate or impact ratio: three decimals rounded down; None stays None."""
    return None if value is None else floor_decimal(value, 3)


def show_alpha(value: float | None) -> str | None:
    """An alpha: snapped to nine decimals, then three decimals rounded down."""
    return None if value is None else floor_decimal(snap(value), 3)


def show_mean(value: Fraction | None) -> str | None:
    """A mean score: two decimals rounded down."""
    return None if value is None else floor_decimal(value, 2)


def show_offset(value: Fraction | None) -> str | None:
    """A signed offset, two decimals rounded toward zero: "+0.41", "-0.41", "0.00" for 0.

    A tiny offset keeps its sign ("+0.00", "-0.00") so the direction is never lost.
    """
    if value is None:
        return None
    if value == 0:
        return "0.00"
    hundredths = math.trunc(value * 100)
    return ("+" if value > 0 else "-") + _digits(abs(hundredths), 2)


def show_p(value: float | None) -> str | None:
    """A p-value: four decimals rounded up (after snapping), at most "1.0000"."""
    if value is None:
        return None
    snapped = snap(value)
    if value > 0:  # a p-value of 1e-12 is not zero: it shows as the smallest step up
        snapped = max(snapped, Fraction(1, 10**SNAP_PLACES))
    return ceil_decimal(min(snapped, Fraction(1)), 4)


def show_share(value: Fraction | None) -> str | None:
    """A share as whole percent, rounded down: "87%"."""
    return None if value is None else f"{math.floor(value * 100)}%"


def exact(value: Fraction | None) -> str | None:
    """The reduced fraction ``p/q`` (or an integer) as text; None stays None."""
    return None if value is None else scoring.exact(value)


def csv_safe(cell: object) -> str:
    """A CSV cell a spreadsheet shows as text instead of running it as a formula.

    Text starting with ``= + - @``, a tab or a carriage return is prefixed with ``'``
    (OWASP's CSV injection advice). Numbers written as text ("-0.41") are prefixed too: the
    rule is applied to the text, whatever it holds, so nothing slips through. None is "".
    """
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text

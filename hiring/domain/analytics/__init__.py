"""Hiring science on plain values: calibration, agreement, adverse impact, turnaround.

Pure Python (plus the maintained numeric libraries ``krippendorff``, ``numpy`` and
``scipy``): the Reports pages and ``hiring analyze`` compute through these same functions,
so anyone can check the arithmetic on JSON. Plain frozen dataclasses go in and come out;
figures are exact (``Fraction``) where they can be, and every shown figure is rounded in the
direction that never flatters (see ``show``).

What is offered:

- ``calibration(ratings, scale)``: per rater, overall and per criterion, the number of
  scores, their distribution over the scale, the mean and the leniency offset against the
  other raters of the same unit and criterion, with a label. Both it and ``agreement``
  refuse a repeated (unit, rater, criterion): ``latest_per_rater(ratings)`` keeps the last.
- ``agreement(ratings, scale)``: Krippendorff's alpha (interval and ordinal) per criterion
  and over all criteria, with a band, the most disagreeing criterion first.
- ``adverse_impact(candidates, pipeline, min_group)``: per step and group, the selection
  rate, the impact ratio to the highest-rate group (four-fifths rule) and Fisher's exact
  test, with small groups suppressed.
- ``turnaround(durations)`` / ``turnaround_by(samples)``: scorecard turnaround median,
  90th percentile and share within 24 hours; ``time_in_stage(histories, stages)``.
- ``csv_safe(cell)``: a CSV cell that a spreadsheet will not run as a formula.
- ``contract``: the JSON contract of ``hiring analyze`` (parse text or decoded dicts;
  render dicts and text), for the command line and the pages alike.
"""

from hiring.domain.analytics.agreement import (
    GOOD,
    POOR,
    TENTATIVE,
    Agreement,
    AgreementReport,
    agreement,
)
from hiring.domain.analytics.calibration import (
    CALIBRATED,
    LENIENT,
    SEVERE,
    TOO_FEW,
    Calibration,
    RaterCalibration,
    Rating,
    calibration,
    latest_per_rater,
)
from hiring.domain.analytics.impact import (
    CandidateOutcome,
    GroupImpact,
    StepImpact,
    adverse_impact,
)
from hiring.domain.analytics.show import (
    csv_safe,
    show_alpha,
    show_mean,
    show_offset,
    show_p,
    show_ratio,
    show_share,
)
from hiring.domain.analytics.timing import (
    StageTime,
    Turnaround,
    TurnaroundSample,
    time_in_stage,
    turnaround,
    turnaround_by,
)

__all__ = [
    "CALIBRATED",
    "GOOD",
    "LENIENT",
    "POOR",
    "SEVERE",
    "TENTATIVE",
    "TOO_FEW",
    "Agreement",
    "AgreementReport",
    "Calibration",
    "CandidateOutcome",
    "GroupImpact",
    "RaterCalibration",
    "Rating",
    "StageTime",
    "StepImpact",
    "Turnaround",
    "TurnaroundSample",
    "adverse_impact",
    "agreement",
    "calibration",
    "csv_safe",
    "latest_per_rater",
    "show_alpha",
    "show_mean",
    "show_offset",
    "show_p",
    "show_ratio",
    "show_share",
    "time_in_stage",
    "turnaround",
    "turnaround_by",
]

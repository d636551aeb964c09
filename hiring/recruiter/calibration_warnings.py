"""The warning after assigning an interviewer a requisition wants calibrated, and is not."""

from __future__ import annotations

from collections.abc import Iterable

from flask import flash

from hiring.models import Interview, Requisition
from hiring.queries.calibration import assignment_warnings


def warn_uncalibrated(requisition: Requisition, interviews: Iterable[Interview]) -> None:
    """Flash a warning per uncalibrated interviewer of a stage that wants calibration: the
    assignment stands (a warning, never a refusal)."""
    for warning in assignment_warnings(requisition, [(i.stage, i.interviewer_id)
                                                     for i in interviews]):
        flash(warning, "warning")

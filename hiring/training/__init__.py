"""The interviewers' Training area: calibration exercises on gold-standard answers.

An exercise is taken exactly as a scorecard is filled; on submit the gold scores and their
rationale are shown next to the interviewer's own, with the offset and agreement.
"""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")

from hiring.training import views  # noqa: E402, F401


@bp.app_template_global("calibration_notice")
def _calibration_notice(requisition):  # type: ignore[no-untyped-def]
    """The assignment forms' notice of stages that want calibrated interviewers."""
    from hiring.queries.calibration import calibration_notice

    return calibration_notice(requisition)

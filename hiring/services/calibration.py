"""Taking a calibration exercise: the scorecard form's checks, then the attempt is stored.

The input is checked exactly as a scorecard's is (``hiring.services.scorecard_input``): a
score or "not assessed" with a reason for every criterion, evidence with every score. The
gold scores are copied onto the attempt. Services only flush; the view commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from hiring.domain.calibration_exercise import CalibrationExercise
from hiring.domain.rubric import Rubric
from hiring.extensions import db
from hiring.models import CalibrationAttempt, Requisition, User
from hiring.services import audit
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.scorecard_input import (
    ScorecardData,
    clean,
    field_errors,
    refuse_tampering,
)


def record_attempt(user: User, exercise: CalibrationExercise, rubric: Rubric,
                   data: ScorecardData) -> CalibrationAttempt:
    """Store a complete attempt. Raises ServiceError for input no form of ours sends, and
    ValidationFailed (by field, as the scorecard form names them) for what is missing."""
    stage = rubric.stage(exercise.stage_id)
    if stage is None or rubric.id != exercise.rubric_id:
        raise ServiceError("This exercise does not belong to that rubric stage.")
    if data.flags or data.other_flag_label or data.other_flag_note:
        raise ServiceError("Calibration exercises take no red flags.")
    refuse_tampering(rubric, stage, data)
    errors = field_errors(rubric, stage, data, complete=True)
    if errors:
        raise ValidationFailed(errors)
    answers = {}
    for criterion in rubric.stage_criteria(stage.id):
        entry = data.criteria[criterion.id]
        answers[criterion.id] = {"score": entry.score, "not_assessed": entry.not_assessed,
                                 "reason": clean(entry.reason),
                                 "evidence": clean(entry.evidence)}
    attempt = CalibrationAttempt(user_id=user.id, exercise_id=exercise.id,
                                 exercise_version=exercise.version, rubric_key=rubric.id,
                                 stage_id=stage.id, answers=answers,
                                 gold=exercise.gold_scores())
    db.session.add(attempt)
    db.session.flush()
    return attempt


def set_calibrated_stages(requisition: Requisition, stage_ids: Iterable[str],
                          actor: User | None = None) -> bool:
    """Which interview stages of the requisition want calibrated interviewers; True when
    that changed. Raises ValidationFailed (``calibrated_stages``) for a stage its rubric
    does not have. Assigning an uncalibrated interviewer stays possible: it warns."""
    rubric = requisition.rubric_version.rubric
    wanted = list(dict.fromkeys(stage_ids))
    unknown = [s for s in wanted if rubric.stage(s) is None]
    if unknown:
        raise ValidationFailed({"calibrated_stages": [
            f"{unknown[0]!r} is not an interview stage of {rubric.title}."]})
    ordered = [s.id for s in rubric.stages if s.id in wanted]
    before = list(requisition.calibrated_stages or ())
    if ordered == before:
        return False
    requisition.calibrated_stages = ordered
    db.session.flush()
    audit.record("requisition.calibration_required", requisition, actor=actor,
                 before={"calibrated_stages": before}, after={"calibrated_stages": ordered})
    return True

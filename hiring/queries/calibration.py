"""Calibration attempts: an interviewer's results, who is calibrated, assignment warnings.

The "is calibrated" rule is ``hiring.domain.calibration_exercise.is_calibrated``; this module
only fetches the attempts it needs. ``results_by_interviewer`` is what the calibration
report reads.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select

from hiring.domain.calibration_exercise import AttemptRecord, is_calibrated
from hiring.domain.rubric import Rubric
from hiring.extensions import db
from hiring.models import CalibrationAttempt, Requisition, User


def _ordered() -> tuple[object, ...]:
    return (CalibrationAttempt.submitted_at, CalibrationAttempt.id)


def attempts_of(user_id: int, rubric_key: str | None = None) -> list[CalibrationAttempt]:
    """One interviewer's attempts, oldest first (optionally of one rubric)."""
    query = select(CalibrationAttempt).where(CalibrationAttempt.user_id == user_id)
    if rubric_key is not None:
        query = query.where(CalibrationAttempt.rubric_key == rubric_key)
    return list(db.session.scalars(query.order_by(*_ordered())))  # type: ignore[arg-type]


def results_by_interviewer(rubric_key: str | None = None, stage_id: str | None = None,
                           user_ids: Collection[int] | None = None
                           ) -> dict[int, list[CalibrationAttempt]]:
    """Every attempt, grouped by interviewer id, oldest first: for the calibration report
    (each attempt's ``result`` gives offset, exact and within-one agreement with gold)."""
    query = select(CalibrationAttempt)
    if rubric_key is not None:
        query = query.where(CalibrationAttempt.rubric_key == rubric_key)
    if stage_id is not None:
        query = query.where(CalibrationAttempt.stage_id == stage_id)
    if user_ids is not None:
        query = query.where(CalibrationAttempt.user_id.in_(list(user_ids)))
    grouped: dict[int, list[CalibrationAttempt]] = {}
    for attempt in db.session.scalars(query.order_by(*_ordered())):  # type: ignore[arg-type]
        grouped.setdefault(attempt.user_id, []).append(attempt)
    return grouped


def records(attempts: Iterable[CalibrationAttempt]) -> list[AttemptRecord]:
    return [AttemptRecord(a.exercise_id, a.result) for a in attempts]


def calibrated_users(user_ids: Collection[int], rubric_key: str, stage_id: str) -> set[int]:
    """Those of ``user_ids`` calibrated for the rubric's stage (one query)."""
    grouped = results_by_interviewer(rubric_key, stage_id, user_ids)
    return {uid for uid, attempts in grouped.items() if is_calibrated(records(attempts))}


def assignment_warnings(requisition: Requisition, assignments: Iterable[tuple[str, int]]
                        ) -> list[str]:
    """Warnings (never refusals) for (stage id, interviewer id) pairs whose stage the
    requisition wants calibrated interviewers for and whose interviewer is not."""
    required = set(requisition.calibrated_stages or ())
    pairs = [(stage, uid) for stage, uid in assignments if stage in required and uid]
    if not pairs:
        return []
    rubric: Rubric = requisition.rubric_version.rubric
    warnings: list[str] = []
    for stage_id in dict.fromkeys(stage for stage, _ in pairs):
        uids = {uid for stage, uid in pairs if stage == stage_id}
        missing = uids - calibrated_users(uids, rubric.id, stage_id)
        stage = rubric.stage(stage_id)
        for user in db.session.scalars(select(User).where(User.id.in_(missing))
                                       .order_by(User.name)):
            warnings.append(
                f"{user.name} is not calibrated for {stage.name if stage else stage_id} "
                f"interviews, which {requisition.title} asks calibrated interviewers for "
                "(two exercises within one point of gold on every criterion, in Training). "
                "The interview was assigned anyway.")
    return warnings


def calibrated_among(requisition: Requisition, user_ids: Collection[int]
                     ) -> dict[str, set[int]]:
    """For each stage the requisition requires calibration for: which of ``user_ids`` are
    calibrated (for the notice on the assignment forms)."""
    rubric = requisition.rubric_version.rubric
    return {stage_id: calibrated_users(user_ids, rubric.id, stage_id)
            for stage_id in requisition.calibrated_stages or () if rubric.stage(stage_id)}


def calibration_notice(requisition: Requisition) -> list[tuple[str, list[str]]]:
    """For the assignment forms: each stage the requisition wants calibrated interviewers
    for, with the names of the active interviewers who are (in name order)."""
    if not requisition.calibrated_stages:
        return []
    people = list(db.session.scalars(select(User).where(User.active.is_(True))
                                     .order_by(User.name)))
    people = [u for u in people if u.has_role("interviewer")]
    ready = calibrated_among(requisition, [u.id for u in people])
    rubric = requisition.rubric_version.rubric
    return [(stage.name, [u.name for u in people if u.id in ready[stage_id]])
            for stage_id in ready if (stage := rubric.stage(stage_id)) is not None]


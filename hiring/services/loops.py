"""Scheduling a round's loop: an interviewer and a time for each interview of the round, at once.

Q6's technical round is four interviews in one afternoon; assigning them one form at a time
is how a slot gets double-booked or forgotten. Each interview goes through
``assign_interview`` (the same rules as a single assignment), inside a savepoint, so the
loop is all or nothing: one bad slot leaves nothing scheduled and every problem is reported
against its own slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from hiring.domain.rubric import Round, Stage
from hiring.extensions import db
from hiring.models import Candidate, Interview, User
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.interviews import assign_interview


@dataclass(frozen=True)
class Slot:
    """One interview of the loop as typed: a time or duration left empty takes the default."""

    stage: str
    interviewer_id: int | None
    scheduled_at: dt.datetime | None = None
    duration_minutes: int | None = None


def loop_round(candidate: Candidate, round_id: str) -> Round:
    """The round of the candidate's rubric; ServiceError when it has no such round."""
    found = candidate.requisition.rubric_version.rubric.round(round_id)
    if found is None:
        raise ServiceError("This requisition's rubric has no such round.")
    return found


def unscheduled_stages(candidate: Candidate, round_id: str) -> list[Stage]:
    """The round's interview stages that have no live (not cancelled) interview yet."""
    rubric = candidate.requisition.rubric_version.rubric
    held = set(db.session.scalars(
        select(Interview.stage).where(Interview.candidate_id == candidate.id,
                                      Interview.status != "cancelled")))
    return [s for s in rubric.round_stages(loop_round(candidate, round_id).id)
            if s.id not in held]


def default_times(start: dt.datetime, slots: Sequence[Slot],
                  minutes: Sequence[int]) -> list[tuple[dt.datetime, int]]:
    """Each slot's (start, minutes): empty times follow the previous interview back to back."""
    times = []
    at = start
    for slot, length in zip(slots, minutes, strict=True):
        begins = slot.scheduled_at or at
        duration = slot.duration_minutes or length
        times.append((begins, duration))
        at = begins + dt.timedelta(minutes=duration)
    return times


def _overlaps(times: Sequence[tuple[dt.datetime, int]], slots: Sequence[Slot]) -> dict[int, str]:
    """Slot index -> the earlier slot of the same interviewer it overlaps."""
    clashes = {}
    for i, (begins, length) in enumerate(times):
        ends = begins + dt.timedelta(minutes=length)
        for j in range(i):
            other, other_length = times[j]
            if (slots[i].interviewer_id and slots[i].interviewer_id == slots[j].interviewer_id
                    and begins < other + dt.timedelta(minutes=other_length) and other < ends):
                clashes[i] = slots[j].stage
                break
    return clashes


def schedule_round(candidate: Candidate, round_id: str, start: dt.datetime | None,
                   slots: Sequence[Slot], actor: User | None = None) -> list[Interview]:
    """Assign every slot of a round's loop in one go, audited as one scheduling.

    ``start`` is when the first interview with no time of its own begins. Raises
    ValidationFailed keyed ``start`` or ``slots-<i>-<field>`` (field ``interviewer``,
    ``scheduled_at``, ``duration`` or ``stage``), with nothing scheduled.
    """
    rubric = candidate.requisition.rubric_version.rubric
    found = loop_round(candidate, round_id)
    errors: dict[str, list[str]] = {}
    if not slots:
        raise ServiceError(f"Every interview of {found.name} is scheduled already.")
    stages = [rubric.stage(s.stage) for s in slots]
    for i, (slot, stage) in enumerate(zip(slots, stages, strict=True)):
        if stage is None or stage.id not in found.interviews:
            errors[f"slots-{i}-stage"] = [f"Not an interview of {found.name}."]
        elif [s.stage for s in slots].count(slot.stage) > 1:
            errors[f"slots-{i}-stage"] = [f"{stage.name} is listed twice."]
    if start is None and any(s.scheduled_at is None for s in slots):
        errors["start"] = ["Enter when the loop starts, or a time for every interview."]
    if errors:
        raise ValidationFailed(errors)
    known = [s for s in stages if s is not None]
    # Without a start, every slot has its own time (checked above): the first one starts.
    first = start or next(s.scheduled_at for s in slots if s.scheduled_at is not None)
    try:
        times = default_times(first, slots, [s.minutes for s in known])
    except OverflowError:  # back to back past the last representable day
        raise ValidationFailed({"start": ["Choose a real date and time."]}) from None
    names = {s.id: s.name for s in known}
    for i, stage_id in _overlaps(times, slots).items():
        errors[f"slots-{i}-scheduled_at"] = [
            f"Overlaps this interviewer's {names[stage_id]} interview in the same loop."]
    created: list[Interview] = []
    savepoint = db.session.begin_nested()
    try:
        for i, (slot, (begins, length)) in enumerate(zip(slots, times, strict=True)):
            try:
                created.append(assign_interview(
                    candidate, stage=slot.stage, interviewer_id=slot.interviewer_id,
                    scheduled_at=begins, duration_minutes=length, actor=actor))
            except ValidationFailed as exc:
                for field, messages in exc.errors.items():
                    errors.setdefault(f"slots-{i}-{field or 'stage'}", []).extend(messages)
        if errors:
            raise ValidationFailed(errors)
    except ServiceError:
        savepoint.rollback()  # nothing of the loop is kept
        raise
    savepoint.commit()
    audit.record("candidate.round_scheduled", candidate, actor=actor, after={
        "round": found.id, "interviews": [
            {"id": iv.id, "stage": iv.stage, "interviewer_id": iv.interviewer_id,
             "scheduled_at": iv.scheduled_at.isoformat(), "duration_minutes":
             iv.duration_minutes} for iv in created]})
    evaluations.refresh_one(candidate)
    return created

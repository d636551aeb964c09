"""The candidate pipeline: applied, the rubric's stages in order, debrief, then terminal states."""

from __future__ import annotations

from dataclasses import dataclass

from hiring.domain.rubric import Rubric

APPLIED = "applied"
DEBRIEF = "debrief"
OFFER = "offer"
HIRED = "hired"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
TERMINAL = (OFFER, HIRED, REJECTED, WITHDRAWN)
STATUSES = ("active", *TERMINAL)  # a candidate's status: still moving, or where they ended

_LABELS = {APPLIED: "Applied", DEBRIEF: "Debrief", OFFER: "Offer", HIRED: "Hired",
           REJECTED: "Rejected", WITHDRAWN: "Withdrawn", "active": "Active"}


@dataclass(frozen=True)
class PipelineStage:
    id: str
    label: str
    interview: bool  # an interview stage of the rubric, where scorecards are written
    terminal: bool


def pipeline(rubric: Rubric) -> tuple[PipelineStage, ...]:
    return (
        PipelineStage(APPLIED, _LABELS[APPLIED], False, False),
        *(PipelineStage(s.id, s.name, True, False) for s in rubric.stages),
        PipelineStage(DEBRIEF, _LABELS[DEBRIEF], False, False),
        *(PipelineStage(t, _LABELS[t], False, True) for t in TERMINAL),
    )


def stage_ids(rubric: Rubric) -> tuple[str, ...]:
    return tuple(s.id for s in pipeline(rubric))


def stage_label(rubric: Rubric, stage_id: str) -> str:
    stage = rubric.stage(stage_id)
    return stage.name if stage else _LABELS.get(stage_id, stage_id)


def status_of(stage_id: str) -> str:
    return stage_id if stage_id in TERMINAL else "active"


def status_label(status: str) -> str:
    return _LABELS.get(status, status)

"""Where candidates are in the pipeline and where they have been, read from the database.

Counts come from grouped queries (one per page, never one per row); time in stage and the
funnel come from the StageMove history. The maths on them is in hiring/domain/pipeline.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from hiring.domain.pipeline import StageSpan, stage_spans
from hiring.extensions import db
from hiring.models import Candidate, Requisition, StageMove


def with_rubric() -> LoaderOption:
    """Load option: a candidate with its requisition and pinned rubric version in the same
    statement (every candidate page reads the rubric; nothing loads it by default)."""
    return joinedload(Candidate.requisition).joinedload(Requisition.rubric_version)


def stage_counts(requisition_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """Current number of candidates per stage, for each requisition (one grouped query)."""
    ids = list(requisition_ids)
    counts: dict[int, Counter[str]] = {i: Counter() for i in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Candidate.requisition_id, Candidate.stage, func.count(Candidate.id))
        .where(Candidate.requisition_id.in_(ids))
        .group_by(Candidate.requisition_id, Candidate.stage))
    for requisition_id, stage, count in rows:
        counts[requisition_id][stage] = count
    return counts


def reached_counts(requisition_id: int) -> Counter[str]:
    """How many distinct candidates ever entered each stage, from the move history."""
    rows = db.session.execute(
        select(StageMove.to_stage, func.count(func.distinct(StageMove.candidate_id)))
        .join(Candidate, StageMove.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition_id)
        .group_by(StageMove.to_stage))
    reached: Counter[str] = Counter()
    for stage, count in rows:
        reached[stage] = count
    return reached


def stage_history(candidate: Candidate) -> list[StageSpan[StageMove]]:
    """The candidate's moves, oldest first, each with the time spent in the stage it entered."""
    moves = list(db.session.scalars(
        select(StageMove).where(StageMove.candidate_id == candidate.id)
        .options(joinedload(StageMove.moved_by))
        .order_by(StageMove.moved_at, StageMove.id)))
    return stage_spans(candidate.requisition.rubric_version.rubric, moves)

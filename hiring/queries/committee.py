"""The committee's index: their requisitions, candidates ready for a debrief first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import joinedload

from hiring.domain.decision import Outcome
from hiring.domain.pipeline import DEBRIEF, TERMINAL, stage_ids, stage_label
from hiring.extensions import db
from hiring.models import (
    Candidate,
    CandidateEvaluation,
    CommitteeDecision,
    Interview,
    Requisition,
    User,
)
from hiring.models.requisition import requisition_committee
from hiring.permissions import pending_interview_ids
from hiring.queries.evaluation import evaluate_many

DEBRIEF_SHOWN = 10  # per requisition; the rest are counted, longest waiting shown first
DECIDED_SHOWN = 10


@dataclass(frozen=True)
class BoardFigures:
    """What the index shows of a candidate's evaluation."""

    outcome: Outcome
    weighted_score: Fraction | None
    submitted: int
    awaited: int  # live interviews without a submitted scorecard (drafts count as awaited)


@dataclass(frozen=True)
class BoardCandidate:
    candidate: Candidate
    outcome: Outcome | None  # None while the viewer's own scorecard is pending
    weighted_score: Fraction | None
    submitted: int
    awaited: int  # live interviews without a submitted scorecard (drafts count as awaited)
    pending_interview_id: int | None = None  # the viewer's own interview still to write up


@dataclass(frozen=True)
class BoardRequisition:
    requisition: Requisition
    in_debrief: tuple[BoardCandidate, ...]
    debrief_total: int
    decided: tuple[CommitteeDecision, ...]  # standing decisions, newest first
    decided_total: int
    pipeline: tuple[tuple[str, int], ...]  # (stage label, candidates) before the debrief
    # candidate id -> the viewer's earliest interview of them without a submitted scorecard:
    # for those, neither the engine's outcome nor the decision is shown (independence).
    pending: Mapping[int, int] = field(default_factory=dict)

    @property
    def pipeline_total(self) -> int:
        return sum(n for _, n in self.pipeline)

    @property
    def bar(self) -> Fraction:
        """The requisition's bar, shown beside its scores (3.50 and 4.00 look alike)."""
        return self.requisition.rubric_version.rubric.decision.bar


def committee_requisitions(user: User) -> list[Requisition]:
    """The requisitions whose committee the user sits on, open ones first."""
    query = (select(Requisition)
             .join(requisition_committee,
                   requisition_committee.c.requisition_id == Requisition.id)
             .where(requisition_committee.c.user_id == user.id)
             .options(joinedload(Requisition.rubric_version))  # its bar and key are shown
             .order_by(Requisition.status.desc(), Requisition.title, Requisition.id))
    return list(db.session.scalars(query))


def _interview_counts(ids: Sequence[int]) -> dict[int, int]:
    query = (select(Interview.candidate_id, func.count(Interview.id))
             .where(Interview.candidate_id.in_(ids), Interview.status != "cancelled")
             .group_by(Interview.candidate_id))
    return {row[0]: row[1] for row in db.session.execute(query).all()}


def _stored_rows(ids: Sequence[int]) -> dict[int, BoardFigures]:
    """The stored evaluation summaries of these candidates (one query, six columns)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(CandidateEvaluation.candidate_id, CandidateEvaluation.outcome,
               CandidateEvaluation.score_numerator, CandidateEvaluation.score_denominator,
               CandidateEvaluation.submitted, CandidateEvaluation.awaited)
        .where(CandidateEvaluation.candidate_id.in_(ids)))
    return {cid: BoardFigures(Outcome(outcome),
                              Fraction(num, den) if num is not None and den else None,
                              submitted, awaited)
            for cid, outcome, num, den, submitted, awaited in rows}


def _live(candidates: Sequence[Candidate]) -> dict[int, BoardFigures]:
    """The same figures from the engine, for candidates without a stored summary (a database
    not rebuilt since the upgrade, rows written in bulk): slower, never different."""
    if not candidates:
        return {}
    evaluations = evaluate_many(candidates)
    interviews = _interview_counts([c.id for c in candidates])
    figures = {}
    for c in candidates:
        decision, submitted = evaluations[c.id].decision, len(evaluations[c.id].submitted)
        figures[c.id] = BoardFigures(decision.outcome, decision.weighted_score, submitted,
                                     max(0, interviews.get(c.id, 0) - submitted))
    return figures


def board_figures(candidates: Sequence[Candidate]) -> dict[int, BoardFigures]:
    """Outcome, weighted score and scorecard counts per candidate: the stored summaries
    (hiring.services.evaluations keeps them up to date with every write), and the live
    engine for any candidate without one."""
    stored = _stored_rows([c.id for c in candidates])
    return {**_live([c for c in candidates if c.id not in stored]), **stored}


def _undecided() -> ColumnElement[bool]:
    return ~exists().where(CommitteeDecision.candidate_id == Candidate.id,
                           CommitteeDecision.reopened_at.is_(None))


def _awaiting_debrief(req_ids: Sequence[int]) -> list[Candidate]:
    """Up to DEBRIEF_SHOWN undecided candidates in debrief per requisition, longest waiting
    first (a window function: one query however many requisitions)."""
    rank = func.row_number().over(partition_by=Candidate.requisition_id,
                                  order_by=(Candidate.stage_entered_at, Candidate.id))
    ranked = (select(Candidate.id, rank.label("rank"))
              .where(Candidate.requisition_id.in_(req_ids), Candidate.stage == DEBRIEF,
                     _undecided()).subquery())
    shown = select(ranked.c.id).where(ranked.c.rank <= DEBRIEF_SHOWN)
    return list(db.session.scalars(select(Candidate).where(Candidate.id.in_(shown))
                                   .order_by(Candidate.stage_entered_at, Candidate.id)))


def _recent_decisions(req_ids: Sequence[int]) -> list[CommitteeDecision]:
    rank = func.row_number().over(partition_by=Candidate.requisition_id,
                                  order_by=(CommitteeDecision.decided_at.desc(),
                                            CommitteeDecision.id.desc()))
    ranked = (select(CommitteeDecision.id, rank.label("rank"))
              .join(Candidate, Candidate.id == CommitteeDecision.candidate_id)
              .where(Candidate.requisition_id.in_(req_ids),
                     CommitteeDecision.reopened_at.is_(None)).subquery())
    shown = select(ranked.c.id).where(ranked.c.rank <= DECIDED_SHOWN)
    return list(db.session.scalars(
        select(CommitteeDecision).where(CommitteeDecision.id.in_(shown))
        .options(joinedload(CommitteeDecision.candidate), joinedload(CommitteeDecision.decided_by))
        .order_by(CommitteeDecision.decided_at.desc(), CommitteeDecision.id.desc())))


def _counts(req_ids: Sequence[int]) -> tuple[dict[int, dict[str, int]], dict[int, int],
                                               dict[int, int]]:
    """Per requisition: candidates per stage, undecided in debrief, standing decisions."""
    per_stage: dict[int, dict[str, int]] = {}
    for req_id, stage, n in db.session.execute(
            select(Candidate.requisition_id, Candidate.stage, func.count(Candidate.id))
            .where(Candidate.requisition_id.in_(req_ids))
            .group_by(Candidate.requisition_id, Candidate.stage)):
        per_stage.setdefault(req_id, {})[stage] = n
    awaiting = dict(db.session.execute(
        select(Candidate.requisition_id, func.count(Candidate.id))
        .where(Candidate.requisition_id.in_(req_ids), Candidate.stage == DEBRIEF, _undecided())
        .group_by(Candidate.requisition_id)).all())
    decided = dict(db.session.execute(
        select(Candidate.requisition_id, func.count(CommitteeDecision.id))
        .join(Candidate, Candidate.id == CommitteeDecision.candidate_id)
        .where(Candidate.requisition_id.in_(req_ids), CommitteeDecision.reopened_at.is_(None))
        .group_by(Candidate.requisition_id)).all())
    return per_stage, awaiting, decided


def committee_board(user: User) -> list[BoardRequisition]:
    """Each of the user's requisitions: who waits for a debrief (with the engine's
    recommendation), the latest decisions on record, and how many are still interviewing.

    The engine's figures come from the stored evaluation summaries (``board_figures``), never
    for candidates on whom the user still owes a scorecard (independence: their rows say
    "submit yours first"); a fixed number of queries, whatever the number of requisitions
    and candidates, and no scorecard is loaded.
    """
    requisitions = committee_requisitions(user)
    if not requisitions:
        return []
    req_ids = [r.id for r in requisitions]
    waiting = _awaiting_debrief(req_ids)
    decisions = _recent_decisions(req_ids)
    pending = pending_interview_ids(
        user, {c.id for c in waiting} | {d.candidate_id for d in decisions})
    figures = board_figures([c for c in waiting if c.id not in pending])
    per_stage, awaiting, decided = _counts(req_ids)
    rows: dict[int, list[BoardCandidate]] = {i: [] for i in req_ids}
    for c in waiting:  # in waiting order, grouped by requisition in one pass
        if c.id in pending:
            row = BoardCandidate(c, None, None, 0, 0, pending[c.id])
        else:
            shown = figures[c.id]
            row = BoardCandidate(c, shown.outcome, shown.weighted_score, shown.submitted,
                                 shown.awaited)
        rows[c.requisition_id].append(row)
    decided_rows: dict[int, list[CommitteeDecision]] = {i: [] for i in req_ids}
    for d in decisions:
        decided_rows[d.candidate.requisition_id].append(d)
    board = []
    for req in requisitions:
        rubric = req.rubric_version.rubric
        stages = per_stage.get(req.id, {})
        pipeline = tuple((stage_label(rubric, s), stages[s]) for s in stage_ids(rubric)
                         if s not in (DEBRIEF, *TERMINAL) and stages.get(s))
        board.append(BoardRequisition(
            req, tuple(rows[req.id]), awaiting.get(req.id, 0), tuple(decided_rows[req.id]),
            decided.get(req.id, 0), pipeline, pending))
    return board


def standing_decisions_query() -> Select[tuple[CommitteeDecision]]:
    """Every standing decision, newest first, with candidate, requisition and author loaded."""
    return (select(CommitteeDecision)
            .where(CommitteeDecision.reopened_at.is_(None))
            .options(joinedload(CommitteeDecision.candidate).joinedload(Candidate.requisition),
                     joinedload(CommitteeDecision.decided_by))
            .order_by(CommitteeDecision.decided_at.desc(), CommitteeDecision.id.desc()))


def recently_reopened(limit: int = 10) -> list[CommitteeDecision]:
    query = (select(CommitteeDecision)
             .where(CommitteeDecision.reopened_at.is_not(None))
             .options(joinedload(CommitteeDecision.candidate).joinedload(Candidate.requisition),
                      joinedload(CommitteeDecision.reopened_by))
             .order_by(CommitteeDecision.reopened_at.desc()).limit(limit))
    return list(db.session.scalars(query))

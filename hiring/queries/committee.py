"""The committee's index: their requisitions, candidates ready for a debrief first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    case,
    exists,
    func,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import joinedload

from hiring.database import among
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
# Requisitions per "longest waiting" statement: one LIMIT query each, joined by UNION ALL
# (SQLite allows 500 terms in one compound SELECT).
WAITING_BATCH = 100


@dataclass(frozen=True)
class BoardFigures:
    """What the index shows of a candidate's evaluation."""

    outcome: Outcome
    weighted_score: Fraction | None
    submitted: int
    awaited: int  # live interviews without a submitted scorecard (drafts count as awaited)


@dataclass(frozen=True, slots=True)
class WaitingCandidate:
    """What the index shows of a candidate waiting for a debrief: four columns, no entity."""

    id: int
    requisition_id: int
    name: str
    stage_entered_at: dt.datetime


@dataclass(frozen=True)
class BoardCandidate:
    candidate: WaitingCandidate
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
        .where(among(CandidateEvaluation.candidate_id, ids)))
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


def board_figures(ids: Sequence[int]) -> dict[int, BoardFigures]:
    """Outcome, weighted score and scorecard counts per candidate id: the stored summaries
    (hiring.services.evaluations keeps them up to date with every write), and the live
    engine for any candidate without one."""
    stored = _stored_rows(ids)
    missing = [i for i in ids if i not in stored]
    if not missing:
        return stored
    return {**_live(list(db.session.scalars(select(Candidate).where(Candidate.id.in_(missing))))),
            **stored}


def _undecided() -> ColumnElement[bool]:
    return ~exists().where(CommitteeDecision.candidate_id == Candidate.id,
                           CommitteeDecision.reopened_at.is_(None))


def _longest_waiting(requisition_id: ColumnElement[int], shown: int
                     ) -> Select[tuple[int, int, str, dt.datetime]]:
    """The ``shown`` longest waiting undecided candidates in debrief of one requisition: a
    range of ``ix_candidates_stage_queue``, read in order and stopped there."""
    return (select(Candidate.id, Candidate.requisition_id, Candidate.name,
                   Candidate.stage_entered_at)
            .where(Candidate.requisition_id == requisition_id, Candidate.stage == DEBRIEF,
                   _undecided())
            .order_by(Candidate.stage_entered_at, Candidate.id).limit(shown))


# Both statements are built once per shape: building forty SELECTs cost more than running them.
@lru_cache(maxsize=32)
def _waiting_union(requisitions: int, shown: int) -> Select[Any] | CompoundSelect:
    """SQLite: one UNION ALL term per requisition, bound as r0, r1, ..."""
    terms = [_longest_waiting(bindparam(f"r{i}"), shown).subquery().select()
             for i in range(requisitions)]
    return terms[0] if requisitions == 1 else union_all(*terms)


@lru_cache(maxsize=8)
def _waiting_lateral(shown: int) -> Select[Any]:
    """PostgreSQL: one LATERAL subquery per id of the bound array (forty UNION branches
    cost PostgreSQL 11 ms of planning; this, 2 ms in all)."""
    reqs = (func.unnest(bindparam("req_ids", type_=ARRAY(Integer))).table_valued("id")
            .render_derived())
    waiting = _longest_waiting(reqs.c.id, shown).lateral()
    return select(*waiting.c).select_from(reqs).join(waiting, true())


def _awaiting_debrief(req_ids: Sequence[int]) -> list[WaitingCandidate]:
    """Up to DEBRIEF_SHOWN undecided candidates in debrief per requisition, longest waiting
    first, as four columns (no entity): one statement on PostgreSQL, one per
    WAITING_BATCH requisitions on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        batches = [(_waiting_lateral(DEBRIEF_SHOWN), {"req_ids": list(req_ids)})]
    else:
        batches = [(_waiting_union(len(batch), DEBRIEF_SHOWN),
                    {f"r{i}": req_id for i, req_id in enumerate(batch)})
                   for batch in (req_ids[start:start + WAITING_BATCH]
                                 for start in range(0, len(req_ids), WAITING_BATCH))]
    found = [WaitingCandidate(*row) for statement, params in batches
             for row in db.session.execute(statement, params)]
    return sorted(found, key=lambda c: (c.stage_entered_at, c.id))


@dataclass(frozen=True)
class _Decided:
    shown: list[CommitteeDecision]  # up to DECIDED_SHOWN per requisition, newest first
    total: dict[int, int]  # requisition id -> standing decisions
    in_debrief: dict[int, int]  # requisition id -> of those, candidates still in debrief


def _recent_decisions(req_ids: Sequence[int]) -> _Decided:
    """The latest standing decisions per requisition, and their counts from the same window
    (one statement: the counts ride on each requisition's rows)."""
    window = {"partition_by": Candidate.requisition_id}
    ranked = (select(CommitteeDecision.id,
                     func.row_number().over(**window, order_by=(
                         CommitteeDecision.decided_at.desc(),
                         CommitteeDecision.id.desc())).label("rank"),
                     func.count().over(**window).label("total"),
                     func.count(case((Candidate.stage == DEBRIEF, 1))).over(**window)
                     .label("in_debrief"))
              .join(Candidate, Candidate.id == CommitteeDecision.candidate_id)
              .where(Candidate.requisition_id.in_(req_ids),
                     CommitteeDecision.reopened_at.is_(None)).subquery())
    found = _Decided([], {}, {})
    for decision, total, in_debrief in db.session.execute(
            select(CommitteeDecision, ranked.c.total, ranked.c.in_debrief)
            .join(ranked, ranked.c.id == CommitteeDecision.id)
            .where(ranked.c.rank <= DECIDED_SHOWN)
            .options(joinedload(CommitteeDecision.candidate),
                     joinedload(CommitteeDecision.decided_by))
            .order_by(CommitteeDecision.decided_at.desc(), CommitteeDecision.id.desc())):
        found.shown.append(decision)
        found.total[decision.candidate.requisition_id] = total
        found.in_debrief[decision.candidate.requisition_id] = in_debrief
    return found


def _per_stage(req_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per requisition: candidates per stage (a range count of ix_candidates_stage_queue)."""
    per_stage: dict[int, dict[str, int]] = {}
    for req_id, stage, n in db.session.execute(
            select(Candidate.requisition_id, Candidate.stage, func.count(Candidate.id))
            .where(Candidate.requisition_id.in_(req_ids))
            .group_by(Candidate.requisition_id, Candidate.stage)):
        per_stage.setdefault(req_id, {})[stage] = n
    return per_stage


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
    decided = _recent_decisions(req_ids)
    pending = pending_interview_ids(
        user, {c.id for c in waiting} | {d.candidate_id for d in decided.shown})
    figures = board_figures([c.id for c in waiting if c.id not in pending])
    per_stage = _per_stage(req_ids)
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
    for d in decided.shown:
        decided_rows[d.candidate.requisition_id].append(d)
    board = []
    for req in requisitions:
        rubric = req.rubric_version.rubric
        stages = per_stage.get(req.id, {})
        pipeline = tuple((stage_label(rubric, s), stages[s]) for s in stage_ids(rubric)
                         if s not in (DEBRIEF, *TERMINAL) and stages.get(s))
        # Undecided in debrief: all in debrief but those with a standing decision.
        awaiting = stages.get(DEBRIEF, 0) - decided.in_debrief.get(req.id, 0)
        board.append(BoardRequisition(
            req, tuple(rows[req.id]), awaiting, tuple(decided_rows[req.id]),
            decided.total.get(req.id, 0), pipeline, pending))
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

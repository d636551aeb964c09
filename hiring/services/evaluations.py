"""Candidate evaluation summaries: recomputed from scratch in the transaction of every write.

The committee index shows each candidate's engine outcome, weighted score and scorecard
counts; computing them live for 400 candidates is 400 engine runs. The summary row
(``CandidateEvaluation``) stores them, with the fingerprint of everything the debrief and
the packet show, and is derived data kept honest:

- ``summarise`` is the one recompute: it builds the candidate's debrief (``build_debrief``:
  the same ``evaluate`` -> ``decide`` path as every page) and reads the figures off it;
  there is no second implementation of the rule.
- ``refresh`` stores it, in the caller's transaction (flush only). Every service that
  changes what a debrief shows calls it at its end: scorecards (draft, submit, amend),
  interviews (assign, reassign, cancel, a round's loop), decisions (record, reopen),
  candidates (add, update, move), erasure and purge, requisition facts and rubric version,
  and user names and emails (interviewer labels, deciders).
- ``verify`` compares every stored row with a fresh ``summarise`` (``hiring evaluations
  verify``, and the tests after each write path); ``rebuild`` fills the table.

Concurrency: ``refresh`` locks the candidates' rows (FOR UPDATE, in id order) before
reading, so two writes on one candidate (two interviewers submitting at once) recompute one
after the other and the second sees the first's scorecard; on PostgreSQL the session's
objects are expired after the lock, so nothing read before it (a colleague renamed since)
goes into the summary. SQLite serialises writers already (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from hiring.database import utcnow
from hiring.domain.decision import Outcome
from hiring.extensions import db
from hiring.models import (
    Candidate,
    CandidateEvaluation,
    CommitteeDecision,
    Interview,
    Requisition,
    User,
)
from hiring.queries.debrief import build_debrief

CHUNK = 200  # candidates per lock/load round (and per commit in ``rebuild``)


@dataclass(frozen=True)
class Summary:
    """What the summary row holds (without its time), as the engine computed it."""

    outcome: Outcome
    weighted_score: Fraction | None
    submitted: int
    awaited: int
    fingerprint: str

    @classmethod
    def of(cls, row: CandidateEvaluation) -> Summary:
        """The stored row's figures, to compare with a recompute."""
        return cls(Outcome(row.outcome), row.weighted_score, row.submitted, row.awaited,
                   row.fingerprint)


def summarise(candidate: Candidate) -> Summary:
    """The candidate's summary, computed from scratch from the stored scorecards.

    Reads it off the debrief view, so the outcome and score are the debrief's (the same
    engine run) and the fingerprint is the packet cache's input (``fingerprint_digest``).
    """
    view = build_debrief(candidate)
    return Summary(view.outcome, view.weighted_score, view.submitted_count, len(view.awaited),
                   view.fingerprint_digest())


def _lock(candidate_ids: Sequence[int]) -> None:
    db.session.execute(select(Candidate.id).where(Candidate.id.in_(candidate_ids))
                       .order_by(Candidate.id).with_for_update())


def _row(candidate_id: int, summary: Summary) -> dict[str, object]:
    score = summary.weighted_score
    return {"candidate_id": candidate_id, "outcome": summary.outcome.value,
            "score_numerator": score.numerator if score is not None else None,
            "score_denominator": score.denominator if score is not None else None,
            "submitted": summary.submitted, "awaited": summary.awaited,
            "fingerprint": summary.fingerprint, "computed_at": utcnow()}


def _store_all(candidates: Iterable[Candidate]) -> int:
    """Recompute each candidate's summary and upsert them in one statement (an insert that
    meets an existing row updates it, so a concurrent first insert cannot fail)."""
    rows = [_row(c.id, summarise(c)) for c in candidates]
    if not rows:
        return 0
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CandidateEvaluation)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[CandidateEvaluation.candidate_id],
        set_={name: statement.excluded[name] for name in rows[0] if name != "candidate_id"}),
        rows)
    for row in rows:  # a summary loaded earlier in this session is read again when used
        key = db.session.identity_key(CandidateEvaluation, row["candidate_id"])
        if (stale := db.session.identity_map.get(key)) is not None:
            db.session.expire(stale)
    return len(rows)


def _fresh_reads() -> None:
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.expire_all()  # read everything again, under the lock


def refresh(candidates: Iterable[Candidate]) -> int:
    """Recompute and store the summaries of ``candidates`` (flush only); returns how many.

    Call it at the end of a write, after the write's own changes: it flushes them first.
    """
    found = {c.id: c for c in candidates}
    if not found:
        return 0
    db.session.flush()
    ids = sorted(found)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _lock(chunk)
        _fresh_reads()
        _store_all(found[i] for i in chunk)
    return len(ids)


def refresh_one(candidate: Candidate) -> None:
    """``refresh`` for one candidate: the call at the end of each write path."""
    refresh([candidate])


def _load(candidate_ids: Sequence[int]) -> Sequence[Candidate]:
    """The candidates with their requisitions, as stored now (a bulk UPDATE may have left
    objects of this session behind)."""
    return db.session.scalars(
        select(Candidate).where(Candidate.id.in_(candidate_ids)).order_by(Candidate.id)
        .options(joinedload(Candidate.requisition).joinedload(Requisition.rubric_version))
        .execution_options(populate_existing=True)).all()


def refresh_ids(candidate_ids: Iterable[int]) -> int:
    """``refresh`` for candidates given by id (locked, then loaded, a chunk at a time)."""
    ids = sorted(set(candidate_ids))
    if ids:
        db.session.flush()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _lock(chunk)
        _fresh_reads()
        _store_all(_load(chunk))
    return len(ids)


def refresh_requisition(requisition: Requisition) -> int:
    """Every candidate of the requisition (its title, team or rubric version changed)."""
    return refresh_ids(db.session.scalars(
        select(Candidate.id).where(Candidate.requisition_id == requisition.id)))


def candidates_showing(user: User) -> list[int]:
    """Candidates whose debrief shows the user's name or email: as the interviewer of a live
    interview (awaited rows, scorecards, and the labels that tell namesakes apart by email),
    or as the author of a decision or of its reopening."""
    interviews = select(Interview.candidate_id).where(
        Interview.interviewer_id == user.id, Interview.status != "cancelled")
    decisions = select(CommitteeDecision.candidate_id).where(
        or_(CommitteeDecision.decided_by_id == user.id,
            CommitteeDecision.reopened_by_id == user.id))
    return sorted(set(db.session.scalars(interviews.union(decisions))))


def refresh_for_user(user: User) -> int:
    """After a change of the user's name or email: every candidate whose debrief shows it."""
    return refresh_ids(candidates_showing(user))


def stored_fingerprint(candidate_id: int) -> str | None:
    """The stored fingerprint of the candidate's debrief (one SELECT), or None without a row:
    the packet cache's key input, without building the debrief."""
    return db.session.scalar(select(CandidateEvaluation.fingerprint)
                             .where(CandidateEvaluation.candidate_id == candidate_id))


# -- the consistency check and the rebuild --------------------------------------------------

@dataclass(frozen=True)
class Drift:
    """A candidate whose stored summary is not what the engine computes now."""

    candidate_id: int
    stored: Summary | None  # None: no row
    live: Summary

    def describe(self) -> str:
        if self.stored is None:
            return f"candidate #{self.candidate_id}: no stored summary"
        diffs = [f"{name} {getattr(self.stored, name)!s} != {getattr(self.live, name)!s}"
                 for name in ("outcome", "weighted_score", "submitted", "awaited",
                              "fingerprint") if getattr(self.stored, name) != getattr(
                                  self.live, name)]
        return f"candidate #{self.candidate_id}: " + "; ".join(diffs)


def all_candidate_ids() -> list[int]:
    return list(db.session.scalars(select(Candidate.id).order_by(Candidate.id)))


def verify(candidate_ids: Sequence[int] | None = None) -> list[Drift]:
    """Recompute every candidate's summary (or those given) and compare it with the stored
    row; returns the drifts (a missing row is one). Reads only."""
    ids = all_candidate_ids() if candidate_ids is None else sorted(candidate_ids)
    drifts: list[Drift] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        stored = {row.candidate_id: Summary.of(row) for row in db.session.scalars(
            select(CandidateEvaluation).where(CandidateEvaluation.candidate_id.in_(chunk)))}
        for candidate in _load(chunk):
            live = summarise(candidate)
            if stored.get(candidate.id) != live:
                drifts.append(Drift(candidate.id, stored.get(candidate.id), live))
    return drifts


def rebuild() -> Iterator[int]:
    """Recompute and store every candidate's summary, a chunk at a time, yielding the count
    done after each chunk: the command commits there, so that a big rebuild never holds the
    write lock (SQLite) or thousands of row locks for long."""
    ids = all_candidate_ids()
    for start in range(0, len(ids), CHUNK):
        refresh_ids(ids[start:start + CHUNK])
        yield min(start + CHUNK, len(ids))

"""The debrief as plain values: what the committee's page and the PDF packet both show.

``build_debrief(candidate)`` reads everything once (the live evaluation, revisions,
interviews, decisions) and returns a ``DebriefView`` (hiring.queries.debrief_view) of
strings, exact numbers and tuples that templates render without touching the database.
Drafts are never shown, only counted as awaited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring.domain.pipeline import stage_label
from hiring.domain.rubric import Rubric
from hiring.domain.scoring import CriterionResult
from hiring.domain.votes import Vote
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Scorecard, ScorecardRevision
from hiring.queries.debrief_view import (
    Amendment,
    AwaitedRow,
    Change,
    CriterionRow,
    DebriefView,
    DecisionRow,
    FlagNote,
    NotAssessed,
    Rating,
    RedFlagRow,
    RobustnessRow,
    ScorecardView,
    ScoreCell,
    StageGroup,
)
from hiring.queries.documents import document_rows
from hiring.queries.evaluation import Evaluation, evaluate

__all__ = ["DebriefView", "build_debrief", "diff_content"]


def build_debrief(candidate: Candidate) -> DebriefView:
    """Read a candidate's debrief: the live evaluation and everything around it."""
    evaluation = evaluate(candidate)
    rubric, decision, labels = evaluation.rubric, evaluation.decision, evaluation.labels
    submitted = evaluation.submitted
    stage_names = {s.id: s.name for s in rubric.stages}
    requisition = candidate.requisition
    return DebriefView(
        candidate_id=candidate.id, candidate_name=candidate.name,
        candidate_stage_label=stage_label(rubric, candidate.stage),
        requisition_id=requisition.id, requisition_title=requisition.title,
        team=requisition.team, rubric_id=rubric.id, rubric_title=rubric.title,
        rubric_version=rubric.version, rubric_short_version=rubric.short_version,
        scale=tuple((level, rubric.scale.label(level)) for level in rubric.scale.levels),
        red_flag_policy=rubric.decision.red_flags,
        outcome=decision.outcome, weighted_score=decision.weighted_score, bar=decision.bar,
        scored_weight=decision.scored_weight, reasons=decision.reasons,
        criteria=tuple(_criterion_row(r, submitted, labels, stage_names, rubric)
                       for r in decision.criteria),
        stages=_stage_groups(rubric, submitted, labels),
        red_flags=tuple(RedFlagRow(f.label, f.category, f.note, f.interviewer, f.stage.name)
                        for f in decision.red_flags),
        awaited=_awaited(candidate.id, submitted, stage_names),
        amendments=_amendments(rubric, submitted, _revisions([c.id for c in submitted]),
                               labels),
        robustness=_robustness(evaluation, labels, stage_names),
        decisions=tuple(_decision_row(d) for d in _decisions(candidate.id)),
        documents=document_rows(candidate.id),
    )


def _revisions(scorecard_ids: Sequence[int]) -> dict[int, list[ScorecardRevision]]:
    found: dict[int, list[ScorecardRevision]] = {i: [] for i in scorecard_ids}
    if scorecard_ids:
        query = (select(ScorecardRevision)
                 .where(ScorecardRevision.scorecard_id.in_(scorecard_ids))
                 .order_by(ScorecardRevision.scorecard_id, ScorecardRevision.number))
        for row in db.session.scalars(query):
            found[row.scorecard_id].append(row)
    return found


def _decisions(candidate_id: int) -> list[CommitteeDecision]:
    query = (select(CommitteeDecision)
             .where(CommitteeDecision.candidate_id == candidate_id)
             .options(joinedload(CommitteeDecision.decided_by),
                      joinedload(CommitteeDecision.reopened_by))
             .order_by(CommitteeDecision.decided_at, CommitteeDecision.id))
    return list(db.session.scalars(query))


def _stage_order(rubric: Rubric) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(rubric.stages)}


def _criterion_row(result: CriterionResult, submitted: Sequence[Scorecard],
                   labels: Mapping[int, str], stage_names: Mapping[str, str],
                   rubric: Rubric) -> CriterionRow:
    c = result.criterion
    order = _stage_order(rubric)
    marks = sorted(
        ((order[card.interview.stage], labels[card.interviewer_id], card.interview.stage, score)
         for card in submitted for score in card.scores if score.criterion_id == c.id),
        key=lambda m: (m[0], m[1]))
    return CriterionRow(
        id=c.id, name=c.name, weight=c.weight, n=result.n, mean=result.mean, low=result.low,
        high=result.high, spread=result.spread, contribution=result.contribution,
        shown_contribution=result.shown_contribution,
        ratings=tuple(Rating(who, stage_names[stage], s.score)
                      for _, who, stage, s in marks if s.score is not None),
        not_assessed=tuple(NotAssessed(who, stage_names[stage], s.not_assessed_reason)
                           for _, who, stage, s in marks if s.score is None),
        disagreement=result.disagreement, single_rater=result.single_rater,
        scoring_stages=tuple(s.name for s in result.stages))


def _scorecard_view(card: Scorecard, rubric: Rubric, label: str) -> ScorecardView:
    stage = rubric.stage(card.interview.stage)
    assert stage is not None
    cells = []
    for criterion in rubric.stage_criteria(stage.id):
        score = card.score_for(criterion.id)
        value = score.score if score else None
        cells.append(ScoreCell(
            criterion.id, criterion.name, value,
            rubric.scale.label(value) if value is not None else "",
            score.evidence if score else "", score.not_assessed_reason if score else ""))
    flags = []
    for mark in card.flags:
        known = rubric.red_flag(mark.flag_id) if mark.flag_id else None
        flags.append(FlagNote(known.label if known else mark.label,
                              known.category if known else "other", mark.note))
    return ScorecardView(card.id, label, stage.name, tuple(cells), tuple(flags), card.summary,
                         card.submitted_at, card.revision, card.vote)


def _stage_groups(rubric: Rubric, submitted: Sequence[Scorecard],
                  labels: Mapping[int, str]) -> tuple[StageGroup, ...]:
    groups = []
    for stage in rubric.stages:
        cards = sorted((c for c in submitted if c.interview.stage == stage.id),
                       key=lambda c: (labels[c.interviewer_id], c.id))
        if cards:
            groups.append(StageGroup(
                stage.name,
                tuple((c.id, c.name) for c in rubric.stage_criteria(stage.id)),
                tuple(_scorecard_view(c, rubric, labels[c.interviewer_id]) for c in cards)))
    return tuple(groups)


def _awaited(candidate_id: int, submitted: Sequence[Scorecard],
             stage_names: Mapping[str, str]) -> tuple[AwaitedRow, ...]:
    """Live interviews without a submitted scorecard from their interviewer (drafts too)."""
    done = {c.interview_id for c in submitted}
    query = (select(Interview)
             .where(Interview.candidate_id == candidate_id, Interview.status != "cancelled")
             .options(joinedload(Interview.interviewer))
             .order_by(Interview.scheduled_at, Interview.id))
    return tuple(
        AwaitedRow(stage_names.get(iv.stage, iv.stage), iv.interviewer.name, iv.scheduled_at)
        for iv in db.session.scalars(query) if iv.id not in done)


def _robustness(evaluation: Evaluation, labels: Mapping[int, str],
                stage_names: Mapping[str, str]) -> tuple[RobustnessRow, ...]:
    rows = []
    for row in evaluation.robustness():
        card = evaluation.scorecard_for(row.scorecard)
        rows.append(RobustnessRow(card.id, labels[card.interviewer_id],
                                  stage_names[card.interview.stage], row.decision.outcome,
                                  row.decision.weighted_score, row.changes_outcome))
    return tuple(rows)


def _decision_row(d: CommitteeDecision) -> DecisionRow:
    return DecisionRow(
        id=d.id, decision=d.decision, label=d.label, rationale=d.rationale,
        engine_outcome=d.recommendation,
        engine_score=Fraction(d.engine_score) if d.engine_score else None,
        is_override=d.is_override,
        override_justification=d.override_justification,
        decided_by=d.decided_by.name if d.decided_by else "a former user",
        decided_at=d.decided_at, reopened_at=d.reopened_at,
        reopened_by=d.reopened_by.name if d.reopened_by else "",
        reopen_reason=d.reopen_reason)


# -- amendments: what changed between the first submission and each later revision --------

def _score_entry(value: Any) -> dict[str, Any]:
    """A revision's entry for one criterion; older revisions stored the bare score."""
    if isinstance(value, Mapping):
        return {"score": value.get("score"), "evidence": value.get("evidence") or "",
                "reason": value.get("not_assessed_reason") or ""}
    return {"score": value, "evidence": "", "reason": ""}


def _score_text(entry: dict[str, Any] | None, rubric: Rubric) -> str:
    if entry is None:
        return "—"
    if entry["score"] is None:
        return f"Not assessed: {entry['reason']}" if entry["reason"] else "Not assessed"
    return f"{entry['score']} ({rubric.scale.label(entry['score'])})"


def _flags_of(content: Mapping[str, Any], rubric: Rubric) -> dict[str, tuple[str, str]]:
    found = {}
    for flag in content.get("flags") or []:
        known = rubric.red_flag(flag.get("id")) if flag.get("id") else None
        label = known.label if known else (flag.get("label") or "Other concern")
        found[flag.get("id") or f"text:{label}"] = (label, flag.get("note") or "")
    return found


def diff_content(first: Mapping[str, Any], later: Mapping[str, Any],
                 rubric: Rubric) -> tuple[Change, ...]:
    """Before -> after for every score, evidence note, red flag and summary that differs."""
    changes = []
    before_scores = {k: _score_entry(v) for k, v in (first.get("scores") or {}).items()}
    after_scores = {k: _score_entry(v) for k, v in (later.get("scores") or {}).items()}
    for criterion in rubric.criteria:
        old, new = before_scores.get(criterion.id), after_scores.get(criterion.id)
        if old == new:
            continue
        old_text, new_text = _score_text(old, rubric), _score_text(new, rubric)
        if old_text != new_text:
            changes.append(Change(criterion.name, old_text, new_text))
        old_note, new_note = (old or {}).get("evidence", ""), (new or {}).get("evidence", "")
        if old_note != new_note and old is not None and new is not None:
            changes.append(Change(f"{criterion.name}: evidence", old_note or "—",
                                  new_note or "—"))
    old_flags, new_flags = _flags_of(first, rubric), _flags_of(later, rubric)
    for key in [*old_flags, *(k for k in new_flags if k not in old_flags)]:
        old_flag, new_flag = old_flags.get(key), new_flags.get(key)
        if old_flag == new_flag:
            continue
        label = (new_flag or old_flag)[0]  # type: ignore[index]
        changes.append(Change(f"Red flag: {label}",
                              f"Raised: {old_flag[1]}" if old_flag else "Not raised",
                              f"Raised: {new_flag[1]}" if new_flag else "Withdrawn"))
    old_vote, new_vote = (Vote(first.get("recommendation") or Vote.NONE),
                          Vote(later.get("recommendation") or Vote.NONE))
    if old_vote != new_vote:
        changes.append(Change("Overall recommendation", old_vote.label, new_vote.label))
    old_summary, new_summary = first.get("summary") or "", later.get("summary") or ""
    if old_summary != new_summary:
        changes.append(Change("Summary", old_summary or "—", new_summary or "—"))
    return tuple(changes)


def _amendments(rubric: Rubric, submitted: Sequence[Scorecard],
                revisions: Mapping[int, list[ScorecardRevision]],
                labels: Mapping[int, str]) -> tuple[Amendment, ...]:
    amendments = []
    for card in submitted:
        rows = revisions.get(card.id) or []
        first = next((r for r in rows if r.number == 1), None)
        if first is None:
            continue
        stage = rubric.stage(card.interview.stage)
        for later in (r for r in rows if r.number > 1):
            amendments.append(Amendment(
                card.id, labels[card.interviewer_id], stage.name if stage else card.interview.stage,
                later.number, later.reason, later.submitted_at,
                diff_content(first.content or {}, later.content or {}, rubric)))
    amendments.sort(key=lambda a: (a.submitted_at, a.scorecard_id, a.number))
    return tuple(amendments)

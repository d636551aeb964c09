"""From stored scorecards to the engine: the one path every page, the CLI and the PDF use.

The decision shown anywhere is computed here, by ``hiring.domain.decision.decide``, on the
candidate's requisition's pinned rubric version: never a second implementation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.domain.decision import Decision, LeaveOneOut, decide, robustness
from hiring.domain.rubric import Rubric
from hiring.domain.scoring import FlagMark, ScorecardInput
from hiring.extensions import db
from hiring.models import Candidate, Interview, Scorecard


@dataclass(frozen=True)
class Evaluation:
    """A candidate's live decision with the stored scorecards it was computed from."""

    candidate: Candidate
    rubric: Rubric
    decision: Decision
    scorecards: tuple[Scorecard, ...]  # current, non-cancelled interviews; drafts included
    inputs: tuple[ScorecardInput, ...]  # the engine's view of the same, in the same order
    labels: Mapping[int, str]  # interviewer id -> name as the explanations show it

    def robustness(self) -> tuple[LeaveOneOut, ...]:
        return robustness(self.rubric, self.inputs, self.decision)

    def scorecard_for(self, card_input: ScorecardInput) -> Scorecard:
        return next(c for c in self.scorecards if str(c.id) == card_input.key)

    @property
    def submitted(self) -> tuple[Scorecard, ...]:
        return tuple(c for c in self.scorecards if c.submitted)


def _scorecards_of(candidate_ids: Sequence[int]) -> Select[tuple[Scorecard]]:
    """Scorecards of the candidates' live interviews, written by their current interviewer."""
    return (
        select(Scorecard)
        .join(Interview, Scorecard.interview_id == Interview.id)
        .where(Interview.candidate_id.in_(candidate_ids), Interview.status != "cancelled",
               Scorecard.interviewer_id == Interview.interviewer_id)
        .options(joinedload(Scorecard.interview), joinedload(Scorecard.interviewer),
                 selectinload(Scorecard.scores), selectinload(Scorecard.flags))
        .order_by(Interview.scheduled_at, Scorecard.id)
    )


def candidate_scorecards(candidate_id: int) -> list[Scorecard]:
    """Scorecards of the candidate's live interviews, written by their current interviewer."""
    return list(db.session.scalars(_scorecards_of([candidate_id])).unique())


def interviewer_labels(cards: Sequence[Scorecard]) -> dict[int, str]:
    """Names as shown in explanations; an email is added only when two people share a name."""
    people = {c.interviewer_id: c.interviewer for c in cards}
    clashes = Counter(user.name for user in people.values())
    return {uid: user.name if clashes[user.name] == 1 else f"{user.name} ({user.email})"
            for uid, user in people.items()}


def to_input(card: Scorecard, label: str) -> ScorecardInput:
    return ScorecardInput(
        interviewer=label,
        stage=card.interview.stage,
        scores={s.criterion_id: s.score for s in card.scores},
        red_flags=tuple(FlagMark(id=f.flag_id, note=f.note, label=f.label or None)
                        for f in card.flags),
        submitted=card.submitted,
        notes=card.summary,
        key=str(card.id),
    )


def evaluate(candidate: Candidate, cards: Sequence[Scorecard] | None = None) -> Evaluation:
    """The live decision for a candidate under the requisition's pinned rubric version."""
    rubric = candidate.requisition.rubric_version.rubric
    cards = list(cards) if cards is not None else candidate_scorecards(candidate.id)
    labels = interviewer_labels(cards)
    inputs = tuple(to_input(c, labels[c.interviewer_id]) for c in cards)
    return Evaluation(candidate, rubric, decide(rubric, inputs), tuple(cards), inputs, labels)


def evaluate_many(candidates: Sequence[Candidate]) -> dict[int, Evaluation]:
    """Live decisions for many candidates, keyed by candidate id, from one scorecard query.

    For lists (the committee index): the same ``evaluate`` on each candidate, without a
    scorecard query per candidate.
    """
    ids = [c.id for c in candidates]
    by_candidate: dict[int, list[Scorecard]] = {i: [] for i in ids}
    if ids:
        for card in db.session.scalars(_scorecards_of(ids)).unique():
            by_candidate[card.interview.candidate_id].append(card)
    return {c.id: evaluate(c, by_candidate[c.id]) for c in candidates}

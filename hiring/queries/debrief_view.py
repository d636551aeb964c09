"""The debrief view-model: plain values that the debrief page and the PDF packet render.

Built by ``hiring.queries.debrief.build_debrief``; nothing here touches the database, so a
template can never trigger a query or see a draft. Numbers stay exact ``Fraction``s;
templates show them with the ``|score`` (rounded down) and ``|exact`` filters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from hiring.domain.decision import Outcome
from hiring.domain.scoring import exact, show_margin
from hiring.domain.votes import (
    BarStanding,
    CastVote,
    Vote,
    VoteDisagreement,
    bar_standing,
    disagreements,
    disagrees,
    tally,
)
from hiring.queries.documents import DocumentRow

FINGERPRINT_VERSION = 4  # 4: the candidate's documents


@dataclass(frozen=True)
class Rating:
    interviewer: str
    stage: str
    score: int


@dataclass(frozen=True)
class NotAssessed:
    interviewer: str
    stage: str
    reason: str


@dataclass(frozen=True)
class CriterionRow:
    id: str
    name: str
    weight: Fraction
    n: int
    mean: Fraction | None  # None when nobody scored it
    low: int | None
    high: int | None
    spread: int | None
    contribution: Fraction | None  # its exact share of the weighted score
    shown_contribution: Fraction | None  # the shown share: these add up to the shown score
    ratings: tuple[Rating, ...]  # who gave which score, in stage order
    not_assessed: tuple[NotAssessed, ...]  # who marked it "not assessed", and why
    disagreement: bool  # interviewers differ by 2 points or more
    single_rater: bool
    scoring_stages: tuple[str, ...]  # names of the stages that score it

    @property
    def missing(self) -> bool:
        return self.n == 0

    @property
    def topic(self) -> bool:
        """Marked for discussion: disagreement, a single rater, or nobody scored it."""
        return self.disagreement or self.single_rater or self.missing


@dataclass(frozen=True)
class ScoreCell:
    criterion_id: str
    criterion_name: str
    score: int | None
    label: str  # the scale's label for the score ("Yes"), "" when not assessed
    evidence: str
    not_assessed_reason: str


@dataclass(frozen=True)
class FlagNote:
    label: str
    category: str
    note: str


@dataclass(frozen=True)
class ScorecardView:
    id: int
    interviewer: str
    stage_name: str
    cells: tuple[ScoreCell, ...]
    flags: tuple[FlagNote, ...]
    summary: str
    submitted_at: dt.datetime | None
    revision: int
    vote: Vote = Vote.NONE  # the holistic vote: shown beside the score, never part of it

    @property
    def amended(self) -> bool:
        return self.revision > 1


@dataclass(frozen=True)
class StageGroup:
    stage_name: str
    criteria: tuple[tuple[str, str], ...]  # (id, name) of the criteria the stage scores
    scorecards: tuple[ScorecardView, ...]


@dataclass(frozen=True)
class RedFlagRow:
    label: str
    category: str
    note: str
    interviewer: str
    stage_name: str


@dataclass(frozen=True)
class AwaitedRow:
    stage_name: str
    interviewer: str
    scheduled_at: dt.datetime


@dataclass(frozen=True)
class Change:
    subject: str  # "System Design", "System Design: evidence", "Red flag: Arrogant", "Summary"
    before: str
    after: str


@dataclass(frozen=True)
class Amendment:
    scorecard_id: int
    interviewer: str
    stage_name: str
    number: int  # the revision: 2, 3, ...
    reason: str
    submitted_at: dt.datetime
    changes: tuple[Change, ...]  # from the first submission to this revision


@dataclass(frozen=True)
class RobustnessRow:
    scorecard_id: int
    interviewer: str
    stage_name: str
    outcome: Outcome  # the outcome without this scorecard
    weighted_score: Fraction | None
    changes_outcome: bool


@dataclass(frozen=True)
class DecisionRow:
    id: int
    decision: str
    label: str
    rationale: str
    engine_outcome: Outcome
    engine_score: Fraction | None
    is_override: bool
    override_justification: str
    decided_by: str
    decided_at: dt.datetime
    reopened_at: dt.datetime | None
    reopened_by: str
    reopen_reason: str

    @property
    def standing(self) -> bool:
        return self.reopened_at is None


@dataclass(frozen=True)
class DebriefView:
    candidate_id: int
    candidate_name: str
    candidate_stage_label: str
    requisition_id: int
    requisition_title: str
    team: str
    rubric_id: str
    rubric_title: str
    rubric_version: str
    rubric_short_version: str
    scale: tuple[tuple[int, str], ...]  # (level, label)
    red_flag_policy: str  # discuss | veto | ignore
    outcome: Outcome
    weighted_score: Fraction | None  # None when nothing is scored
    bar: Fraction
    scored_weight: Fraction  # the weights the weighted score is taken over (the engine's)
    reasons: tuple[str, ...]
    criteria: tuple[CriterionRow, ...]
    stages: tuple[StageGroup, ...]
    red_flags: tuple[RedFlagRow, ...]
    awaited: tuple[AwaitedRow, ...]
    amendments: tuple[Amendment, ...]
    robustness: tuple[RobustnessRow, ...]
    decisions: tuple[DecisionRow, ...]  # oldest first
    documents: tuple[DocumentRow, ...] = ()  # the candidate's résumé and other documents

    @property
    def bar_applies(self) -> bool:
        """False for ``incomplete``: a score over part of the rubric is not held to the bar."""
        return self.weighted_score is not None and self.outcome is not Outcome.INCOMPLETE

    @property
    def margin(self) -> Fraction | None:
        """Weighted score minus the bar: 0 and above meets it; None when the bar does not
        apply (nothing scored, or incomplete), so a partial score never reads as a pass."""
        if self.weighted_score is None or not self.bar_applies:
            return None
        return self.weighted_score - self.bar

    @property
    def shown_margin(self) -> str | None:
        """The margin as the engine's explanation and every page show it (``show_margin``)."""
        return None if self.margin is None else show_margin(self.margin)

    @property
    def headline(self) -> str:
        return self.reasons[0]

    @property
    def explanation(self) -> tuple[str, ...]:
        return self.reasons[1:]

    @property
    def missing(self) -> tuple[CriterionRow, ...]:
        return tuple(r for r in self.criteria if r.missing)

    @property
    def topics(self) -> tuple[CriterionRow, ...]:
        return tuple(r for r in self.criteria if r.topic)

    @property
    def scorecards(self) -> tuple[ScorecardView, ...]:
        return tuple(card for group in self.stages for card in group.scorecards)

    @property
    def submitted_count(self) -> int:
        return len(self.scorecards)

    @property
    def outcome_changers(self) -> tuple[RobustnessRow, ...]:
        return tuple(r for r in self.robustness if r.changes_outcome)

    @property
    def bar_standing(self) -> BarStanding:
        """Which side of the bar the formula puts the candidate: what the votes are held to."""
        return bar_standing(self.weighted_score, self.bar, self.bar_applies)

    @property
    def votes(self) -> tuple[CastVote, ...]:
        """Each submitted scorecard's vote ("no vote" included), in the order of the stages."""
        return tuple(CastVote(card.interviewer, card.stage_name, card.vote)
                     for card in self.scorecards)

    @property
    def votes_cast(self) -> int:
        return sum(1 for v in self.votes if v.vote is not Vote.NONE)

    @property
    def vote_tally(self) -> tuple[tuple[Vote, int], ...]:
        return tally(v.vote for v in self.votes)

    @property
    def marked_votes(self) -> tuple[tuple[CastVote, bool], ...]:
        """Each vote with whether it disagrees with the formula's side of the bar."""
        standing = self.bar_standing
        return tuple((v, disagrees(v.vote, standing)) for v in self.votes)

    @property
    def vote_disagreements(self) -> tuple[VoteDisagreement, ...]:
        """Votes on the other side of the bar from the formula: a topic for the debrief."""
        return disagreements(self.bar_standing, self.votes)

    @property
    def standing_decision(self) -> DecisionRow | None:
        return next((d for d in self.decisions if d.standing), None)

    def fingerprint(self) -> dict[str, Any]:
        """Everything the packet shows, as JSON-ready values: equal fingerprints, equal packets.

        Holds the view itself (candidate, rubric version, decision, criteria, submitted
        scorecards, flags, awaited interviews, amendments, robustness, decision history,
        the documents' names, sizes and dates);
        never the current time. Drafts are left out: they are not shown, so saving one does
        not change the packet.
        """
        return {"fingerprint_version": FINGERPRINT_VERSION, "view": _jsonable(self)}

    def fingerprint_digest(self) -> str:
        """The fingerprint as a sha256 hex digest (stable key order and separators)."""
        text = json.dumps(self.fingerprint(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Fraction):
        return exact(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value

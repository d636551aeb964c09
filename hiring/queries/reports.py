"""The read side of the reports: scorecards, interviews and stage moves as plain records.

Each function runs one query whatever the amount of data, and returns the plain values the
maths in ``hiring.domain.analytics`` takes (the same shapes ``hiring analyze`` reads as
JSON), so the pages and the command line compute through the same functions. Who is
covered is decided in ``hiring.permissions`` (``reportable_requisitions``,
``without_pending_interview``); what the figures mean, in the domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hiring.domain.analytics import CandidateOutcome, Rating
from hiring.domain.pipeline import furthest_step, selection_steps, status_of
from hiring.domain.rubric import Rubric
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    ScorecardScore,
    StageMove,
    User,
)
from hiring.models.self_identification import DECLINED, GENDERS
from hiring.permissions import reportable_requisitions, without_pending_interview
from hiring.queries.self_identification import NOT_ANSWERED, group_labels

# Period key -> (label, days back; None for all time).
PERIODS: dict[str, tuple[str, int | None]] = {
    "90d": ("Last 90 days", 90),
    "12m": ("Last 12 months", 365),
    "all": ("All time", None),
}
DEFAULT_PERIOD = "12m"
DECLINED_LABEL = dict(GENDERS)[DECLINED]  # "Decline to answer", the same in every dimension


class BadFilter(ValueError):
    """A filter value that names nothing the viewer may report on."""


@dataclass(frozen=True)
class RequisitionChoice:
    id: int
    title: str
    rubric_key: str
    rubric_version_id: int
    rubric_title: str


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: one rubric, one or all of its requisitions, a period.

    A report always covers one rubric: scales and criteria differ between rubrics, so
    offsets or agreement across them would mean nothing.
    """

    rubric_key: str
    rubric: Rubric  # the newest stored version among the scope's requisitions
    rubric_versions: tuple[int, ...]  # every version id of the rubric key
    requisitions: tuple[RequisitionChoice, ...]  # covered: the chosen one, or all of the rubric
    choices: tuple[RequisitionChoice, ...]  # every requisition the viewer may report on
    requisition_id: int | None
    period: str
    since: dt.datetime | None
    notice: str | None = None  # what was made of a filter that did not fit

    @property
    def requisition_ids(self) -> list[int]:
        return [r.id for r in self.requisitions]

    @property
    def rubrics(self) -> list[tuple[str, str]]:
        """(key, title) of every rubric the viewer may report on, by title."""
        titles = {c.rubric_key: c.rubric_title for c in self.choices}
        return sorted(titles.items(), key=lambda item: (item[1], item[0]))

    @property
    def rubric_choices(self) -> list[RequisitionChoice]:
        """The requisitions of the chosen rubric (the requisition filter's options)."""
        return [c for c in self.choices if c.rubric_key == self.rubric_key]

    def args(self, **changes: Any) -> dict[str, Any]:
        """The filter as URL arguments (links and downloads keep it)."""
        values: dict[str, Any] = {"rubric": self.rubric_key, "period": self.period}
        if self.requisition_id is not None:
            values["requisition"] = self.requisition_id
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}


def requisition_choices(user: User) -> list[RequisitionChoice]:
    """The requisitions the user may report on, by title (one query)."""
    rows = db.session.execute(
        select(Requisition.id, Requisition.title, RubricVersion.rubric_key,
               Requisition.rubric_version_id, RubricVersion.title)
        .join(RubricVersion, Requisition.rubric_version_id == RubricVersion.id)
        .where(reportable_requisitions(user))
        .order_by(Requisition.title, Requisition.id))
    return [RequisitionChoice(*row) for row in rows]


def build_scope(user: User, args: Mapping[str, str], now: dt.datetime) -> ReportScope | None:
    """The scope chosen by the URL's ``rubric``, ``requisition`` and ``period``; None when
    the user has no requisition to report on. Raises BadFilter on a value that names
    nothing within their reach (an out-of-reach requisition reads like a missing one)."""
    choices = requisition_choices(user)
    if not choices:
        return None
    period = args.get("period") or DEFAULT_PERIOD
    if period not in PERIODS:
        raise BadFilter(f"Unknown period {period!r}: choose one of "
                        f"{', '.join(PERIODS)}.")
    requisition_id = None
    chosen = None
    if raw := args.get("requisition"):
        if not raw.isdigit():
            raise BadFilter("The requisition must be given by its number.")
        chosen = next((c for c in choices if c.id == int(raw)), None)
        if chosen is None:
            raise BadFilter(f"No requisition {raw} among those you report on.")
        requisition_id = chosen.id
    keys = sorted({c.rubric_key for c in choices})
    # By default the rubric most of the viewer's requisitions use.
    usual = max(keys, key=lambda k: (sum(c.rubric_key == k for c in choices), k))
    rubric_key = args.get("rubric") or (chosen.rubric_key if chosen else usual)
    if rubric_key not in keys:
        raise BadFilter(f"No rubric {rubric_key!r} among the requisitions you report on.")
    notice = None
    if chosen is not None and chosen.rubric_key != rubric_key:
        # The rubric was changed with the requisition still chosen: the rubric wins, said so.
        notice = (f"{chosen.title} is assessed with another rubric: showing every "
                  "requisition of the rubric you chose.")
        chosen, requisition_id = None, None
    covered = tuple(c for c in choices if c.rubric_key == rubric_key
                    and (chosen is None or c.id == chosen.id))
    versions = tuple(db.session.scalars(
        select(RubricVersion.id).where(RubricVersion.rubric_key == rubric_key)
        .order_by(RubricVersion.id)))
    newest = max(c.rubric_version_id for c in covered)
    days = PERIODS[period][1]
    return ReportScope(
        rubric_key=rubric_key, rubric=db.session.get(RubricVersion, newest).rubric,  # type: ignore[union-attr]
        rubric_versions=versions, requisitions=covered, choices=tuple(choices),
        requisition_id=requisition_id, period=period,
        since=None if days is None else now - dt.timedelta(days=days), notice=notice)


# -- ratings: calibration and agreement ------------------------------------------------------

@dataclass(frozen=True)
class RatingRow:
    candidate_id: int
    interviewer_id: int
    criterion_id: str
    score: int
    requisition_id: int
    rubric_version_id: int


def rating_rows(viewer: User, scope: ReportScope) -> list[RatingRow]:
    """Every score on a submitted scorecard in scope, one per candidate, interviewer and
    criterion (one query).

    Cancelled interviews count for nothing; "not assessed" is not a score. Candidates the
    viewer still owes a scorecard on are left out entirely (independence). An interviewer
    who scored a criterion in several interviews of one candidate counts once, with their
    latest interview's score: their most informed judgement, and one rater's voice.
    """
    query = (
        select(Interview.candidate_id, Scorecard.interviewer_id, ScorecardScore.criterion_id,
               ScorecardScore.score, Candidate.requisition_id, Scorecard.rubric_version_id)
        .join(Scorecard, ScorecardScore.scorecard_id == Scorecard.id)
        .join(Interview, Scorecard.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Scorecard.status == "submitted", ScorecardScore.score.is_not(None),
               Interview.status != "cancelled",
               Candidate.requisition_id.in_(scope.requisition_ids),
               Scorecard.rubric_version_id.in_(scope.rubric_versions),
               without_pending_interview(viewer))
        .order_by(Interview.scheduled_at, Interview.id))
    if scope.since is not None:
        query = query.where(Interview.scheduled_at >= scope.since)
    latest: dict[tuple[int, int, str], RatingRow] = {}
    for row in db.session.execute(query):
        rating = RatingRow(*row)
        latest[(rating.candidate_id, rating.interviewer_id, rating.criterion_id)] = rating
    return sorted(latest.values(), key=lambda r: (r.candidate_id, r.criterion_id,
                                                  r.interviewer_id))


def as_ratings(rows: Iterable[RatingRow]) -> list[Rating]:
    """The rows as the domain's ratings (candidates and interviewers named by id)."""
    return [Rating(unit=unit_name(r.candidate_id), rater=rater_name(r.interviewer_id),
                   criterion=r.criterion_id, score=r.score) for r in rows]


def unit_name(candidate_id: int) -> str:
    return f"candidate-{candidate_id}"


def rater_name(user_id: int) -> str:
    return f"user-{user_id}"


def ratings_input(rubric: Rubric, rows: Iterable[RatingRow]) -> dict[str, Any]:
    """The input of ``hiring analyze agreement|calibration``: the scale and the ratings,
    candidates and interviewers named by id only (no personal data leaves in it)."""
    return {"scale": {"min": rubric.scale.min, "max": rubric.scale.max},
            "ratings": [{"unit": r.unit, "rater": r.rater, "criterion": r.criterion,
                         "score": r.score} for r in as_ratings(rows)]}


def user_id_of(rater: str) -> int:
    """The user id inside a rater name made by ``rater_name``."""
    return int(rater.removeprefix("user-"))


def user_names(ids: Iterable[int]) -> dict[int, str]:
    """Display names of the given users (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(wanted))).all())


# -- turnaround ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TurnaroundRow:
    interviewer_id: int
    requisition_id: int
    stage: str
    ended_at: dt.datetime
    submitted_at: dt.datetime  # the first submission: amendments do not reset the clock


def turnaround_rows(scope: ReportScope) -> list[TurnaroundRow]:
    """Each submitted scorecard of an interview in scope, with when the interview ended and
    when the scorecard was first submitted (one query). Holds no score, so no one's
    independence is at stake."""
    query = (
        select(Scorecard.interviewer_id, Candidate.requisition_id, Interview.stage,
               Interview.ends_at, Scorecard.first_submitted_at)
        .join(Interview, Scorecard.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Scorecard.status == "submitted", Scorecard.first_submitted_at.is_not(None),
               Interview.status != "cancelled",
               Candidate.requisition_id.in_(scope.requisition_ids))
        .order_by(Scorecard.id))
    if scope.since is not None:
        query = query.where(Interview.scheduled_at >= scope.since)
    return [TurnaroundRow(*row) for row in db.session.execute(query)]


# -- the funnel ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CandidatePath:
    candidate_id: int
    requisition_id: int
    stage: str  # where they are now
    moves: tuple[tuple[str, dt.datetime], ...]  # (stage entered, when), oldest first


def candidate_paths(scope: ReportScope) -> list[CandidatePath]:
    """Every candidate of the scope's requisitions who applied within the period, with their
    stage moves (one query)."""
    query = (
        select(Candidate.id, Candidate.requisition_id, Candidate.stage, StageMove.to_stage,
               StageMove.moved_at)
        .join(StageMove, StageMove.candidate_id == Candidate.id)
        .where(Candidate.requisition_id.in_(scope.requisition_ids))
        .order_by(Candidate.id, StageMove.moved_at, StageMove.id))
    if scope.since is not None:
        query = query.where(Candidate.created_at >= scope.since)
    paths: dict[int, tuple[int, str, list[tuple[str, dt.datetime]]]] = {}
    for candidate_id, requisition_id, stage, to_stage, moved_at in db.session.execute(query):
        paths.setdefault(candidate_id, (requisition_id, stage, []))[2].append(
            (to_stage, moved_at))
    return [CandidatePath(cid, req, stage, tuple(moves))
            for cid, (req, stage, moves) in paths.items()]


def version_labels(ids: Iterable[int]) -> dict[int, str]:
    """Each rubric version as people tell them apart: its short hash and when it was stored
    (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = db.session.execute(select(RubricVersion.id, RubricVersion.version,
                                     RubricVersion.created_at)
                              .where(RubricVersion.id.in_(wanted)))
    return {vid: f"{version[:12]} (stored {created:%Y-%m-%d})" for vid, version, created in rows}


# -- adverse impact --------------------------------------------------------------------------

def impact_outcomes(scope: ReportScope, dimension: str) -> list[CandidateOutcome]:
    """Every candidate in scope who answered the self-identification in ``dimension`` with a
    category (not "decline", not unanswered), as the domain's outcome: group, furthest step,
    status (two queries). The group labels never leave this aggregate input."""
    paths = candidate_paths(scope)
    labels = group_labels([p.candidate_id for p in paths], dimension)
    steps = selection_steps(scope.rubric)
    return [CandidateOutcome(group=labels[p.candidate_id],
                             furthest=furthest_step(scope.rubric, steps,
                                                    (stage for stage, _ in p.moves)),
                             status=status_of(p.stage))
            for p in paths if labels[p.candidate_id] not in (NOT_ANSWERED, DECLINED_LABEL)]


def impact_input(scope: ReportScope, dimension: str, min_group: int) -> dict[str, Any]:
    """The input of ``hiring analyze impact`` for the same candidates (no ids in it)."""
    return {"min_group": min_group, "pipeline": selection_steps(scope.rubric),
            "candidates": [{"group": c.group, "furthest": c.furthest, "status": c.status}
                           for c in impact_outcomes(scope, dimension)]}

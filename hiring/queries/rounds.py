"""A candidate's rounds as the recruiter follows them: each round's interviews and their state.

The states come from ``interview_rows`` (the one place that says whether an interview is
upcoming, awaiting, overdue or submitted); once every live interview of a round is
submitted, the round carries a provisional view of the criteria scored up to and including
that round, computed by the engine itself (``decide``) on those scorecards only: the bar
applies to the final decision only, so no outcome is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from hiring.domain.decision import decide
from hiring.domain.rubric import Round, Rubric, Stage
from hiring.domain.scoring import CriterionResult
from hiring.extensions import db
from hiring.models import Interview, Scorecard
from hiring.queries.evaluation import Evaluation
from hiring.queries.overdue import InterviewRow


def scored_stages(candidate_id: int) -> set[str]:
    """Interview stages with a scorecard submitted by the assigned interviewer (not cancelled)."""
    return set(db.session.scalars(
        select(Interview.stage).distinct()
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Interview.candidate_id == candidate_id, Interview.status != "cancelled",
               Scorecard.interviewer_id == Interview.interviewer_id,
               Scorecard.status == "submitted")))


@dataclass(frozen=True)
class RoundStage:
    """One interview stage of a round, with the candidate's interviews for it."""

    stage: Stage
    rows: tuple[InterviewRow, ...]

    @property
    def live(self) -> tuple[InterviewRow, ...]:
        return tuple(r for r in self.rows if r.state != "cancelled")


@dataclass(frozen=True)
class RoundView:
    round: Round
    state: str  # "current", "done" (entered before), "skipped" (jumped over) or ""
    stages: tuple[RoundStage, ...]
    provisional: tuple[CriterionResult, ...]  # empty until every interview is submitted
    not_yet: tuple[CriterionResult, ...] = ()  # criteria nothing up to this round scored

    @property
    def scheduled(self) -> int:
        return sum(1 for s in self.stages if s.live)

    @property
    def submitted(self) -> int:
        return sum(1 for s in self.stages for r in s.live if r.state == "submitted")

    @property
    def live_count(self) -> int:
        return sum(len(s.live) for s in self.stages)

    @property
    def complete(self) -> bool:
        """Every interview stage held, and every live interview of the round submitted."""
        return self.scheduled == len(self.stages) and self.submitted == self.live_count


def round_views(rubric: Rubric, states: Sequence[tuple[str, str]],
                rows: Sequence[InterviewRow], evaluation: Evaluation | None,
                skipped: Iterable[str] = ()) -> list[RoundView]:
    """Every round of the rubric, in pipeline order, with its interviews and their states.

    ``states`` pairs a pipeline state id with "current"/"done"/"" (``stage_states``);
    ``skipped`` are rounds a move jumped over without entering them (state "skipped").
    """
    jumped = set(skipped)
    state_of = {sid: state or ("skipped" if sid in jumped else "") for sid, state in states}
    views = []
    so_far: set[str] = set()
    for found in rubric.rounds:
        so_far.update(found.interviews)
        stages = tuple(
            RoundStage(stage, tuple(r for r in rows if r.interview.stage == stage.id))
            for stage in rubric.round_stages(found.id))
        view = RoundView(found, state_of.get(found.id, ""), stages, ())
        if view.complete and evaluation is not None:
            results = _scored_up_to(rubric, evaluation, so_far)
            view = RoundView(found, view.state, stages,
                             tuple(c for c in results if c.mean is not None),
                             tuple(c for c in results if c.mean is None))
        views.append(view)
    return views


def _scored_up_to(rubric: Rubric, evaluation: Evaluation,
                  stages: set[str]) -> tuple[CriterionResult, ...]:
    """Per-criterion results of the submitted scorecards of these stages, by the engine."""
    inputs = [i for i in evaluation.inputs if i.submitted and i.stage in stages]
    return decide(rubric, inputs).criteria


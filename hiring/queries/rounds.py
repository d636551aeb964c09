"""A candidate's rounds as the recruiter follows them: each round's interviews and their state.

The states come from ``interview_rows`` (the one place that says whether an interview is
upcoming, awaiting, overdue or submitted); once every live interview of a round is
submitted, the round carries a provisional view of the criteria scored so far, from the
engine itself (``Evaluation.decision``): the bar applies to the final decision only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

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
    state: str  # "current", "done" (entered before) or "" (not reached)
    stages: tuple[RoundStage, ...]
    provisional: tuple[CriterionResult, ...]  # empty until every interview is submitted

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
                rows: Sequence[InterviewRow], evaluation: Evaluation | None) -> list[RoundView]:
    """Every round of the rubric, in pipeline order, with its interviews and their states.

    ``states`` pairs a pipeline state id with "current"/"done"/"" (``stage_states``).
    """
    state_of = dict(states)
    views = []
    for found in rubric.rounds:
        stages = tuple(
            RoundStage(stage, tuple(r for r in rows if r.interview.stage == stage.id))
            for stage in rubric.round_stages(found.id))
        view = RoundView(found, state_of.get(found.id, ""), stages, ())
        if view.complete and evaluation is not None:
            view = RoundView(found, view.state, stages, _scored_so_far(evaluation))
        views.append(view)
    return views


def _scored_so_far(evaluation: Evaluation) -> tuple[CriterionResult, ...]:
    return tuple(c for c in evaluation.decision.criteria if c.mean is not None)


"""The pipeline by round: states, moves past unscored rounds, the funnel with an optional round."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from hiring.domain.pipeline import (
    funnel,
    furthest_step,
    passed_rounds,
    pipeline,
    selection_steps,
    stage_label,
    stage_states,
)
from hiring.domain.rubric_loader import load_rubric_file

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric_file(ROOT / "rubrics" / "senior-engineer.yaml")
LEGACY = load_rubric_file(ROOT / "tests" / "fixtures" / "pre_rounds" / "senior-engineer.yaml")
TECHNICAL = ("system_design_interview", "coding_interview", "debugging_interview",
             "behavioral_interview")
FINAL = ("architecture_review", "pair_programming", "values_interview")


def test_the_pipeline_runs_applied_rounds_debrief_outcomes() -> None:
    assert [(s.id, s.interview, s.optional) for s in pipeline(RUBRIC)] == [
        ("applied", False, False), ("phone_screen", True, False), ("take_home", True, True),
        ("technical_interviews", True, False), ("final_round", True, False),
        ("debrief", False, False), ("offer", False, False), ("hired", False, False),
        ("rejected", False, False), ("withdrawn", False, False)]


def test_a_rubric_without_rounds_keeps_one_step_per_stage() -> None:
    assert [s.id for s in pipeline(LEGACY)][1:9] == [s.id for s in LEGACY.stages]


def test_labels_and_states_read_old_stage_ids_as_their_round() -> None:
    assert stage_label(RUBRIC, "technical_interviews") == "Technical Interviews"
    assert stage_label(RUBRIC, "coding_interview") == "Coding"  # an interview's label
    assert stage_label(LEGACY, "coding_interview") == "Coding"
    assert stage_label(RUBRIC, "final_round") == "On-site / Final Round"
    assert stage_label(RUBRIC, "debrief") == "Debrief"
    states = {s.id: state for s, state in stage_states(
        RUBRIC, "final_round", ["applied", "phone_screen", "coding_interview", "final_round"])}
    assert states["technical_interviews"] == "done"
    assert states["take_home"] == ""
    assert states["final_round"] == "current"


def names(passed):
    return [(p.round.id, [s.id for s in p.unscored], p.skipped, p.needs_confirmation)
            for p in passed]


SCREENED = {"phone_screen"}


@pytest.mark.parametrize(("start", "end", "scored", "expected"), [
    # Phone screen to final round: the optional take-home is skipped without confirmation,
    # the technical round with nothing scored needs it.
    ("phone_screen", "final_round", SCREENED, [
        ("take_home", ["take_home_review"], True, False),
        ("technical_interviews", list(TECHNICAL), True, True)]),
    # Leaving an unfinished round: only the unscored interviews are named.
    ("technical_interviews", "final_round", SCREENED | set(TECHNICAL[:3]), [
        ("technical_interviews", ["behavioral_interview"], False, True)]),
    ("technical_interviews", "final_round", SCREENED | set(TECHNICAL), []),
    # A take-home started but not reviewed is not "skipped": it needs confirmation.
    ("phone_screen", "take_home", set(), [("phone_screen", ["phone_screen"], True, True)]),
    # Backwards and out of the pipeline pass nothing.
    ("final_round", "phone_screen", set(), []),
    ("technical_interviews", "rejected", set(), []),
    ("technical_interviews", "withdrawn", set(), []),
    # From applied to debrief: every round, all unscored.
    ("applied", "debrief", set(), [
        ("phone_screen", ["phone_screen"], True, True),
        ("take_home", ["take_home_review"], True, False),
        ("technical_interviews", list(TECHNICAL), True, True),
        ("final_round", list(FINAL), True, True)]),
    # A stored old stage id is read as its round.
    ("coding_interview", "final_round", SCREENED | set(TECHNICAL), []),
    ("rejected", "debrief", set(), []),
])
def test_passed_rounds(start: str, end: str, scored: set[str], expected: list) -> None:
    assert names(passed_rounds(RUBRIC, start, end, scored)) == expected


def test_a_passed_round_describes_itself() -> None:
    [partial] = passed_rounds(RUBRIC, "technical_interviews", "final_round",
                              {"system_design_interview", "coding_interview"})
    assert partial.describe() == ("Technical Interviews: no submitted scorecard for Debugging, "
                                  "Behavioral")
    [skipped] = passed_rounds(RUBRIC, "take_home", "technical_interviews", set())
    assert skipped.describe() == "Take-Home Assignment: skipped, no interview scored"


def test_the_funnel_converts_around_the_optional_round() -> None:
    reached = Counter({"applied": 10, "phone_screen": 8, "take_home": 2,
                       "technical_interviews": 6, "final_round": 3, "debrief": 2})
    rows = {r.stage.id: r for r in funnel(RUBRIC, reached, Counter())}
    assert rows["phone_screen"].next_label == "Technical Interviews"
    assert rows["phone_screen"].conversion == Fraction(6, 8)
    assert rows["take_home"].next_label is None
    assert rows["take_home"].conversion is None
    assert rows["take_home"].reached == 2
    assert rows["applied"].next_label == "Phone Screen"
    assert rows["final_round"].conversion == Fraction(2, 3)


def test_selection_steps_skip_optional_rounds_and_hired_counts_as_offer() -> None:
    steps = selection_steps(RUBRIC)
    assert steps == ["applied", "phone_screen", "technical_interviews", "final_round",
                     "debrief", "offer"]  # the take-home is optional: no selection step
    assert furthest_step(RUBRIC, steps, []) == "applied"
    # Old interview-level stage ids read as their round; exits say nothing of how far.
    assert furthest_step(RUBRIC, steps, ["applied", "coding_interview", "rejected"]) == (
        "technical_interviews")
    assert furthest_step(RUBRIC, steps, ["final_round", "phone_screen"]) == "final_round"
    assert furthest_step(RUBRIC, steps, ["take_home", "debrief", "hired"]) == "offer"

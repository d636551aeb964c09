"""Calibration exercises: the shipped files, validation problems, the comparison with gold
and the "is calibrated" rule (table-driven), and `hiring rubric check` on a broken file."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hiring.cli import main
from hiring.domain.calibration_exercise import (
    AttemptRecord,
    compare,
    is_calibrated,
    parse_exercise,
)
from hiring.domain.problems import RubricError
from hiring.domain.rubric_loader import load_rubric_file
from hiring.rubric_files import check_exercises, exercise_files

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ROOT / "rubrics"
SENIOR = load_rubric_file(RUBRICS / "senior-engineer.yaml")
KNOWN = {SENIOR.id: SENIOR}


def test_every_stage_of_the_senior_engineer_rubric_has_a_valid_exercise():
    exercises, problems = check_exercises(exercise_files(RUBRICS), [SENIOR])
    assert problems == []
    covered = {e.stage_id for e in exercises if e.rubric_id == SENIOR.id}
    assert covered == {s.id for s in SENIOR.stages}
    golds = [g.score for e in exercises for g in e.gold]
    assert len(set(golds)) >= 3, "gold scores should vary, not all the same"
    for exercise in exercises:
        assert len(exercise.transcript.splitlines()) >= 10, exercise.id
        assert all(len(g.rationale) > 80 for g in exercise.gold), exercise.id


def problems_of(data: object) -> list[str]:
    with pytest.raises(RubricError) as caught:
        parse_exercise(data, "x.yaml", KNOWN, expected_id="x")
    return [f"{p.field}: {p.message}" for p in caught.value.problems]


GOOD = {"id": "x", "rubric": "senior-engineer", "stage": "behavioral_interview",
        "title": "T", "transcript": "Interviewer: hi\nCandidate: hello",
        "gold": {"ownership": {"score": 4, "rationale": "Because."},
                 "mentoring": {"score": 2, "rationale": "Because."}}}


@pytest.mark.parametrize(("change", "expected"), [
    ({"rubric": "nope"}, "rubric: 'nope' is not a known rubric (known: senior-engineer)"),
    ({"stage": "lunch"}, "stage: 'lunch' is not a stage of senior-engineer"),
    ({"id": "y"}, "id: 'y' must match the file name 'x'"),
    ({"transcript": "  "}, "transcript: must be a non-empty text"),
    ({"gold": {"ownership": {"score": 4, "rationale": "R"}}},
     "gold: needs a gold score for every criterion of the stage; missing: mentoring"),
    ({"gold": {**GOOD["gold"], "coding": {"score": 3, "rationale": "R"}}},
     "gold.coding: is not a criterion of this stage (ownership, mentoring)"),
    ({"gold": {**GOOD["gold"], "mentoring": {"score": 6, "rationale": "R"}}},
     "gold.mentoring.score: 6 is outside the scale 1-5"),
    ({"gold": {**GOOD["gold"], "mentoring": {"score": "4", "rationale": "R"}}},
     "gold.mentoring.score: must be a whole number"),
    ({"gold": {**GOOD["gold"], "mentoring": {"score": 3}}},
     "gold.mentoring.rationale: required"),
    ({"extra": 1}, "extra: unknown key"),
])
def test_validation_names_the_field(change, expected):
    assert any(p.startswith(expected) for p in problems_of({**GOOD, **change})), (
        problems_of({**GOOD, **change}))


def test_a_valid_exercise_keeps_gold_in_rubric_order():
    exercise = parse_exercise(GOOD, "x.yaml", KNOWN, expected_id="x")
    assert [g.criterion_id for g in exercise.gold] == ["ownership", "mentoring"]
    assert exercise.gold_scores() == {"ownership": 4, "mentoring": 2}


def test_compare_gives_offset_exact_and_within_one():
    result = compare({"a": 3, "b": 4, "c": 2}, {"a": 4, "b": 4, "c": None})
    assert result.offset == Fraction(1, 2)  # over the scored criteria
    assert (result.exact, result.within_one) == (1, 2)
    assert not result.within_one_everywhere
    assert compare({"a": 3}, {"a": 1}).offset == -2


def rec(exercise: str, *pairs: tuple[int, int | None]) -> AttemptRecord:
    gold = {f"c{i}": g for i, (g, _) in enumerate(pairs)}
    given = {f"c{i}": v for i, (_, v) in enumerate(pairs)}
    return AttemptRecord(exercise, compare(gold, given))


CLOSE, FAR, UNSCORED = ((3, 4), (2, 2)), ((3, 5), (2, 2)), ((3, None), (2, 2))


@pytest.mark.parametrize(("attempts", "calibrated"), [
    ([], False),
    ([rec("e1", *CLOSE)], False),  # one exercise is not enough
    ([rec("e1", *CLOSE), rec("e2", *CLOSE)], True),
    ([rec("e1", *CLOSE), rec("e1", *CLOSE)], False),  # the same exercise twice
    ([rec("e1", *CLOSE), rec("e2", *FAR)], False),  # off by two on one criterion
    ([rec("e1", *CLOSE), rec("e2", *UNSCORED)], False),  # "not assessed" is a miss
    ([rec("e1", *CLOSE), rec("e2", *FAR), rec("e2", *CLOSE)], False),  # retake ignored
    ([rec("e1", *CLOSE), rec("e2", *FAR), rec("e3", *CLOSE)], True),
])
def test_is_calibrated(attempts, calibrated):
    assert is_calibrated(attempts) is calibrated


def test_rubric_check_reports_a_broken_exercise(tmp_path, monkeypatch):
    folder = tmp_path / "rubrics"
    (folder / "calibration").mkdir(parents=True)
    shutil.copy(RUBRICS / "senior-engineer.yaml", folder)
    shutil.copy(RUBRICS / "calibration" / "system-design-shortener-gaps.yaml",
                folder / "calibration")
    broken = {**GOOD, "id": "broken", "stage": "coding_interview",
              "gold": {"coding": {"score": 9, "rationale": "R"}}}
    (folder / "calibration" / "broken.yaml").write_text(yaml.safe_dump(broken))
    (folder / "calibration" / "dup.yaml").write_text("id: dup\nid: again\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["rubric", "check", "rubrics"])
    assert result.exit_code == 2
    assert "ok  exercise system-design-shortener-gaps" in result.output
    assert "rubrics/calibration/broken.yaml: gold.coding.score: 9 is outside the scale 1-5" in (
        result.stderr)
    assert "rubrics/calibration/dup.yaml: line 2, column 1: YAML does not parse" in (
        result.stderr)
    alone = CliRunner().invoke(main, ["rubric", "check", "rubrics/calibration/broken.yaml"])
    assert alone.exit_code == 2
    assert "gold.coding.score: 9 is outside the scale 1-5" in alone.stderr
    fine = CliRunner().invoke(main, ["rubric", "check",
                                     "rubrics/calibration/system-design-shortener-gaps.yaml"])
    assert fine.exit_code == 0, fine.output


def test_the_transcript_reads_as_turns():
    exercise = parse_exercise({**GOOD, "transcript": (
        "Interviewer: Tell me about\na time.\n(Pauses.)\nCandidate: Well:\nit was 2019.")},
        "x.yaml", KNOWN, expected_id="x")
    assert exercise.turns() == [("Interviewer", "Tell me about a time."), ("", "(Pauses.)"),
                                ("Candidate", "Well: it was 2019.")]

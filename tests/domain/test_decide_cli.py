"""The `hiring decide` command line contract (issue 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hiring.cli import main
from hiring.domain.rubric_loader import load_rubric_file

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = "rubrics/senior-engineer.yaml"
EXAMPLE = "examples/candidate-a.json"
CONTRACT_KEYS = {"rubric", "outcome", "weighted_score", "weighted_score_exact", "bar",
                 "meets_bar", "criteria", "missing", "red_flags", "reasons"}


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str, rubric: str | Path = RUBRIC) -> Result:
    return CliRunner().invoke(main, ["decide", "--rubric", str(rubric), *args])


def as_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def write_input(directory: Path, payload: object) -> Path:
    path = directory / "input.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload),
                    encoding="utf-8")
    return path


def one(stage: str, scores: dict[str, Any], interviewer: str = "interviewer-1",
        **extra: Any) -> dict[str, Any]:
    return {"interviewer": interviewer, "stage": stage, "scores": scores, **extra}


# --- json ----------------------------------------------------------------------------------


def test_json_for_the_bundled_example() -> None:
    out = as_json(run(EXAMPLE, "--format", "json"))
    assert set(out) >= CONTRACT_KEYS
    assert out["rubric"] == {"id": "senior-engineer",
                             "version": load_rubric_file(ROOT / RUBRIC).version}
    assert out["outcome"] == "offer"
    assert out["weighted_score"] == "4.19"
    assert out["weighted_score_exact"] == "503/120"
    assert out["bar"] == "4.00"
    assert out["meets_bar"] is True
    assert out["missing"] == []
    assert out["red_flags"] == []
    assert [(c["id"], c["weight"], c["n"], c["mean"], c["scores"]) for c in out["criteria"]] == [
        ("system_design", 25, 2, "4.50", [4, 5]),
        ("coding", 20, 3, "4.33", [4, 4, 5]),
        ("debugging", 15, 1, "4.00", [4]),
        ("ownership", 15, 2, "4.00", [4, 4]),
        ("mentoring", 15, 1, "4.00", [4]),
        ("cultural_fit", 10, 1, "4.00", [4]),  # the values interview is a draft
    ]
    assert out["reasons"][0] == "Offer: the weighted score 4.19 meets the bar of 4.00."
    assert all(isinstance(reason, str) for reason in out["reasons"])


def test_json_contributions_add_up_to_the_weighted_score() -> None:
    out = as_json(run(EXAMPLE, "--format", "json"))
    assert [(c["id"], c["contribution"], c["contribution_exact"]) for c in out["criteria"]] == [
        ("system_design", "1.12", "9/8"),
        ("coding", "0.87", "13/15"),  # 0.8666..., rounded up by the largest remainder
        ("debugging", "0.60", "3/5"),
        ("ownership", "0.60", "3/5"),
        ("mentoring", "0.60", "3/5"),
        ("cultural_fit", "0.40", "2/5"),
    ]
    assert sum(Decimal(c["contribution"]) for c in out["criteria"]) == Decimal("4.19")
    assert sum(Fraction(c["contribution_exact"]) for c in out["criteria"]) == Fraction(503, 120)


def test_incomplete_never_reads_as_a_pass(tmp_path: Path) -> None:
    """Everything but Mentoring scored, well above the bar: still not a result."""
    payload = {"scorecards": [
        one("system_design_interview", {"system_design": 5}),
        one("coding_interview", {"coding": 5}),
        one("debugging_interview", {"debugging": 5}),
        one("values_interview", {"cultural_fit": 5}),
        one("architecture_review", {"ownership": 5}, "interviewer-2"),
    ]}
    path = str(write_input(tmp_path, payload))
    out = as_json(run(path, "--format", "json"))
    assert (out["outcome"], out["weighted_score"]) == ("incomplete", "5.00")
    assert (out["meets_bar"], out["margin"]) == (None, None)
    mentoring = next(c for c in out["criteria"] if c["id"] == "mentoring")
    assert (mentoring["contribution"], mentoring["contribution_exact"]) == (None, None)
    assert sum(Decimal(c["contribution"]) for c in out["criteria"]
               if c["contribution"] is not None) == Decimal("5.00")
    text = run(path).stdout
    lines = text.splitlines()
    assert lines[1:4] == [  # no candidate line: the rubric comes first
        "Outcome:   INCOMPLETE",
        "Missing:   Mentoring (Behavioral would score it)",
        "Score:     5.00 over the scored criteria so far (exactly 5), not a result; bar 4.00",
    ]
    assert "meets" not in text
    assert "margin" not in text


@pytest.mark.parametrize("payload", [
    pytest.param({"candidate": "B", "scorecards": []}, id="no-scorecards"),
    pytest.param({"scorecards": [one("phone_screen", {"coding": None}),
                                 one("behavioral_interview", {}, "interviewer-2")]},
                 id="all-not-assessed"),
    pytest.param({"scorecards": [one("coding_interview", {"coding": 5}, status="draft")]},
                 id="only-drafts"),
])
def test_null_numbers_when_nothing_is_scored(tmp_path: Path, payload: object) -> None:
    out = as_json(run(str(write_input(tmp_path, payload)), "--format", "json"))
    assert out["outcome"] == "incomplete"
    assert out["weighted_score"] is None
    assert out["weighted_score_exact"] is None
    assert out["meets_bar"] is None
    assert out["bar"] == "4.00"
    assert out["missing"] == ["system_design", "coding", "debugging", "ownership", "mentoring",
                              "cultural_fit"]
    assert all(c["mean"] is None and c["n"] == 0 for c in out["criteria"])
    assert all(c["contribution"] is None and c["contribution_exact"] is None
               for c in out["criteria"])


def test_red_flags_as_ids_and_as_objects(tmp_path: Path) -> None:
    example = json.loads((ROOT / EXAMPLE).read_text(encoding="utf-8"))
    example["scorecards"][1]["red_flags"] = ["over_engineers"]
    example["scorecards"][4]["red_flags"] = [
        {"id": "blames_others", "note": "Said the outage was ops' fault."},
        {"id": "no_mentoring_evidence"}]
    out = as_json(run(str(write_input(tmp_path, example)), "--format", "json"))
    assert out["outcome"] == "discuss"
    assert out["meets_bar"] is True
    assert [(f["id"], f["stage"], f["interviewer"], f["note"]) for f in out["red_flags"]] == [
        ("over_engineers", "system_design_interview", "interviewer-2", ""),
        ("blames_others", "behavioral_interview", "interviewer-5",
         "Said the outage was ops' fault."),
        ("no_mentoring_evidence", "behavioral_interview", "interviewer-5", ""),
    ]
    assert out["red_flags"][1]["label"] == "Blames others for failures"


def test_a_draft_next_to_a_submitted_scorecard_is_fine(tmp_path: Path) -> None:
    payload = {"scorecards": [
        one("coding_interview", {"coding": 5}),
        one("coding_interview", {"coding": 1}, status="draft"),
        one("coding_interview", {"coding": 2}, status="draft"),
    ]}
    out = as_json(run(str(write_input(tmp_path, payload)), "--format", "json"))
    coding = next(c for c in out["criteria"] if c["id"] == "coding")
    assert (coding["n"], coding["scores"]) == (1, [5])


def test_status_defaults_to_submitted(tmp_path: Path) -> None:
    payload = {"scorecards": [one("coding_interview", {"coding": 5}),
                              one("debugging_interview", {"debugging": 3}, "b",
                                  status="submitted")]}
    out = as_json(run(str(write_input(tmp_path, payload)), "--format", "json"))
    assert [c["n"] for c in out["criteria"][1:3]] == [1, 1]


# --- text ----------------------------------------------------------------------------------


def test_text_is_the_default_format() -> None:
    default = run(EXAMPLE)
    explicit = run(EXAMPLE, "--format", "text")
    assert default.exit_code == explicit.exit_code == 0
    assert default.stdout == explicit.stdout
    lines = default.stdout.splitlines()
    assert lines[0] == "Candidate: Candidate A"
    assert lines[2] == "Outcome:   OFFER"
    assert lines[3] == "Score:     4.19 (exactly 503/120) meets the bar 4.00"
    assert lines[4] == "Counted:   7 submitted scorecard(s)"
    assert any(line.split() == ["System", "Design", "25", "2", "4.50", "1.12", "4,", "5"]
               for line in lines)
    assert any(line.split() == ["Coding", "20", "3", "4.33", "0.87", "4,", "4,", "5"]
               for line in lines)
    assert any(line.split() == ["weighted", "score", "100", "4.19"] for line in lines)
    assert "  - It meets the bar of 4.00 with a margin of +0.19." in lines
    with pytest.raises(json.JSONDecodeError):
        json.loads(default.stdout)


def test_text_when_nothing_is_scored(tmp_path: Path) -> None:
    result = run(str(write_input(tmp_path, {"scorecards": []})))
    assert result.exit_code == 0
    assert "Outcome:   INCOMPLETE" in result.stdout
    assert "Score:     none yet (bar 4.00)" in result.stdout


# --- invalid input: exit 2 and one line naming the problem ---------------------------------


def _card_with_score(score: object) -> dict[str, Any]:
    return {"scorecards": [one("coding_interview", {"coding": score})]}


INVALID = [
    ("malformed-json", '{"scorecards": [', "malformed JSON"),
    ("not-an-object", "[]", "must be a JSON object"),
    ("missing-scorecards", {"candidate": "A"}, "missing 'scorecards'"),
    ("unknown-stage", {"scorecards": [one("onsite", {"coding": 4})]}, "unknown stage 'onsite'"),
    ("unknown-criterion", {"scorecards": [one("behavioral_interview", {"leadership": 4})]},
     "unknown criterion 'leadership'"),
    ("criterion-not-scored-by-stage",
     {"scorecards": [one("phone_screen", {"system_design": 4})]},
     "stage phone_screen does not score 'system_design'"),
    ("score-6", _card_with_score(6), "must be a whole number from 1 to 5 or null, not 6"),
    ("score-0", _card_with_score(0), "must be a whole number from 1 to 5 or null, not 0"),
    ("score-3.5", _card_with_score(3.5), "must be a whole number from 1 to 5 or null, not 3.5"),
    ("score-text", _card_with_score("4"), "must be a whole number from 1 to 5 or null, not '4'"),
    ("score-true", _card_with_score(True), "must be a whole number from 1 to 5 or null, not True"),
    ("unknown-status", {"scorecards": [one("coding_interview", {"coding": 4}, status="final")]},
     "unknown status 'final'"),
    ("two-submitted-by-one-interviewer",
     {"scorecards": [one("coding_interview", {"coding": 4}),
                     one("coding_interview", {"coding": 5}, status="submitted")]},
     "interviewer-1 already submitted a scorecard for stage coding_interview"),
    ("unknown-red-flag",
     {"scorecards": [one("coding_interview", {"coding": 4}, red_flags=["rude"])]},
     "unknown red flag 'rude'"),
    ("red-flag-of-the-wrong-shape",
     {"scorecards": [one("coding_interview", {"coding": 4}, red_flags=[{"id": 3}])]},
     "a red flag must be an id or"),
    ("unknown-scorecard-field",
     {"scorecards": [one("coding_interview", {"coding": 4}, score={"coding": 4})]},
     "unknown field 'score'"),
]


@pytest.mark.parametrize(("payload", "message"),
                         [pytest.param(p, m, id=name) for name, p, m in INVALID])
def test_invalid_input_exits_2_with_one_line(tmp_path: Path, payload: object,
                                             message: str) -> None:
    path = write_input(tmp_path, payload)
    result = run(str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {path}: ")
    assert message in lines[0]


def test_an_invalid_rubric_exits_2_with_one_line(tmp_path: Path) -> None:
    text = (ROOT / RUBRIC).read_text(encoding="utf-8")
    rubric = tmp_path / "senior-engineer.yaml"
    rubric.write_text(text.replace("    weight: 25\n", "    wieght: 25\n"), encoding="utf-8")
    result = run(EXAMPLE, rubric=rubric)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: invalid rubric: {rubric}: criteria[0].wieght: unknown key (did you mean "
        "'weight'?) (and 1 more problem(s); run hiring rubric check)\n")


def test_a_rubric_that_does_not_exist_exits_2_with_one_line() -> None:
    result = run(EXAMPLE, rubric="rubrics/nope.yaml")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: invalid rubric: rubrics/nope.yaml: (file): cannot be read")


def test_input_can_come_from_stdin() -> None:
    payload = json.dumps({"scorecards": [one("coding_interview", {"coding": 9})]})
    result = CliRunner().invoke(main, ["decide", "--rubric", RUBRIC, "-"], input=payload)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: <stdin>: scorecard 1 (interviewer-1, ")


# --- the installed console script ------------------------------------------------------------


def _console_script() -> Path:
    script = Path(sys.executable).parent / "hiring"
    assert script.exists(), f"the `hiring` console script is not installed next to {sys.executable}"
    return script


def test_the_installed_command_decides() -> None:
    done = subprocess.run(
        [str(_console_script()), "decide", "--rubric", RUBRIC, EXAMPLE, "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["outcome"], out["weighted_score"], out["weighted_score_exact"]) == (
        "offer", "4.19", "503/120")


def test_the_installed_command_fails_with_one_line(tmp_path: Path) -> None:
    path = write_input(tmp_path, '{"scorecards": [')
    done = subprocess.run(
        [str(_console_script()), "decide", "--rubric", RUBRIC, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {path}: malformed JSON")


def test_input_that_is_not_utf8_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(b'{"scorecards": [\xff]}')
    result = run(str(path))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: ")


def test_an_error_stays_on_one_line_whatever_the_names(tmp_path: Path) -> None:
    path = write_input(tmp_path, {"scorecards": [one("onsite", {}, "ana\nbel")]})
    result = run(str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr

"""`hiring rubric check` on the shipped rubrics and on a set of broken rubric files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from hiring.cli import main

ROOT = Path(__file__).resolve().parents[2]
BROKEN_DIR = "tests/fixtures/broken_rubrics"
REFERENCE = ROOT / "rubrics" / "senior-engineer.yaml"

# Each fixture file -> every "FIELD: message" that `hiring rubric check` must print for it.
EXPECTED = {
    "anchors": [
        "criteria[1].anchors.5: is outside the scale 1-4",
        "criteria[2].anchors.0: is outside the scale 1-4",
    ],
    "bad-ids": [
        "criteria[0].id: 'API-design' must match [a-z0-9_]+",
        "stages[0].criteria[0]: unknown criterion 'API-design'",
        "stages[1].id: 'Pair Programming' must match [a-z0-9_]+",
        "red_flags[0].id: 'blames-others' must match [a-z0-9_]+",
    ],
    "bar-and-floors": [
        "decision.bar: 4.5 is outside the scale 1-4",
        "decision.floors.coding: 5 is outside the scale 1-4",
        "decision.floors.design: unknown criterion 'design'",
    ],
    "copied-rubric": [
        "id: 'backend-engineer' must match the file name 'copied-rubric'",
        "stages[2].id: 'debrief' is a pipeline state; choose another id",
    ],
    "duplicates": [
        "criteria[2].id: duplicate criterion id 'coding'",
        "stages[1].criteria[1]: unknown criterion 'collaboration'",
        "stages[2].id: duplicate stage id 'pairing'",
        "stages[2].criteria[0]: unknown criterion 'collaboration'",
        "red_flags[1].id: duplicate red flag id 'blames_others'",
    ],
    "many-problems": [
        "level: unknown key",
        "scale.labels: missing a label for level 4",
        "criteria[0].weight: must be > 0",
        "stages[0].criteria[1]: unknown criterion 'system_design'",
        "stages[1].id: 'offer' is a pipeline state; choose another id",
        "red_flags[1].category: required",
        "decision.bar_note: unknown key",
        "decision.missing_criteria: 'renormalise' is not one of block, renormalize",
    ],
    "not-yaml": [
        "line 60, column 56: YAML does not parse: mapping values are not allowed here",
    ],
    "policies": [
        "decision.missing_criteria: 'skip' is not one of block, renormalize",
        "decision.red_flags: 'warn' is not one of discuss, veto, ignore",
    ],
    "rounds-ids": [
        "rounds[1].optional: must be true or false",
        "rounds[1].minutes: 90 is less than the 120 minutes its interviews take",
        "rounds[2].id: duplicate round id 'onsite'",
        "rounds[2].interviews: a round needs at least one interview stage",
        "rounds[3].interviews: required",
        "rounds[3].id: 'debrief' is a pipeline state; choose another id",
        "rounds[0].id: 'api_design_interview' is the id of a stage in round 'onsite'; a round "
        "may share an id only with a stage it holds",
    ],
    "rounds-membership": [
        "rounds[0].interviews[1]: unknown stage 'api_design_review'",
        "rounds[1].interviews[1]: stage 'api_design_interview' is already in round 'screen'; "
        "a stage belongs to exactly one round",
        "rounds[2].interviews: a round needs at least one interview stage",
        "stages[2].id: stage 'debugging' is in no round",
    ],
    "typo-weight": [
        "criteria[2].wieght: unknown key (did you mean 'weight'?)",
        "criteria[2].weight: required",
    ],
    "unknown-criterion": [
        "stages[1].criteria[1]: unknown criterion 'collab'",
        "criteria[2].id: no stage scores criterion 'collaboration'",
    ],
    "weights": [
        "criteria: weights sum to 95; they must sum to exactly 100",
    ],
    "yes-no-labels": [
        "scale.labels.2: must be a non-empty text",
        "scale.labels.3: must be a non-empty text",
    ],
}
# Files whose id may differ from the file name: the mismatch is the point, or it does not parse.
ID_IS_NOT_THE_STEM = {"copied-rubric", "not-yaml"}


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths are shown relative to the working directory, as an author types them."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("HIRING_RUBRICS_DIR", raising=False)


def check(*paths: str | Path) -> Result:
    return CliRunner().invoke(main, ["rubric", "check", *map(str, paths)])


def problem_lines(result: Result) -> list[str]:
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problem(s) found."
    return lines[:-1]


def test_the_fixture_set_is_complete() -> None:
    stems = {p.stem for p in (ROOT / BROKEN_DIR).iterdir()}
    assert stems == set(EXPECTED)
    assert 8 <= len(stems) <= 14
    assert all(p.suffix == ".yaml" for p in (ROOT / BROKEN_DIR).iterdir())


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - ID_IS_NOT_THE_STEM))
def test_each_fixture_is_named_after_its_id(name: str) -> None:
    data = yaml.safe_load((ROOT / BROKEN_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    assert data["id"] == name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_names_file_and_field_for_each_broken_file(name: str) -> None:
    path = f"{BROKEN_DIR}/{name}.yaml"
    result = check(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert problem_lines(result) == [f"{path}: {line}" for line in EXPECTED[name]]


def test_check_reports_every_broken_file_of_a_directory() -> None:
    result = check(BROKEN_DIR)
    assert result.exit_code == 2
    assert result.stdout == ""
    expected = [f"{BROKEN_DIR}/{name}.yaml: {line}"
                for name in sorted(EXPECTED) for line in EXPECTED[name]]
    assert problem_lines(result) == expected


def test_shipped_rubrics_pass() -> None:
    result = check()
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    rubric_lines = [line for line in lines if not line.startswith("ok  exercise ")]
    assert [line.split()[:2] for line in rubric_lines] == [
        ["ok", "engineering-manager"], ["ok", "senior-engineer"]]
    assert len(lines) > len(rubric_lines)  # the calibration exercises are checked too
    assert "Senior Software Engineer" in lines[1]


def test_a_valid_file_next_to_a_broken_one_still_fails() -> None:
    result = check("rubrics/senior-engineer.yaml", f"{BROKEN_DIR}/weights.yaml")
    assert result.exit_code == 2
    assert result.stdout.startswith("ok  senior-engineer")
    assert problem_lines(result) == [
        f"{BROKEN_DIR}/weights.yaml: criteria: weights sum to 95; they must sum to exactly 100"]


def test_a_missing_path_is_a_problem() -> None:
    result = check("rubrics/nope.yaml")
    assert result.exit_code == 2
    assert problem_lines(result) == ["rubrics/nope.yaml: (file): does not exist"]


def test_an_empty_directory_fails(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "no rubric files found\n"


def test_two_files_with_one_id_fail(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    (tmp_path / "senior-engineer.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "senior-engineer.yml").write_text(text, encoding="utf-8")
    result = check(tmp_path)
    assert result.exit_code == 2
    assert problem_lines(result) == [
        f"{tmp_path}/senior-engineer.yml: id: 'senior-engineer' is also the id of "
        f"{tmp_path}/senior-engineer.yaml"]


def write_variant(directory: Path, name: str, old: str, new: str) -> Path:
    """The reference rubric under another name, with one piece of text replaced."""
    text = REFERENCE.read_text(encoding="utf-8").replace("id: senior-engineer\n", f"id: {name}\n")
    assert text.count(old) == 1, old
    path = directory / f"{name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "line"), [
    pytest.param("    weight: 20\n", "    wieght: 20\n",
                 "criteria[1].wieght: unknown key (did you mean 'weight'?)", id="typo"),
    pytest.param("    weight: 10\n", "    weight: 5\n",
                 "criteria: weights sum to 95; they must sum to exactly 100", id="weights"),
    pytest.param("  bar: 4.0\n", "  bar: 5.5\n", "decision.bar: 5.5 is outside the scale 1-5",
                 id="bar"),
    pytest.param("  missing_criteria: block\n", "  missing_criteria: skip\n",
                 "decision.missing_criteria: 'skip' is not one of block, renormalize",
                 id="policy"),
    pytest.param("    criteria: [debugging]\n", "    criteria: [debuging]\n",
                 "stages[4].criteria[0]: unknown criterion 'debuging'", id="stage-criterion"),
    pytest.param("  - id: values_interview\n", "  - id: debrief\n",
                 "stages[8].id: 'debrief' is a pipeline state; choose another id",
                 id="reserved-stage"),
    pytest.param("  - id: blames_others\n", "  - id: arrogant\n",
                 "red_flags[3].id: duplicate red flag id 'arrogant'", id="duplicate-flag"),
    pytest.param("debugging_interview,\n                 behavioral_interview]",
                 "debugging_interview]",
                 "stages[5].id: stage 'behavioral_interview' is in no round", id="round-none"),
    pytest.param("    interviews: [take_home_review]\n", "    interviews: [coding_interview]\n",
                 "rounds[2].interviews[1]: stage 'coding_interview' is already in round "
                 "'take_home'; a stage belongs to exactly one round", id="round-twice"),
    pytest.param("  - id: final_round\n", "  - id: phone_screen\n",
                 "rounds[3].id: duplicate round id 'phone_screen'", id="round-duplicate"),
    pytest.param("    minutes: 240  # 4 hours\n", "    minutes: 120\n",
                 "rounds[3].minutes: 120 is less than the 165 minutes its interviews take",
                 id="round-minutes"),
])
def test_check_on_broken_variants_of_the_reference(tmp_path: Path, old: str, new: str,
                                                   line: str) -> None:
    path = write_variant(tmp_path, "variant", old, new)
    result = check(path)
    assert result.exit_code == 2
    assert f"{path}: {line}" in problem_lines(result)


def test_check_on_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    result = check(path)
    assert result.exit_code == 2
    assert problem_lines(result) == [f"{path}: (file): is empty; expected a rubric mapping"]


def show(*args: str) -> Result:
    return CliRunner().invoke(main, ["rubric", "show", *args])


def test_show_lists_the_four_rounds_of_the_reference_as_json() -> None:
    result = show("senior-engineer", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(r["id"], r["interviews"], r["optional"]) for r in data["rounds"]] == [
        ("phone_screen", ["phone_screen"], False),
        ("take_home", ["take_home_review"], True),
        ("technical_interviews", ["system_design_interview", "coding_interview",
                                  "debugging_interview", "behavioral_interview"], False),
        ("final_round", ["architecture_review", "pair_programming", "values_interview"], False),
    ]
    assert data["rounds_declared"] is True
    criteria = {c["id"]: c for c in data["criteria"]}
    assert criteria["cultural_fit"]["name"] == "Cultural Fit"
    assert "Values alignment" in criteria["cultural_fit"]["description"]
    assert {c["id"]: c["weight"] for c in data["criteria"]} == {
        "system_design": 25, "coding": 20, "debugging": 15, "ownership": 15, "mentoring": 15,
        "cultural_fit": 10}
    stages = {s["id"]: s for s in data["stages"]}
    assert stages["take_home_review"]["criteria"] == [{"id": "coding", "name": "Coding"}]
    assert stages["take_home_review"]["round"] == "take_home"
    assert data["decision"] == {"bar": 4, "missing_criteria": "block", "red_flags": "discuss",
                                "floors": {}}
    assert len(data["version"]) == 64
    assert data["red_flags"]


def test_show_as_text_by_path_names_rounds_with_their_interviews() -> None:
    result = show("rubrics/engineering-manager.yaml")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Engineering Manager (engineering-manager)" in text
    assert "2. Leadership Interviews [leadership_loop], 120 min" in text
    assert "- Execution and Prioritisation [execution_interview], 60 min" in text
    assert "Bar: weighted average >= " in text
    assert "Red flags" in text


def test_show_of_an_unknown_rubric_fails_naming_the_known_ones() -> None:
    result = show("nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no rubric file 'nope'")
    assert "known: engineering-manager, senior-engineer" in result.stderr


def test_show_of_a_broken_rubric_fails_in_one_line() -> None:
    result = show(f"{BROKEN_DIR}/rounds-membership.yaml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "rounds[0].interviews[1]: unknown stage 'api_design_review'" in result.stderr

"""Loading, validating and versioning rubric files (issue 2: the rubric file format)."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from hiring.domain.problems import RubricError
from hiring.domain.rubric import RESERVED_STAGE_IDS, Rubric
from hiring.domain.rubric_loader import (
    canonical_json,
    load_rubric_file,
    parse_rubric,
    parse_rubric_text,
    rubric_from_snapshot,
)
from hiring.rubric_files import check_files, load_directory

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ROOT / "rubrics"
REFERENCE = RUBRICS / "senior-engineer.yaml"
SECOND = RUBRICS / "engineering-manager.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "broken_rubrics"
SOURCE = "rubrics/x.yaml"

Mutation = Callable[[dict[str, Any]], None]


def reference_data() -> dict[str, Any]:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def problems_of(data: Any, expected_id: str | None = None) -> list[tuple[str, str]]:
    """The (field, message) pairs parse_rubric reports; fails the test if it accepts the data."""
    with pytest.raises(RubricError) as caught:
        parse_rubric(data, SOURCE, expected_id)
    assert all(p.source == SOURCE for p in caught.value.problems)
    return [(p.field, p.message) for p in caught.value.problems]


def text_problems(text: str, expected_id: str | None = None) -> list[tuple[str, str]]:
    with pytest.raises(RubricError) as caught:
        parse_rubric_text(text, SOURCE, expected_id)
    assert all(p.source == SOURCE for p in caught.value.problems)
    return [(p.field, p.message) for p in caught.value.problems]


def _walk(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def put(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _walk(data, path[:-1])[path[-1]] = value
    return mutate


def drop(path: tuple[Any, ...]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del _walk(data, path[:-1])[path[-1]]
    return mutate


def rename(path: tuple[Any, ...], new_key: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        parent = _walk(data, path[:-1])
        parent[new_key] = parent.pop(path[-1])
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)
    return mutate


def mutated(mutation: Mutation) -> dict[str, Any]:
    """The reference in the format before rounds (still valid), with one mistake made.

    Without ``rounds:`` a stage's mistake is reported once, not again as a round naming a
    stage that no longer parses; the rounds' own mistakes have their cases below.
    """
    data = reference_data()
    del data["rounds"]
    mutation(data)
    return data


@pytest.fixture(scope="module")
def reference() -> Rubric:
    return load_rubric_file(REFERENCE, "rubrics/senior-engineer.yaml")


@pytest.fixture(scope="module")
def second() -> Rubric:
    return load_rubric_file(SECOND, "rubrics/engineering-manager.yaml")


# --- the shipped rubrics -------------------------------------------------------------------


def test_shipped_rubrics_load_without_problems() -> None:
    rubrics, problems = check_files([RUBRICS])
    assert problems == []
    assert sorted(r.id for r in rubrics) == ["engineering-manager", "senior-engineer"]
    assert [r.id for r in load_directory(RUBRICS)] == [r.id for r in rubrics]


def test_reference_criteria_and_weights_in_order(reference: Rubric) -> None:
    assert reference.id == "senior-engineer"
    assert reference.title == "Senior Software Engineer"
    assert [(c.id, c.weight) for c in reference.criteria] == [
        ("system_design", 25), ("coding", 20), ("debugging", 15),
        ("ownership", 15), ("mentoring", 15), ("cultural_fit", 10),
    ]
    for criterion in reference.criteria:
        assert criterion.name
        assert criterion.description
        assert set(criterion.anchors) == {1, 3, 5}
        assert all(text.strip() for text in criterion.anchors.values())


def test_reference_scale(reference: Rubric) -> None:
    assert (reference.scale.min, reference.scale.max) == (1, 5)
    assert sorted(reference.scale.labels) == [1, 2, 3, 4, 5]
    # The YAML trap: unquoted Yes / No would be booleans, not these labels.
    assert reference.scale.label(2) == "No"
    assert reference.scale.label(4) == "Yes"


def test_reference_stages_score_the_criteria_the_issue_names(reference: Rubric) -> None:
    assert [(s.id, s.criteria) for s in reference.stages] == [
        ("phone_screen", ("coding",)),
        ("take_home_review", ("coding",)),
        ("system_design_interview", ("system_design",)),
        ("coding_interview", ("coding",)),
        ("debugging_interview", ("debugging",)),
        ("behavioral_interview", ("ownership", "mentoring")),
        ("architecture_review", ("system_design", "ownership")),
        ("pair_programming", ("coding", "cultural_fit")),
        ("values_interview", ("cultural_fit",)),
    ]
    minutes = {s.id: s.minutes for s in reference.stages}
    assert minutes["phone_screen"] == 45
    assert minutes["system_design_interview"] == 60
    assert minutes["coding_interview"] == 60
    assert minutes["debugging_interview"] == 45
    assert minutes["behavioral_interview"] == 45
    assert minutes["pair_programming"] == 60
    for stage in reference.stages:
        assert stage.name
        assert stage.guide
        assert stage.questions
        assert stage.minutes > 0


def test_reference_stage_guides_carry_the_seed_material(reference: Rubric) -> None:
    design = reference.stage("system_design_interview")
    behavioral = reference.stage("behavioral_interview")
    debugging = reference.stage("debugging_interview")
    assert design is not None
    assert behavioral is not None
    assert debugging is not None
    assert "URL shortener" in design.guide
    assert "10K requests/sec" in design.guide
    assert "STAR" in behavioral.guide
    assert any("mentored a junior engineer" in q for q in behavioral.questions)
    assert "N+1" in debugging.guide


def test_reference_red_flags_and_categories(reference: Rubric) -> None:
    assert [(f.id, f.category) for f in reference.red_flags] == [
        ("cannot_explain_past_projects", "technical"),
        ("blames_others", "technical"),
        ("dismisses_operational_concerns", "technical"),
        ("arrogant", "behavioral"),
        ("does_not_ask_questions", "behavioral"),
        ("no_mentoring_evidence", "behavioral"),
        ("jumps_to_solution", "system_design"),
        ("over_engineers", "system_design"),
        ("ignores_operational_complexity", "system_design"),
    ]
    assert all(f.label for f in reference.red_flags)


def test_reference_decision_policy(reference: Rubric) -> None:
    policy = reference.decision
    assert policy.bar == 4
    assert isinstance(policy.bar, Fraction)
    assert policy.missing_criteria == "block"
    assert policy.red_flags == "discuss"
    assert dict(policy.floors) == {}


def test_second_rubric_differs(reference: Rubric, second: Rubric) -> None:
    assert second.id == "engineering-manager"
    assert second.version != reference.version
    assert second != reference
    assert {c.id for c in second.criteria}.isdisjoint({c.id for c in reference.criteria})
    assert sum(c.weight for c in second.criteria) == 100
    assert second.decision.bar == Fraction(7, 2)
    assert dict(second.decision.floors) == {"people_leadership": 3}


def test_stage_criteria_follow_the_display_order(reference: Rubric) -> None:
    assert [c.id for c in reference.stage_criteria("architecture_review")] == [
        "system_design", "ownership"]
    assert [s.id for s in reference.stages_scoring("ownership")] == [
        "behavioral_interview", "architecture_review"]
    assert reference.stage_criteria("debrief") == ()


# --- versions ------------------------------------------------------------------------------


def test_version_is_the_sha256_of_the_content(reference: Rubric) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", reference.version)
    expected = hashlib.sha256(canonical_json(reference.snapshot).encode()).hexdigest()
    assert reference.version == expected
    assert reference.short_version == reference.version[:12]


def _without_comments(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(line for line in lines if line.strip()) + "\n"


@pytest.mark.parametrize("layout", [
    pytest.param(lambda text, data: _without_comments(text), id="comments-and-blank-lines-removed"),
    pytest.param(lambda text, data: "# edited comment\n" + text.replace(
        "\ncriteria:\n", "\n# the criteria, in display order\ncriteria:  # trailing comment\n"),
        id="comments-added"),
    pytest.param(lambda text, data: yaml.safe_dump(data, default_flow_style=True, width=10_000),
                 id="flow-style"),
    pytest.param(lambda text, data: yaml.safe_dump(data, sort_keys=True, indent=4),
                 id="block-style-sorted-keys"),
    pytest.param(lambda text, data: yaml.safe_dump(
        dict(reversed(list(data.items()))), sort_keys=False, default_style='"'),
        id="quoted-scalars-keys-reordered"),
])
def test_version_is_stable_across_layout_and_comments(
        reference: Rubric, layout: Callable[[str, dict[str, Any]], str]) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    rewritten = layout(text, reference_data())
    assert rewritten != text
    again = parse_rubric_text(rewritten, SOURCE, "senior-engineer")
    assert again.version == reference.version
    assert again == reference


MEANING_CHANGES = {
    "weights-moved": both(put(("criteria", 0, "weight"), 20), put(("criteria", 1, "weight"), 25)),
    "bar-lowered": put(("decision", "bar"), 3.5),
    "policy-renormalize": put(("decision", "missing_criteria"), "renormalize"),
    "flags-veto": put(("decision", "red_flags"), "veto"),
    "floor-added": put(("decision", "floors"), {"coding": 3}),
    "criteria-reordered": lambda d: d["criteria"].reverse(),
    "stages-reordered": lambda d: d["stages"].reverse(),
    "question-edited": put(("stages", 0, "questions", 0), "Tell me about your background."),
    "anchor-edited": put(("criteria", 0, "anchors", 3), "A workable design."),
    "label-edited": put(("red_flags", 3, "label"), "Arrogant"),
    "minutes-changed": put(("stages", 0, "minutes"), 30),
}


def test_version_changes_whenever_the_meaning_changes(reference: Rubric) -> None:
    versions = {"reference": reference.version}
    for name, mutation in MEANING_CHANGES.items():
        versions[name] = parse_rubric(mutated(mutation), SOURCE).version
    assert len(set(versions.values())) == len(versions), versions


@pytest.mark.parametrize("path", [REFERENCE, SECOND], ids=lambda p: p.stem)
def test_snapshot_round_trips_to_the_same_version(path: Path) -> None:
    rubric = load_rubric_file(path)
    # Stored as JSON in the database: integer keys come back as strings.
    stored = json.loads(json.dumps(rubric.snapshot))
    for snapshot in (rubric.snapshot, stored):
        again = rubric_from_snapshot(snapshot, "requisition 7")
        assert again.version == rubric.version
        assert again.criteria == rubric.criteria
        assert again.stages == rubric.stages
        assert again.red_flags == rubric.red_flags
        assert again.decision == rubric.decision
        assert again.scale == rubric.scale


def test_a_tampered_snapshot_is_validated_like_a_file(reference: Rubric) -> None:
    snapshot = json.loads(json.dumps(reference.snapshot))
    snapshot["criteria"][0]["weight"] = 30
    with pytest.raises(RubricError) as caught:
        rubric_from_snapshot(snapshot, "requisition 7")
    assert [str(p) for p in caught.value.problems] == [
        "requisition 7: criteria: weights sum to 105; they must sum to exactly 100"]


# --- validation: one case per error class --------------------------------------------------

CULTURAL_FIT_UNKNOWN = [
    ("stages[7].criteria[1]", "unknown criterion 'cultural_fit'"),
    ("stages[8].criteria[0]", "unknown criterion 'cultural_fit'"),
]

VALIDATION_CASES = [
    # unknown keys (typos)
    ("typo-in-criterion", rename(("criteria", 2, "weight"), "wieght"), [
        ("criteria[2].wieght", "unknown key (did you mean 'weight'?)"),
        ("criteria[2].weight", "required")]),
    ("typo-at-top-level", rename(("stages",), "stagse"), [
        ("stagse", "unknown key (did you mean 'stages'?)"), ("stages", "required")]),
    ("typo-in-decision", put(("decision", "floor"), {}), [
        ("decision.floor", "unknown key (did you mean 'floors'?)")]),
    ("typo-in-stage", rename(("stages", 1, "minutes"), "mins"), [
        ("stages[1].mins", "unknown key (did you mean 'minutes'?)"),
        ("stages[1].minutes", "required")]),
    ("typo-in-red-flag", rename(("red_flags", 0, "label"), "lable"), [
        ("red_flags[0].lable", "unknown key (did you mean 'label'?)"),
        ("red_flags[0].label", "required")]),
    ("unknown-key-in-scale", put(("scale", "step"), 1), [("scale.step", "unknown key")]),
    # missing keys
    ("missing-title", drop(("title",)), [("title", "required")]),
    ("missing-decision", drop(("decision",)), [("decision", "required")]),
    ("missing-stage-guide", drop(("stages", 3, "guide")), [("stages[3].guide", "required")]),
    ("missing-bar", drop(("decision", "bar")), [("decision.bar", "required")]),
    ("missing-flag-category", drop(("red_flags", 8, "category")), [
        ("red_flags[8].category", "required")]),
    # bad ids
    ("bad-rubric-id", put(("id",), "Senior_Engineer"), [
        ("id", "'Senior_Engineer' must match [a-z0-9-]+")]),
    ("bad-criterion-id", put(("criteria", 5, "id"), "cultural-fit"), [
        ("criteria[5].id", "'cultural-fit' must match [a-z0-9_]+"), *CULTURAL_FIT_UNKNOWN]),
    ("bad-stage-id", put(("stages", 0, "id"), "Phone Screen"), [
        ("stages[0].id", "'Phone Screen' must match [a-z0-9_]+")]),
    ("bad-flag-id", put(("red_flags", 0, "id"), "cannot-explain"), [
        ("red_flags[0].id", "'cannot-explain' must match [a-z0-9_]+")]),
    ("bad-flag-category", put(("red_flags", 0, "category"), "Technical"), [
        ("red_flags[0].category", "'Technical' must match [a-z0-9_]+")]),
    ("empty-title", put(("title",), "  "), [("title", "must be a non-empty text")]),
    # duplicate ids
    ("duplicate-criterion-id", put(("criteria", 5, "id"), "mentoring"), [
        ("criteria[5].id", "duplicate criterion id 'mentoring'"), *CULTURAL_FIT_UNKNOWN]),
    ("duplicate-stage-id", put(("stages", 2, "id"), "phone_screen"), [
        ("stages[2].id", "duplicate stage id 'phone_screen'")]),
    ("duplicate-flag-id", put(("red_flags", 4, "id"), "arrogant"), [
        ("red_flags[4].id", "duplicate red flag id 'arrogant'")]),
    # weights
    ("weights-sum-to-95", put(("criteria", 5, "weight"), 5), [
        ("criteria", "weights sum to 95; they must sum to exactly 100")]),
    ("weights-sum-to-105", put(("criteria", 0, "weight"), 30), [
        ("criteria", "weights sum to 105; they must sum to exactly 100")]),
    ("weights-sum-to-a-fraction", put(("criteria", 0, "weight"), 25.5), [
        ("criteria", "weights sum to 100.5; they must sum to exactly 100")]),
    ("weight-zero", put(("criteria", 5, "weight"), 0), [("criteria[5].weight", "must be > 0")]),
    ("weight-negative", put(("criteria", 5, "weight"), -10), [
        ("criteria[5].weight", "must be > 0")]),
    ("weight-text", put(("criteria", 5, "weight"), "10"), [
        ("criteria[5].weight", "must be a number")]),
    ("weight-boolean", put(("criteria", 5, "weight"), True), [
        ("criteria[5].weight", "must be a number")]),
    # stages and criteria
    ("stage-names-unknown-criterion", put(("stages", 0, "criteria"), ["codng"]), [
        ("stages[0].criteria[0]", "unknown criterion 'codng'")]),
    ("criterion-no-stage-scores", both(put(("stages", 7, "criteria"), ["coding"]),
                                       put(("stages", 8, "criteria"), ["coding"])), [
        ("criteria[5].id", "no stage scores criterion 'cultural_fit'")]),
    ("stage-lists-criterion-twice", put(("stages", 0, "criteria"), ["coding", "coding"]), [
        ("stages[0].criteria[1]", "criterion 'coding' is listed twice")]),
    ("stage-scores-nothing", put(("stages", 0, "criteria"), []), [
        ("stages[0].criteria", "must not be empty")]),
    ("stage-minutes-zero", put(("stages", 0, "minutes"), 0), [
        ("stages[0].minutes", "must be > 0")]),
    ("stage-minutes-text", put(("stages", 0, "minutes"), "45"), [
        ("stages[0].minutes", "must be a whole number")]),
    ("stage-without-questions", put(("stages", 0, "questions"), []), [
        ("stages[0].questions", "must not be empty")]),
    ("stage-blank-question", put(("stages", 0, "questions", 1), " "), [
        ("stages[0].questions[1]", "must be a non-empty text")]),
    ("no-criteria", put(("criteria",), []), [("criteria", "must not be empty")] + [
        (f"stages[{s}].criteria[{i}]", f"unknown criterion '{cid}'")
        for s, stage in enumerate(reference_data()["stages"])
        for i, cid in enumerate(stage["criteria"])]),
    ("red-flags-null", put(("red_flags",), None), [("red_flags", "must be a list")]),
    # bar, floors and anchors against the scale
    ("bar-above-scale", put(("decision", "bar"), 6), [
        ("decision.bar", "6 is outside the scale 1-5")]),
    ("bar-below-scale", put(("decision", "bar"), 0.5), [
        ("decision.bar", "0.5 is outside the scale 1-5")]),
    ("bar-text", put(("decision", "bar"), "4.0"), [("decision.bar", "must be a number")]),
    ("floor-above-scale", put(("decision", "floors"), {"coding": 5.5}), [
        ("decision.floors.coding", "5.5 is outside the scale 1-5")]),
    ("floor-below-scale", put(("decision", "floors"), {"coding": 0}), [
        ("decision.floors.coding", "0 is outside the scale 1-5")]),
    ("floor-on-unknown-criterion", put(("decision", "floors"), {"codng": 3}), [
        ("decision.floors.codng", "unknown criterion 'codng'")]),
    ("anchor-above-scale", put(("criteria", 0, "anchors", 6), "Beyond excellent."), [
        ("criteria[0].anchors.6", "is outside the scale 1-5")]),
    ("anchor-below-scale", put(("criteria", 3, "anchors", 0), "Did not turn up."), [
        ("criteria[3].anchors.0", "is outside the scale 1-5")]),
    ("anchor-text-key", put(("criteria", 0, "anchors"), {"one": "Poor."}), [
        ("criteria[0].anchors.one", "must be an integer level of the scale")]),
    ("anchors-empty", put(("criteria", 0, "anchors"), {}), [
        ("criteria[0].anchors", "must describe at least one level of the scale")]),
    # policies
    ("unknown-missing-policy", put(("decision", "missing_criteria"), "skip"), [
        ("decision.missing_criteria", "'skip' is not one of block, renormalize")]),
    ("unknown-flag-policy", put(("decision", "red_flags"), "block"), [
        ("decision.red_flags", "'block' is not one of discuss, veto, ignore")]),
    # stage ids that are pipeline states
    ("reserved-stage-id", put(("stages", 4, "id"), "debrief"), [
        ("stages[4].id", "'debrief' is a pipeline state; choose another id")]),
    # the scale itself
    ("scale-min-equals-max", put(("scale", "max"), 1), [
        ("scale.max", "must be greater than scale.min (1)")]),
    ("scale-min-above-max", both(put(("scale", "min"), 5), put(("scale", "max"), 1)), [
        ("scale.max", "must be greater than scale.min (5)")]),
    ("scale-missing-label", drop(("scale", "labels", 3)), [
        ("scale.labels", "missing a label for level 3")]),
    ("scale-label-outside", put(("scale", "labels", 6), "Exceptional"), [
        ("scale.labels.6", "is outside the scale 1-5")]),
    ("scale-label-boolean", put(("scale", "labels", 4), True), [
        ("scale.labels.4", "must be a non-empty text")]),
    ("scale-max-float", put(("scale", "max"), 5.0), [("scale.max", "must be a whole number")]),
]


@pytest.mark.parametrize(("mutation", "expected"),
                         [pytest.param(m, e, id=name) for name, m, e in VALIDATION_CASES])
def test_validation_reports_field_and_message(mutation: Mutation,
                                              expected: list[tuple[str, str]]) -> None:
    found = problems_of(mutated(mutation))
    assert len(found) == len(expected), found
    for (field, message), (want_field, want_message) in zip(found, expected, strict=True):
        assert field == want_field
        assert want_message in message


def test_an_unknown_key_without_a_close_match_gets_no_hint() -> None:
    assert problems_of(mutated(put(("scale", "colour"), "red"))) == [
        ("scale.colour", "unknown key")]


def test_a_document_that_is_not_a_mapping() -> None:
    assert problems_of(["id", "title"]) == [("(file)", "must be a mapping")]


@pytest.mark.parametrize("stage_id", RESERVED_STAGE_IDS)
def test_every_pipeline_state_is_a_reserved_stage_id(stage_id: str) -> None:
    assert problems_of(mutated(put(("stages", 0, "id"), stage_id))) == [
        ("stages[0].id", f"'{stage_id}' is a pipeline state; choose another id")]


def test_id_must_match_the_file_name() -> None:
    assert problems_of(reference_data(), expected_id="staff-engineer") == [
        ("id", "'senior-engineer' must match the file name 'staff-engineer'")]


def test_load_rubric_file_checks_the_id_against_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "staff-engineer.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric_file(path, "rubrics/staff-engineer.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "rubrics/staff-engineer.yaml: id: 'senior-engineer' must match the file name "
        "'staff-engineer'"]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(RubricError) as caught:
        load_rubric_file(tmp_path / "absent.yaml", "rubrics/absent.yaml")
    [problem] = caught.value.problems
    assert (problem.source, problem.field) == ("rubrics/absent.yaml", "(file)")
    assert problem.message.startswith("cannot be read")


@pytest.mark.parametrize(("text", "field", "message"), [
    pytest.param("id: x\n  title: y\n", "line 2, column 8",
                 "YAML does not parse: mapping values are not allowed here", id="indent"),
    pytest.param("id: x\ntitle: {a: 1\n", "line 3, column 1",
                 "YAML does not parse: expected ',' or '}', but got '<stream end>'",
                 id="unclosed-flow-mapping"),
    pytest.param(REFERENCE.read_text(encoding="utf-8").replace(
        "title: Senior Software Engineer", "title: Senior Engineer: Backend"),
        "line 6, column 23", "YAML does not parse: mapping values are not allowed here",
        id="colon-in-plain-scalar"),
    pytest.param("", "(file)", "is empty; expected a rubric mapping", id="empty-file"),
    pytest.param("# a rubric, one day\n\n", "(file)", "is empty; expected a rubric mapping",
                 id="only-comments"),
])
def test_text_that_is_not_a_rubric(text: str, field: str, message: str) -> None:
    assert text_problems(text, "senior-engineer") == [(field, message)]


@pytest.mark.parametrize(("old", "new", "field"), [
    pytest.param("    weight: 25\n", "    weight: .inf\n", "criteria[0].weight", id="weight"),
    pytest.param("  bar: 4.0\n", "  bar: .inf\n", "decision.bar", id="bar"),
    pytest.param("  floors: {}\n", "  floors: {coding: -.inf}\n", "decision.floors.coding",
                 id="floor"),
])
def test_an_infinite_number_is_a_problem_not_a_crash(old: str, new: str, field: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = text_problems(text.replace(old, new), "senior-engineer")
    assert [f for f, _ in found] == [field]


def test_a_key_written_twice_is_a_problem() -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "    weight: 25\n", "    weight: 25\n    weight: 30\n")
    [(field, message)] = text_problems(text, "senior-engineer")
    assert field.startswith("line ")
    assert message == "YAML does not parse: duplicate key 'weight'"


def test_yaml_is_loaded_safely() -> None:
    text = "!!python/object/apply:os.system ['echo unsafe']\n"
    [(field, message)] = text_problems(text)
    assert field == "line 1, column 1"
    assert message.startswith("YAML does not parse: could not determine a constructor")


# --- all problems at once ------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    with pytest.raises(RubricError) as caught:
        load_rubric_file(BROKEN / "many-problems.yaml", "broken/many-problems.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "broken/many-problems.yaml: level: unknown key",
        "broken/many-problems.yaml: scale.labels: missing a label for level 4",
        "broken/many-problems.yaml: criteria[0].weight: must be > 0",
        "broken/many-problems.yaml: stages[0].criteria[1]: unknown criterion 'system_design'",
        "broken/many-problems.yaml: stages[1].id: 'offer' is a pipeline state; choose another id",
        "broken/many-problems.yaml: red_flags[1].category: required",
        "broken/many-problems.yaml: decision.bar_note: unknown key",
        "broken/many-problems.yaml: decision.missing_criteria: 'renormalise' is not one of "
        "block, renormalize",
    ]
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


def test_problems_in_every_section_are_reported_together() -> None:
    data = mutated(both(
        rename(("criteria", 2, "weight"), "wieght"),
        put(("scale", "labels", 6), "Exceptional"),
        put(("criteria", 1, "anchors", 7), "Off the scale."),
        put(("stages", 0, "criteria"), ["codng"]),
        put(("stages", 5, "id"), "withdrawn"),
        put(("red_flags", 1, "id"), "arrogant"),
        put(("red_flags", 3, "category"), "Behaviour"),
        put(("decision", "bar"), 7),
        put(("decision", "red_flags"), "warn"),
        put(("decision", "floors"), {"debugging": 9, "leadership": 2}),
    ))
    assert problems_of(data, expected_id="principal-engineer") == [
        ("id", "'senior-engineer' must match the file name 'principal-engineer'"),
        ("scale.labels.6", "is outside the scale 1-5"),
        ("criteria[1].anchors.7", "is outside the scale 1-5"),
        ("criteria[2].wieght", "unknown key (did you mean 'weight'?)"),
        ("criteria[2].weight", "required"),
        ("stages[0].criteria[0]", "unknown criterion 'codng'"),
        ("stages[5].id", "'withdrawn' is a pipeline state; choose another id"),
        ("red_flags[3].id", "duplicate red flag id 'arrogant'"),
        ("red_flags[3].category", "'Behaviour' must match [a-z0-9_]+"),
        ("decision.bar", "7 is outside the scale 1-5"),
        ("decision.red_flags", "'warn' is not one of discuss, veto, ignore"),
        ("decision.floors.debugging", "9 is outside the scale 1-5"),
        ("decision.floors.leadership", "unknown criterion 'leadership'"),
    ]


def test_optional_floors_may_be_left_out(reference: Rubric) -> None:
    data = reference_data()
    del data["decision"]["floors"]
    assert dict(parse_rubric(data, SOURCE).decision.floors) == {}


def test_decimal_weights_are_exact() -> None:
    # 33.3 + 33.3 + 33.4 is 100 exactly, although not in binary floating point.
    data = reference_data()
    data["criteria"] = data["criteria"][:3]
    for criterion, weight in zip(data["criteria"], (33.3, 33.3, 33.4), strict=True):
        criterion["weight"] = weight
    for stage in data["stages"]:
        stage["criteria"] = [c for c in stage["criteria"]
                             if c in ("system_design", "coding", "debugging")] or ["coding"]
    rubric = parse_rubric(data, SOURCE)
    assert [c.weight for c in rubric.criteria] == [
        Fraction(333, 10), Fraction(333, 10), Fraction(334, 10)]


def test_input_data_is_not_modified() -> None:
    data = reference_data()
    before = copy.deepcopy(data)
    parse_rubric(data, SOURCE)
    assert data == before


# --- rounds ---------------------------------------------------------------------------------


def test_reference_rounds_model_q6(reference: Rubric) -> None:
    assert [(r.id, r.name, r.minutes, r.optional, r.interviews) for r in reference.rounds] == [
        ("phone_screen", "Phone Screen", 45, False, ("phone_screen",)),
        ("take_home", "Take-Home Assignment", 360, True, ("take_home_review",)),
        ("technical_interviews", "Technical Interviews", 240, False,
         ("system_design_interview", "coding_interview", "debugging_interview",
          "behavioral_interview")),
        ("final_round", "On-site / Final Round", 240, False,
         ("architecture_review", "pair_programming", "values_interview")),
    ]
    assert [reference.stage(s).minutes for s in reference.round("technical_interviews")
            .interviews] == [60, 60, 45, 45]
    assert reference.criterion("cultural_fit").name == "Cultural Fit"
    assert "Values alignment" in reference.criterion("cultural_fit").description
    guide = reference.stage("phone_screen").guide
    for point in ("Background and experience", "deep expertise in one or two areas",
                  "broad knowledge across the stack", "stay current", "coding problem"):
        assert point in guide
    take_home = reference.stage("take_home_review").guide
    for point in ("rate limiter", "4-6 hours", "code quality", "tests", "documentation",
                  "design decisions"):
        assert point in take_home


def test_second_rubric_has_rounds_covering_every_stage(second: Rubric) -> None:
    assert second.declared_rounds
    held = [sid for r in second.rounds for sid in r.interviews]
    assert sorted(held) == sorted(s.id for s in second.stages)


def test_rounds_lookups(reference: Rubric) -> None:
    assert reference.round_of("coding_interview").id == "technical_interviews"
    assert reference.round_of("nope") is None
    assert [s.id for s in reference.round_stages("final_round")] == [
        "architecture_review", "pair_programming", "values_interview"]
    assert reference.round_stages("nope") == ()
    # A stage id stored before rounds existed reads as the round holding it.
    assert reference.pipeline_state("debugging_interview") == "technical_interviews"
    assert reference.pipeline_state("phone_screen") == "phone_screen"
    assert reference.pipeline_state("debrief") == "debrief"


def without_rounds(text: str) -> str:
    head, rest = text.split("\nrounds:\n")
    return head + "\nred_flags:\n" + rest.split("\nred_flags:\n")[1]


def test_a_rubric_without_rounds_has_one_round_per_stage(reference: Rubric) -> None:
    legacy = parse_rubric_text(without_rounds(REFERENCE.read_text(encoding="utf-8")), "legacy")
    assert legacy.declared_rounds == ()
    assert [(r.id, r.name, r.minutes, r.optional, r.interviews) for r in legacy.rounds] == [
        (s.id, s.name, s.minutes, False, (s.id,)) for s in legacy.stages]
    assert legacy.version != reference.version
    assert legacy.pipeline_state("coding_interview") == "coding_interview"
    # Stored snapshots of such a version still parse, to the same version.
    assert rubric_from_snapshot(legacy.snapshot, "stored").version == legacy.version


def test_rounds_are_part_of_the_version(reference: Rubric) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    renamed = parse_rubric_text(text.replace("name: Technical Interviews",
                                             "name: Technical Loop"), "renamed")
    assert renamed.version != reference.version
    again = rubric_from_snapshot(reference.snapshot, "stored")
    assert again.version == reference.version
    assert again.rounds == reference.rounds


@pytest.mark.parametrize(("rounds", "expected"), [
    ("rounds: []", "rounds: must not be empty"),
    ("rounds: {}", "rounds: must be a list"),
    ("rounds:\n  - just a name", "rounds[0]: must be a mapping"),
])
def test_rounds_shape_problems(rounds: str, expected: str) -> None:
    text = without_rounds(REFERENCE.read_text(encoding="utf-8")).replace(
        "\nred_flags:\n", f"\n{rounds}\nred_flags:\n")
    with pytest.raises(RubricError) as caught:
        parse_rubric_text(text, "x.yaml")
    assert f"x.yaml: {expected}" in [str(p) for p in caught.value.problems]

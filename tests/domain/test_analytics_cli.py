"""``hiring analyze agreement|calibration|impact``: JSON in and out, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hiring.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "analyze"
AGREEMENT_KEYS = {"alpha_interval", "alpha_ordinal", "units", "pairable_units", "band"}
CALIBRATION_KEYS = {"rater", "n", "mean", "offset", "offset_exact", "n_compared", "label"}
IMPACT_KEYS = {"group", "entered", "passed", "rate", "impact_ratio", "flagged", "fisher_p",
               "suppressed"}

# Krippendorff (2011), section C: published interval alpha 0.849, ordinal 0.815.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def ratings_input(rows: list[list[int | None]], criterion: str = "coding") -> dict[str, Any]:
    return {"scale": {"min": 1, "max": 5}, "ratings": [
        {"unit": f"cand-{unit}", "rater": f"rater-{rater}", "criterion": criterion,
         "score": score}
        for rater, row in enumerate(rows) for unit, score in enumerate(row) if score is not None]}


def run(command: str, payload: object, *options: str) -> Result:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return CliRunner().invoke(main, ["analyze", command, *options, "-"], input=text)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_agreement_on_the_published_example() -> None:
    out = as_json(run("agreement", ratings_input(KRIPPENDORFF_2011), "--format", "json"))
    expected = {"alpha_interval": "0.849", "alpha_ordinal": "0.815", "units": 12,
                "pairable_units": 11, "band": "good"}
    assert out == {"criteria": [{"id": "coding", **expected}], "overall": expected}


def test_calibration_hand_checked() -> None:
    # ana: 5 - (3+4)/2 = +3/2 and 4 - 4 = 0 -> +3/4; her lone score on u3 is not compared.
    payload = {"scale": {"min": 1, "max": 5}, "ratings": [
        {"unit": u, "rater": r, "criterion": "coding", "score": s}
        for u, r, s in [("u1", "ana", 5), ("u1", "ben", 3), ("u1", "cy", 4), ("u2", "ana", 4),
                        ("u2", "ben", 4), ("u3", "ana", 2)]]}
    out = as_json(run("calibration", payload, "--format", "json"))
    ana = out["raters"][0]
    assert {k: ana[k] for k in CALIBRATION_KEYS} == {
        "rater": "ana", "n": 3, "mean": "3.66", "offset": "+0.75", "offset_exact": "3/4",
        "n_compared": 2, "label": "too few to tell"}
    assert ana["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert ana["criteria"][0]["criterion"] == "coding"
    assert [(r["rater"], r["offset"], r["offset_exact"]) for r in out["raters"]] == [
        ("ana", "+0.75", "3/4"), ("ben", "-0.75", "-3/4"), ("cy", "0.00", "0")]


def test_impact_hand_checked() -> None:
    candidates = ([{"group": "A", "furthest": "offer", "status": "hired"}] * 5
                  + [{"group": "A", "furthest": "applied", "status": "rejected"}] * 5
                  + [{"group": "B", "furthest": "offer", "status": "hired"}] * 2
                  + [{"group": "B", "furthest": "applied", "status": "rejected"}] * 8
                  + [{"group": "C", "furthest": "offer", "status": "hired"}] * 4)
    out = as_json(run("impact", {"pipeline": ["applied", "offer"], "candidates": candidates},
                      "--format", "json"))
    (step,) = out["steps"]  # Fisher p for [[2, 8], [5, 5]] is 0.34984..., shown rounded up
    assert step["step"] == "applied"
    assert step["groups"] == [
        {"group": "A", "entered": 10, "passed": 5, "rate": "0.500", "impact_ratio": "1.000",
         "flagged": False, "fisher_p": None, "suppressed": False, "reference": True},
        {"group": "B", "entered": 10, "passed": 2, "rate": "0.200", "impact_ratio": "0.400",
         "flagged": True, "fisher_p": "0.3499", "suppressed": False, "reference": False},
        {"group": "C", "entered": None, "passed": None, "rate": None, "impact_ratio": None,
         "flagged": None, "fisher_p": None, "suppressed": True, "reference": False},
    ]


@pytest.mark.parametrize(("command", "example", "keys"), [
    ("agreement", "ratings.json", AGREEMENT_KEYS),
    ("calibration", "ratings.json", CALIBRATION_KEYS),
    ("impact", "impact.json", IMPACT_KEYS),
])
def test_the_bundled_examples(command: str, example: str, keys: set[str]) -> None:
    path = str(EXAMPLES / example)
    out = as_json(CliRunner().invoke(main, ["analyze", command, path, "--format", "json"]))
    rows = {"agreement": lambda: [*out["criteria"], out["overall"]],
            "calibration": lambda: out["raters"],
            "impact": lambda: [g for s in out["steps"] for g in s["groups"]]}[command]()
    assert rows
    assert all(keys <= set(row) for row in rows)
    text = CliRunner().invoke(main, ["analyze", command, path])
    assert text.exit_code == 0
    assert text.stdout.strip()


def test_the_calibration_example_has_a_lenient_and_a_severe_rater() -> None:
    out = as_json(CliRunner().invoke(
        main, ["analyze", "calibration", str(EXAMPLES / "ratings.json"), "--format", "json"]))
    assert {r["rater"]: r["label"] for r in out["raters"]} == {
        "ivan": "lenient", "omar": "calibrated", "sara": "severe"}


def test_text_formats_mark_what_matters() -> None:
    agreement = run("agreement", ratings_input(KRIPPENDORFF_2011))
    assert "0.849" in agreement.stdout
    assert "good" in agreement.stdout
    impact = CliRunner().invoke(main, ["analyze", "impact", str(EXAMPLES / "impact.json")])
    assert "suppressed" in impact.stdout
    assert "FLAG" in impact.stdout


GOOD_RATING = {"unit": "u1", "rater": "ana", "criterion": "coding", "score": 3}


@pytest.mark.parametrize(("command", "payload", "message"), [
    ("agreement", "{not json", "malformed JSON"),
    ("agreement", "[]", "the input must be a JSON object"),
    ("agreement", {"ratings": []}, "the input: missing 'scale'"),
    ("calibration", {"scale": {"min": 1}, "ratings": []}, "'scale': missing 'max'"),
    ("calibration", {"scale": {"min": 1, "max": "5"}, "ratings": []},
     "scale 'max' must be a whole number"),
    ("calibration", {"scale": {"min": 3, "max": 3}, "ratings": []}, "must be above 'min'"),
    ("agreement", {"scale": {"min": 1, "max": 10**9}, "ratings": []},
     "the scale may have at most 100 levels"),
    ("agreement", {"scale": {"min": 1, "max": 5}, "ratings": {}}, "'ratings' must be a list"),
    ("agreement", {"scale": {"min": 1, "max": 5}, "ratings": [{**GOOD_RATING, "score": 6}]},
     "rating 1: score 6 is outside the scale 1 to 5"),
    ("agreement", {"scale": {"min": 1, "max": 5}, "ratings": [{**GOOD_RATING, "score": 2.5}]},
     "rating 1: 'score' must be a whole number"),
    ("calibration", {"scale": {"min": 1, "max": 5}, "ratings": [{**GOOD_RATING, "unit": ""}]},
     "rating 1: 'unit' must be a non-empty string"),
    ("calibration", {"scale": {"min": 1, "max": 5},
                     "ratings": [GOOD_RATING, {**GOOD_RATING, "rater": "ben"}, GOOD_RATING]},
     "ratings 1 and 3: ana scored u1 on coding twice"),
    ("calibration", {"scale": {"min": 1, "max": 5}, "ratings": [{**GOOD_RATING, "x": 1}]},
     "rating 1: unknown field 'x'"),
    ("impact", {"pipeline": ["applied", "offer"],
                "candidates": [{"group": "A", "furthest": "onsite", "status": "rejected"}]},
     "candidate 1: unknown step 'onsite'"),
    ("impact", {"pipeline": ["applied", "offer"],
                "candidates": [{"group": "A", "furthest": "offer", "status": "maybe"}]},
     "candidate 1: unknown status 'maybe'"),
    ("impact", {"pipeline": ["applied", "offer"], "candidates": [{"group": "A"}]},
     "candidate 1: missing 'furthest'"),
    ("impact", {"pipeline": ["applied", "offer"], "candidates": [], "min_group": "5"},
     "'min_group' must be a whole number"),
    ("impact", {"pipeline": ["applied", "offer"], "candidates": [], "min_group": 0},
     "min_group must be a whole number of at least 1"),
    ("impact", {"pipeline": "applied", "candidates": []}, "'pipeline' must be a list"),
])
def test_bad_input_exits_2_with_one_line(command: str, payload: object, message: str) -> None:
    result = run(command, payload)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: <stdin>: ")
    assert message in result.stderr


def test_a_file_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(b'{"scale": "\xff"}')
    result = CliRunner().invoke(main, ["analyze", "agreement", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_a_missing_file_exits_2() -> None:
    result = CliRunner().invoke(main, ["analyze", "impact", "no-such-file.json"])
    assert result.exit_code == 2

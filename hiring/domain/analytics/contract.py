"""The JSON contract of ``hiring analyze``: reading input, writing JSON and text output.

Input is checked fully before any maths, and every problem is an InputError whose
message is one line naming where it is ("rating 3: 'score' must be a whole number").
The parse functions take either text (the command line) or an already decoded object
(the Reports pages build the same dicts), so both go through one validation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hiring.domain.analytics.agreement import Agreement, AgreementReport
from hiring.domain.analytics.calibration import (
    Calibration,
    RaterCalibration,
    Rating,
    check_ratings,
)
from hiring.domain.analytics.impact import MIN_GROUP, CandidateOutcome, StepImpact
from hiring.domain.analytics.show import (
    exact,
    show_alpha,
    show_mean,
    show_offset,
    show_p,
    show_ratio,
)
from hiring.domain.problems import InputError
from hiring.domain.rubric import Scale

MAX_LEVELS = 100  # a rating scale, not a measurement: also bounds the work per unit


def decode(data: str | Any) -> Any:
    """JSON text decoded, or a decoded object as it is."""
    if not isinstance(data, str):
        return data
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}") from None


def _object(value: Any, where: str, required: Sequence[str], optional: Sequence[str] = ()
            ) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where} must be a JSON object")
    for key in required:
        if key not in value:
            raise InputError(f"{where}: missing '{key}'")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise InputError(f"{where}: unknown field '{unknown[0]}'")
    return value


def _whole(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where} must be a whole number, not {json.dumps(value)[:40]}")
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where} must be a non-empty string")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where} must be a list")
    return value


# -- ratings: agreement and calibration ----------------------------------------------------

def parse_ratings(data: str | Any) -> tuple[Scale, list[Rating]]:
    """``{"scale": {"min", "max"}, "ratings": [{"unit", "rater", "criterion", "score"}]}``.

    Raises InputError on missing keys, wrong types, a scale whose max is not above its
    min, a score outside the scale, or a repeated (unit, rater, criterion).
    """
    top = _object(decode(data), "the input", ("scale", "ratings"))
    raw_scale = _object(top["scale"], "'scale'", ("min", "max"))
    low, high = _whole(raw_scale["min"], "scale 'min'"), _whole(raw_scale["max"], "scale 'max'")
    if high <= low:
        raise InputError(f"scale 'max' ({high}) must be above 'min' ({low})")
    if high - low >= MAX_LEVELS:
        raise InputError(f"the scale may have at most {MAX_LEVELS} levels, not {high - low + 1}")
    scale = Scale(low, high, {})
    ratings = []
    for position, item in enumerate(_list(top["ratings"], "'ratings'"), start=1):
        where = f"rating {position}"
        fields = _object(item, where, ("unit", "rater", "criterion", "score"))
        unit, rater, criterion = (_name(fields[k], f"{where}: '{k}'")
                                  for k in ("unit", "rater", "criterion"))
        ratings.append(Rating(unit, rater, criterion, _whole(fields["score"],
                                                             f"{where}: 'score'")))
    check_ratings(ratings, scale)
    return scale, ratings


def _agreement_dict(item: Agreement) -> dict[str, Any]:
    return {"alpha_interval": show_alpha(item.alpha_interval),
            "alpha_ordinal": show_alpha(item.alpha_ordinal),
            "units": item.units, "pairable_units": item.pairable_units, "band": item.band}


def agreement_to_dict(report: AgreementReport) -> dict[str, Any]:
    """The JSON output of ``hiring analyze agreement``."""
    return {"criteria": [{"id": c.criterion, **_agreement_dict(c)} for c in report.criteria],
            "overall": _agreement_dict(report.overall)}


def _calibration_dict(item: Calibration) -> dict[str, Any]:
    return {"n": item.n, "mean": show_mean(item.mean), "offset": show_offset(item.offset),
            "offset_exact": exact(item.offset), "n_compared": item.n_compared,
            "label": item.label,
            "distribution": {str(level): count for level, count in item.distribution}}


def calibration_to_dict(raters: Sequence[RaterCalibration]) -> dict[str, Any]:
    """The JSON output of ``hiring analyze calibration``: per rater, overall then criteria."""
    return {"raters": [{"rater": r.rater, **_calibration_dict(r.overall),
                        "criteria": [{"criterion": c.criterion, **_calibration_dict(c)}
                                     for c in r.criteria]} for r in raters]}


# -- impact --------------------------------------------------------------------------------

def parse_impact(data: str | Any) -> tuple[list[str], int, list[CandidateOutcome]]:
    """``{"min_group": 5, "pipeline": [...], "candidates": [{"group", "furthest", "status"}]}``.

    ``min_group`` is optional (default 5). Steps and statuses are checked by the maths'
    own check (unknown step, unknown status, a step named twice).
    """
    top = _object(decode(data), "the input", ("pipeline", "candidates"), ("min_group",))
    min_group = _whole(top.get("min_group", MIN_GROUP), "'min_group'")
    steps = [_name(s, f"pipeline step {i}")
             for i, s in enumerate(_list(top["pipeline"], "'pipeline'"), start=1)]
    candidates = []
    for position, item in enumerate(_list(top["candidates"], "'candidates'"), start=1):
        where = f"candidate {position}"
        fields = _object(item, where, ("group", "furthest", "status"))
        candidates.append(CandidateOutcome(*(_name(fields[k], f"{where}: '{k}'")
                                             for k in ("group", "furthest", "status"))))
    return steps, min_group, candidates


def impact_to_dict(steps: Sequence[StepImpact]) -> dict[str, Any]:
    """The JSON output of ``hiring analyze impact``; suppressed groups carry nulls."""
    return {"steps": [{"step": s.step, "groups": [
        {"group": g.group, "entered": g.entered, "passed": g.passed,
         "rate": show_ratio(g.rate), "impact_ratio": show_ratio(g.impact_ratio),
         "flagged": g.flagged, "fisher_p": show_p(g.fisher_p), "suppressed": g.suppressed,
         "reference": g.reference} for g in s.groups]} for s in steps]}


# -- text ----------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [list(header), *([_cell(v) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                   + "\n" for row in cells)


def agreement_text(report: AgreementReport) -> str:
    """A table for people: the most disagreeing criterion first, then all criteria."""
    out = agreement_to_dict(report)
    keys = ("alpha_interval", "alpha_ordinal", "band", "units", "pairable_units")
    rows = [[c["id"], *(c[k] for k in keys)] for c in out["criteria"]]
    rows.append(["(all criteria)", *(out["overall"][k] for k in keys)])
    return (_table(("criterion", "alpha interval", "alpha ordinal", "band", "units",
                    "pairable"), rows)
            + "Alpha rounded down to 3 decimals; '-' where undefined (fewer than 2 pairable "
              "units, or no variation).\n")


def calibration_text(raters: Sequence[RaterCalibration]) -> str:
    """A table for people: one line per rater overall, then one per criterion."""
    rows = []
    for r in calibration_to_dict(raters)["raters"]:
        for label, item in ((r["rater"], r), *((f"  {c['criterion']}", c)
                                               for c in r["criteria"])):
            rows.append([label, item["n"], item["mean"], item["offset"], item["offset_exact"],
                         item["n_compared"], item["label"]])
    return (_table(("rater", "n", "mean", "offset", "exact", "compared", "label"), rows)
            + "Offset: mean of (score - mean of the other raters' scores, same unit and "
              "criterion).\n")


def impact_text(steps: Sequence[StepImpact]) -> str:
    """A table for people per step; suppressed groups read "suppressed", flagged ones "FLAG"."""
    parts = []
    for step in impact_to_dict(steps)["steps"]:
        rows = [[g["group"], "suppressed"] if g["suppressed"] else
                [g["group"], g["entered"], g["passed"], g["rate"], g["impact_ratio"],
                 "FLAG" if g["flagged"] else "reference" if g["reference"] else "",
                 g["fisher_p"]] for g in step["groups"]]
        rows = [row + [""] * (7 - len(row)) for row in rows]
        parts.append(f"{step['step']}\n" + _table(
            ("  group", "entered", "passed", "rate", "impact ratio", "", "fisher p"),
            [[f"  {row[0]}", *row[1:]] for row in rows]))
    return "\n".join(parts) + ("Flagged: impact ratio below 0.8 (exact). Ratios rounded "
                               "down; p-values rounded up.\n")

"""A parsed rubric as a reader wants it: JSON for tools, text for people (``hiring rubric show``).

Shows what the engine uses after parsing, not the YAML: weights as exact numbers, each
stage with the names of the criteria it scores, each round with its interviews (the
implicit one-stage rounds of a rubric that declares none), the red flags, the decision
policy and the version an interview would be pinned to.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction
from typing import Any

from hiring.domain.rubric import Rubric

WIDTH = 88


def number(value: Fraction) -> int | float | str:
    """An exact number for JSON: an int when whole, a float when that is exact, else "a/b"."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    return as_float if Fraction(as_float) == value else f"{value.numerator}/{value.denominator}"


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """The rubric's meaning as plain JSON-ready data."""
    names = {c.id: c.name for c in rubric.criteria}
    return {
        "id": rubric.id,
        "title": rubric.title,
        "version": rubric.version,
        "scale": {"min": rubric.scale.min, "max": rubric.scale.max,
                  "labels": {str(k): v for k, v in sorted(rubric.scale.labels.items())}},
        "criteria": [{"id": c.id, "name": c.name, "weight": number(c.weight),
                      "description": c.description,
                      "anchors": {str(k): v for k, v in c.anchors.items()},
                      "scored_in": [s.id for s in rubric.stages_scoring(c.id)]}
                     for c in rubric.criteria],
        "stages": [{"id": s.id, "name": s.name, "minutes": s.minutes,
                    "round": r.id if (r := rubric.round_of(s.id)) else None,
                    "criteria": [{"id": cid, "name": names[cid]} for cid in s.criteria],
                    "guide": s.guide, "questions": list(s.questions)}
                   for s in rubric.stages],
        "rounds_declared": bool(rubric.declared_rounds),
        "rounds": [{"id": r.id, "name": r.name, "minutes": r.minutes, "optional": r.optional,
                    "interviews": list(r.interviews),
                    "interview_minutes": sum(s.minutes for s in rubric.round_stages(r.id))}
                   for r in rubric.rounds],
        "red_flags": [{"id": f.id, "label": f.label, "category": f.category}
                      for f in rubric.red_flags],
        "decision": {"bar": number(rubric.decision.bar),
                     "missing_criteria": rubric.decision.missing_criteria,
                     "red_flags": rubric.decision.red_flags,
                     "floors": {k: number(v) for k, v in rubric.decision.floors.items()}},
    }


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_rubric_text(rubric: Rubric) -> str:
    """The rubric as a few screens of plain text, in the order an interviewer meets it."""
    names = {c.id: c.name for c in rubric.criteria}
    scale = rubric.scale
    out = [f"{rubric.title} ({rubric.id})", f"Version {rubric.version}", "",
           f"Scale {scale.min}-{scale.max}: "
           + ", ".join(f"{k} {v}" for k, v in sorted(scale.labels.items())), "", "Criteria"]
    for c in rubric.criteria:
        stages = ", ".join(s.name for s in rubric.stages_scoring(c.id))
        out.append(f"  {c.name} [{c.id}]  weight {number(c.weight)}  (scored in: {stages})")
        out.extend(_wrap(c.description, "      "))
    out += ["", "Rounds (the pipeline: Applied, these in order, Debrief, then an outcome)"]
    if not rubric.declared_rounds:
        out.append("  (no rounds declared: each interview stage is its own round)")
    for position, r in enumerate(rubric.rounds, start=1):
        budget = f", {r.minutes} min" if r.minutes else ""
        optional = ", optional" if r.optional else ""
        out.append(f"  {position}. {r.name} [{r.id}]{budget}{optional}")
        for s in rubric.round_stages(r.id):
            scored = ", ".join(names[cid] for cid in s.criteria)
            out.append(f"     - {s.name} [{s.id}], {s.minutes} min: scores {scored}")
    out += ["", "Stages (interview guides)"]
    for s in rubric.stages:
        out.append(f"  {s.name} [{s.id}], {s.minutes} min")
        out.extend(_wrap(s.guide, "      "))
        out.extend(f"      ? {q}" for q in s.questions)
    out += ["", "Red flags"]
    out.extend(f"  [{f.category}] {f.label} ({f.id})" for f in rubric.red_flags)
    policy = rubric.decision
    out += ["", "Decision policy",
            f"  Bar: weighted average >= {number(policy.bar)}",
            f"  A criterion nobody scored: {policy.missing_criteria}",
            f"  Red flags: {policy.red_flags}"]
    if policy.floors:
        out.append("  Floors: " + ", ".join(f"{names[k]} >= {number(v)}"
                                            for k, v in policy.floors.items()))
    return "\n".join(out) + "\n"

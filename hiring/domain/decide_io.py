"""Reading ``hiring decide`` input files and printing decisions for a person."""

from __future__ import annotations

import json
from typing import Any

from hiring.domain.decision import Decision, Outcome
from hiring.domain.problems import InputError
from hiring.domain.scoring import FlagMark, ScorecardInput, exact, plain_number, show

STATUSES = ("submitted", "draft")


def parse_decide_input(text: str) -> tuple[str, list[ScorecardInput]]:
    """The candidate's name and scorecards from the JSON contract; InputError names a problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}") from None
    if not isinstance(data, dict):
        raise InputError("the input must be a JSON object with a 'scorecards' list")
    if "scorecards" not in data:
        raise InputError("missing 'scorecards'")
    cards = data["scorecards"]
    if not isinstance(cards, list):
        raise InputError("'scorecards' must be a list")
    candidate = data.get("candidate", "")
    if not isinstance(candidate, str):
        raise InputError("'candidate' must be a string")
    return candidate, [_scorecard(item, i) for i, item in enumerate(cards, start=1)]


def _scorecard(item: Any, position: int) -> ScorecardInput:
    where = f"scorecard {position}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: must be an object")
    unknown = set(item) - {"interviewer", "stage", "status", "scores", "red_flags", "notes"}
    if unknown:
        raise InputError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    for key in ("interviewer", "stage"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise InputError(f"{where}: '{key}' must be a non-empty string")
    status = item.get("status", "submitted")
    if status not in STATUSES:
        raise InputError(f"{where}: unknown status {status!r} (use submitted or draft)")
    scores = item.get("scores", {})
    if not isinstance(scores, dict):
        raise InputError(f"{where}: 'scores' must be an object of criterion ids to scores")
    notes = item.get("notes", "")
    if not isinstance(notes, str):
        raise InputError(f"{where}: 'notes' must be a string")
    return ScorecardInput(
        interviewer=item["interviewer"].strip(),
        stage=item["stage"],
        scores=dict(scores),
        red_flags=tuple(_flag(f, where) for f in _list(item.get("red_flags", []), where)),
        submitted=status == "submitted",
        notes=notes,
        key=str(position),
    )


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where}: 'red_flags' must be a list")
    return value


def _flag(value: Any, where: str) -> FlagMark:
    if isinstance(value, str):
        return FlagMark(id=value)
    if isinstance(value, dict) and isinstance(value.get("id"), str) \
            and isinstance(value.get("note", ""), str) and set(value) <= {"id", "note"}:
        return FlagMark(id=value["id"], note=value.get("note", ""))
    raise InputError(f"{where}: a red flag must be an id or {{\"id\": ..., \"note\": ...}}")


def render_text(decision: Decision, candidate: str = "") -> str:
    """The decision for a person reading a terminal."""
    d = decision
    rubric = d.rubric
    lines = []
    if candidate:
        lines.append(f"Candidate: {candidate}")
    lines.append(f"Rubric:    {rubric.id} ({rubric.title}), version {rubric.short_version}")
    lines.append(f"Outcome:   {d.outcome.label.upper()}")
    if d.outcome is Outcome.INCOMPLETE:
        # What is missing leads; the partial score follows, held to no bar.
        lines.append("Missing:   " + "; ".join(
            f"{r.criterion.name} ({' or '.join(s.name for s in r.stages)} would score it)"
            for r in d.missing))
    if d.weighted_score is not None and not d.bar_applies:
        lines.append(f"Score:     {show(d.weighted_score)} over the scored criteria so far "
                     f"(exactly {exact(d.weighted_score)}), not a result; bar {show(d.bar)}")
    elif d.weighted_score is not None:
        verdict = "meets" if d.meets_bar else "below"
        lines.append(f"Score:     {show(d.weighted_score)} (exactly {exact(d.weighted_score)}) "
                     f"{verdict} the bar {show(d.bar)}")
    else:
        lines.append(f"Score:     none yet (bar {show(d.bar)})")
    lines.append(f"Counted:   {d.scorecards_counted} submitted scorecard(s)")
    lines.append("")
    lines.append(f"  {'criterion':<28} {'weight':>6} {'n':>3} {'mean':>6} {'contrib':>7}  scores")
    for r in d.criteria:
        mean = show(r.mean) if r.mean is not None else "-"
        share = show(r.shown_contribution) if r.shown_contribution is not None else "-"
        scores = ", ".join(str(s) for s in r.scores) or "not scored"
        lines.append(f"  {r.criterion.name[:28]:<28} {plain_number(r.criterion.weight)!s:>6} "
                     f"{r.n:>3} {mean:>6} {share:>7}  {scores}")
    if d.weighted_score is not None:
        lines.append(f"  {'weighted score':<28} {plain_number(d.scored_weight)!s:>6} "
                     f"{'':>3} {'':>6} {show(d.weighted_score):>7}")
    lines.append("")
    lines.append("Why:")
    lines.extend(f"  - {reason}" for reason in d.reasons)
    return "\n".join(lines) + "\n"

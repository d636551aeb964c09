"""The scorecard form: its fields come from the rubric stage, so it is read by hand.

A ``FormState`` is what the page shows in the fields: either what is stored or exactly what
was typed (a rejected or stale save shows the typed text again, never the stored one).
``to_data`` hands the values to the service as sent; the service decides what is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from hiring.domain.rubric import Criterion, RedFlag, Rubric, Stage
from hiring.models import Scorecard
from hiring.services.scorecard_input import (
    CriterionEntry,
    FlagEntry,
    ScorecardData,
    evidence_field,
    flag_field,
    flag_note_field,
    reason_field,
    score_field,
)

NOT_ASSESSED = "na"
ACTIONS = ("save", "submit")
_FIELD = re.compile(r"(score|reason|evidence|flag|flagnote)-([a-z0-9_]{1,64})")
_DIGITS = re.compile(r"-?[0-9]{1,4}")


@dataclass
class CriterionState:
    choice: str = ""  # "" (none), a level as text, "na", or whatever was posted
    reason: str = ""
    evidence: str = ""


@dataclass
class FlagState:
    ticked: bool = False
    note: str = ""


@dataclass
class FormState:
    criteria: dict[str, CriterionState] = field(default_factory=dict)
    flags: dict[str, FlagState] = field(default_factory=dict)
    other_flag_label: str = ""
    other_flag_note: str = ""
    summary: str = ""
    recommendation: str = ""  # the holistic vote; "" and "none" both mean no vote
    lock_version: str = ""
    reason: str = ""  # the amendment's reason

    def criterion(self, criterion_id: str) -> CriterionState:
        return self.criteria.get(criterion_id) or CriterionState()

    def flag(self, flag_id: str) -> FlagState:
        return self.flags.get(flag_id) or FlagState()

    def done(self, criterion_id: str) -> bool:
        """Scored with evidence, or not assessed with a reason: what submitting asks for."""
        state = self.criterion(criterion_id)
        if state.choice == NOT_ASSESSED:
            return bool(state.reason.strip())
        return state.choice != "" and bool(state.evidence.strip())

    def ready(self, criteria: Iterable[Criterion]) -> int:
        return sum(1 for c in criteria if self.done(c.id))


def from_scorecard(card: Scorecard | None) -> FormState:
    if card is None:
        return FormState()
    state = FormState(summary=card.summary, recommendation=card.recommendation,
                      lock_version=str(card.lock_version))
    for row in card.scores:
        choice = str(row.score) if row.score is not None else (
            NOT_ASSESSED if row.not_assessed else "")
        state.criteria[row.criterion_id] = CriterionState(choice, row.not_assessed_reason,
                                                          row.evidence)
    for flag in card.flags:
        if flag.flag_id is None:
            state.other_flag_label, state.other_flag_note = flag.label, flag.note
        else:
            state.flags[flag.flag_id] = FlagState(True, flag.note)
    return state


def from_request(form: MultiDict[str, str]) -> FormState:
    """Everything the request sent, including fields no form of ours has (the service
    refuses those: a criterion of another stage, an unknown flag)."""
    state = FormState(other_flag_label=form.get("other_flag_label", ""),
                      other_flag_note=form.get("other_flag_note", ""),
                      summary=form.get("summary", ""),
                      recommendation=form.get("recommendation", ""),
                      lock_version=form.get("lock_version", ""),
                      reason=form.get("reason", ""))
    for key in form:
        match = _FIELD.fullmatch(key)
        if not match:
            continue
        kind, ident = match.groups()
        values = form.getlist(key)
        value = values[0] if len(values) == 1 else "|".join(values)
        if kind in ("flag", "flagnote"):
            flag = state.flags.setdefault(ident, FlagState())
            if kind == "flag":
                flag.ticked = bool(value)
            else:
                flag.note = value
        else:
            entry = state.criteria.setdefault(ident, CriterionState())
            setattr(entry, {"score": "choice"}.get(kind, kind), value)
    return state


def _score(choice: str) -> object:
    if choice in ("", NOT_ASSESSED):
        return None
    return int(choice) if _DIGITS.fullmatch(choice) else choice


def to_data(state: FormState) -> ScorecardData:
    return ScorecardData(
        criteria={cid: CriterionEntry(score=_score(c.choice), not_assessed=c.choice == NOT_ASSESSED,
                                      reason=c.reason, evidence=c.evidence)
                  for cid, c in state.criteria.items()},
        flags={fid: FlagEntry(f.ticked, f.note) for fid, f in state.flags.items()},
        other_flag_label=state.other_flag_label, other_flag_note=state.other_flag_note,
        summary=state.summary, recommendation=state.recommendation or "none")


def lock_version(state: FormState) -> int | None:
    return int(state.lock_version) if state.lock_version.isdigit() else None


def error_summary(errors: Mapping[str, list[str]], rubric: Rubric,
                  stage: Stage) -> list[tuple[str, str]]:
    """(element id, message) in the order of the form, for the summary at the top."""
    order: list[tuple[str, str]] = []
    for c in rubric.stage_criteria(stage.id):
        order += [(score_field(c.id), f"{score_field(c.id)}-{rubric.scale.min}"),
                  (reason_field(c.id), reason_field(c.id)),
                  (evidence_field(c.id), evidence_field(c.id))]
    for f in rubric.red_flags:
        order += [(flag_field(f.id), flag_field(f.id)),
                  (flag_note_field(f.id), flag_note_field(f.id))]
    order += [(name, name) for name in ("other_flag_label", "other_flag_note", "summary",
                                        "recommendation", "reason")]
    known = dict(order)
    links = [(element, message) for name, element in order for message in errors.get(name, [])]
    links += [("", message) for name, messages in errors.items() if name not in known
              for message in messages]
    return links


def flag_groups(rubric: Rubric) -> list[tuple[str, list[RedFlag]]]:
    """The rubric's red flags by category, categories in the order the rubric lists them."""
    groups: dict[str, list[RedFlag]] = {}
    for flag in rubric.red_flags:
        groups.setdefault(flag.category, []).append(flag)
    return list(groups.items())

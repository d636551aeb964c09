"""What the scorecard form sends, and its checks against the rubric stage.

Two kinds of problems: input no form of ours can produce (a score off the scale, a
criterion of another stage, an unknown flag) is refused as a whole by
``refuse_tampering``; everything else is a message for one field (``field_errors``), named
as the form names it, so that it can be shown next to that field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hiring.domain.rubric import Rubric, Stage
from hiring.domain.scoring import is_valid_score
from hiring.domain.votes import VOTES, Vote
from hiring.models import Scorecard
from hiring.services.errors import ValidationFailed

MAX_TEXT = 20_000  # characters in one note; a long write-up fits many times over
MAX_LABEL = 200  # ScorecardFlag.label


# -- what the form sends --------------------------------------------------------------------

@dataclass(frozen=True)
class CriterionEntry:
    """One criterion as posted. ``score`` is kept as sent (an int when the form sent digits,
    else the raw value) so that this module, not the form, decides what is on the scale."""

    score: object = None
    not_assessed: bool = False
    reason: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class FlagEntry:
    ticked: bool = False
    note: str = ""


@dataclass(frozen=True)
class ScorecardData:
    criteria: Mapping[str, CriterionEntry] = field(default_factory=dict)
    flags: Mapping[str, FlagEntry] = field(default_factory=dict)  # rubric flag id -> entry
    other_flag_label: str = ""
    other_flag_note: str = ""
    summary: str = ""
    recommendation: str = Vote.NONE.value  # the holistic vote; "" reads as none


# Field names shared with the form, so that each message lands next to its field.
def score_field(criterion_id: str) -> str:
    return f"score-{criterion_id}"


def reason_field(criterion_id: str) -> str:
    return f"reason-{criterion_id}"


def evidence_field(criterion_id: str) -> str:
    return f"evidence-{criterion_id}"


def flag_field(flag_id: str) -> str:
    return f"flag-{flag_id}"


def flag_note_field(flag_id: str) -> str:
    return f"flagnote-{flag_id}"


# -- checks ---------------------------------------------------------------------------------

def clean(text: str) -> str:
    return (text or "").strip()


class TamperedInput(ValidationFailed):
    """Input no form of ours can produce, named by the field it came in: the web refuses the
    request as a whole (400, nothing changes); the API names the field (422)."""


def refuse_tampering(rubric: Rubric, stage: Stage, data: ScorecardData) -> None:
    """Input no form of ours can produce: refused as a whole, nothing changes."""
    for criterion_id, entry in data.criteria.items():
        if criterion_id not in stage.criteria:
            raise TamperedInput({score_field(criterion_id): [
                f"{criterion_id!r} is not a criterion of the {stage.name} stage."]})
        if entry.score is not None and not is_valid_score(entry.score, rubric):
            raise TamperedInput({score_field(criterion_id): [
                f"A score must be a whole number from {rubric.scale.min} to "
                f"{rubric.scale.max}, not {entry.score!r}."]})
        if entry.score is not None and entry.not_assessed:
            raise TamperedInput({score_field(criterion_id): [
                "A criterion is either scored or not assessed, not both."]})
    if (data.recommendation or Vote.NONE) not in VOTES:
        raise TamperedInput({"recommendation": [
            f"{data.recommendation!r} is not a recommendation: use one of "
            f"{', '.join(VOTES)}."]})
    unknown = [f for f in data.flags if rubric.red_flag(f) is None]
    if unknown:
        raise TamperedInput({flag_field(unknown[0]): [
            f"Unknown red flag {unknown[0]!r} for this rubric."]})


def field_errors(rubric: Rubric, stage: Stage, data: ScorecardData,
                  complete: bool) -> dict[str, list[str]]:
    """Messages per field. Drafts may be incomplete; what cannot be stored as typed is not."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for criterion in rubric.stage_criteria(stage.id):
        entry = data.criteria.get(criterion.id, CriterionEntry())
        for name, text in ((reason_field(criterion.id), entry.reason),
                           (evidence_field(criterion.id), entry.evidence)):
            if len(clean(text)) > MAX_TEXT:
                add(name, f"Keep this under {MAX_TEXT:,} characters.")
        if not complete:
            continue
        if entry.score is None and not entry.not_assessed:
            add(score_field(criterion.id), f"Score {criterion.name}, or mark it not assessed.")
        elif entry.not_assessed and not clean(entry.reason):
            add(reason_field(criterion.id),
                f"Say why {criterion.name} was not assessed.")
        elif entry.score is not None and not clean(entry.evidence):
            add(evidence_field(criterion.id),
                f"Write the evidence for your score on {criterion.name}.")
    for flag in rubric.red_flags:
        entry = data.flags.get(flag.id, FlagEntry())
        note = clean(entry.note)
        if len(note) > MAX_TEXT:
            add(flag_note_field(flag.id), f"Keep this under {MAX_TEXT:,} characters.")
        if note and not entry.ticked:
            add(flag_note_field(flag.id),
                f"Tick “{flag.label}” to raise it, or clear this note.")
        elif complete and entry.ticked and not note:
            add(flag_note_field(flag.id), f"Say what you saw that raised “{flag.label}”.")
    label, note = clean(data.other_flag_label), clean(data.other_flag_note)
    if len(label) > MAX_LABEL:
        add("other_flag_label", f"Keep the label under {MAX_LABEL} characters.")
    if len(note) > MAX_TEXT:
        add("other_flag_note", f"Keep this under {MAX_TEXT:,} characters.")
    if note and not label:
        add("other_flag_label", "Name the red flag you describe below, or clear the note.")
    elif complete and label and not note:
        add("other_flag_note", "Say what you saw that raised this red flag.")
    if len(clean(data.summary)) > MAX_TEXT:
        add("summary", f"Keep the summary under {MAX_TEXT:,} characters.")
    return errors


def content_of(rubric: Rubric, stage: Stage, data: ScorecardData) -> dict[str, Any]:
    """The data as the scorecard will hold it, in the shape of ``Scorecard.content()``."""
    scores: dict[str, dict[str, Any]] = {}
    for criterion in rubric.stage_criteria(stage.id):
        entry = data.criteria.get(criterion.id, CriterionEntry())
        score = entry.score if isinstance(entry.score, int) else None
        not_assessed = entry.not_assessed and score is None
        reason = clean(entry.reason) if not_assessed else ""
        evidence = clean(entry.evidence)
        if score is not None or not_assessed or evidence:
            scores[criterion.id] = {"score": score, "not_assessed": not_assessed,
                                    "not_assessed_reason": reason, "evidence": evidence}
    flags = [{"id": f.id, "label": "", "note": clean(data.flags[f.id].note)}
             for f in rubric.red_flags if f.id in data.flags and data.flags[f.id].ticked]
    label = clean(data.other_flag_label)
    if label:
        flags.append({"id": None, "label": label, "note": clean(data.other_flag_note)})
    return {"scores": scores, "flags": flags, "summary": clean(data.summary),
            "recommendation": data.recommendation or Vote.NONE.value}


def _canonical(content: Mapping[str, Any]) -> tuple[Any, ...]:
    flags = sorted((f["id"] or "", f["label"] or "", f["note"] or "") for f in content["flags"])
    scores = sorted((cid, s["score"], bool(s.get("not_assessed")),
                     s["not_assessed_reason"] or "", s["evidence"] or "")
                    for cid, s in content["scores"].items())
    return (tuple(scores), tuple(flags), content["summary"] or "",
            content.get("recommendation") or Vote.NONE.value)


def same_content(card: Scorecard, content: Mapping[str, Any]) -> bool:
    return _canonical(card.content()) == _canonical(content)


def draft_warnings(rubric: Rubric, stage: Stage, data: ScorecardData) -> tuple[str, ...]:
    names = [c.name for c in rubric.stage_criteria(stage.id)
             if (e := data.criteria.get(c.id)) and e.not_assessed and not clean(e.reason)]
    if not names:
        return ()
    return (f"“Not assessed” needs a reason before you submit: {', '.join(names)}.",)

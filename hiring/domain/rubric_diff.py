"""What changed between two versions of a rubric, item by item, for people to read.

Criteria, stages, rounds and red flags are matched by id (scorecards store ids, so an id
is the item's identity: a new name on the same id is a rename, a new id a new item). Each
difference is a ``Change`` with the older and the newer text side by side; ``summary()``
names the areas that changed in a few words, for the debrief's "the current version
differs in ..." line.

Two versions can differ in their stored content but not in meaning (``bar: 4.0`` written
as ``bar: 4``): then ``same_meaning`` is true and nothing is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Protocol, TypeVar

from hiring.domain.rubric import Criterion, RedFlag, Round, Rubric, Stage
from hiring.domain.rubric_words import MISSING_SHORT, RED_FLAG_SHORT, number

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    """One difference: what changed, the older text and the newer ("" when absent)."""

    what: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemDiff:
    """A criterion, stage, round or red flag present in either version and not identical."""

    id: str
    name: str  # the newer name, or the older one when the item was removed
    status: str  # ADDED, REMOVED or CHANGED
    changes: tuple[Change, ...]
    renamed_from: str | None = None

    def touches(self, what: str) -> bool:
        """Whether one of its changes is about ``what`` ("Weight", "Anchor", ...)."""
        return any(c.what == what or c.what.startswith(what + " ") for c in self.changes)


@dataclass(frozen=True)
class WeightRow:
    """A criterion's weight in each version (None where it does not exist), for the bars."""

    id: str
    name: str
    before: Fraction | None
    after: Fraction | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class RubricDiff:
    before: Rubric
    after: Rubric
    general: tuple[Change, ...]  # title and scale
    criteria: tuple[ItemDiff, ...]
    weights: tuple[WeightRow, ...]  # every criterion of either version, newer order first
    stages: tuple[ItemDiff, ...]
    rounds: tuple[ItemDiff, ...]
    red_flags: tuple[ItemDiff, ...]
    policy: tuple[Change, ...]  # bar, missing criteria, red flags, floors
    reordered: tuple[str, ...]  # "criteria", "stages", ... whose order alone changed

    @property
    def same_meaning(self) -> bool:
        """Nothing a reader or the engine would notice differs."""
        return not (self.general or self.criteria or self.stages or self.rounds
                    or self.red_flags or self.policy or self.reordered)

    def summary(self) -> tuple[str, ...]:
        """The areas that changed, as short noun phrases, the decision policy first."""
        phrases = [_policy_phrase(change) for change in self.policy]
        phrases.extend(_count_phrase("criteria", "criterion", self.criteria))
        for what, label in (("Weight", "weights"), ("Anchor", "anchors"),
                            ("Description", "descriptions")):
            touched = [d for d in self.criteria if d.status == CHANGED and d.touches(what)]
            if touched:
                phrases.append(f"the {label} of {_plural(len(touched), 'criterion')}")
        phrases.extend(_count_phrase("stages", "stage", self.stages))
        phrases.extend(_count_phrase("rounds", "round", self.rounds))
        phrases.extend(_count_phrase("red flags", "red flag", self.red_flags))
        phrases.extend(f"the {c.what.lower()}" for c in self.general)
        phrases.extend(f"the order of the {area}" for area in self.reordered)
        return tuple(dict.fromkeys(phrases))  # one floor rule changed twice reads once


def _plural(n: int, word: str) -> str:
    plural = {"criterion": "criteria"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


def _policy_phrase(change: Change) -> str:
    if change.what == "Bar":
        return f"the bar ({change.before} → {change.after})"
    if change.what.startswith("Floor"):
        return "the floors"
    return f"the rule for {change.what.lower()}"


def _count_phrase(area: str, word: str, items: Sequence[ItemDiff]) -> list[str]:
    """``criteria (1 added, 1 renamed)``; a criterion's weights and anchors have their own."""
    counts = {ADDED: 0, REMOVED: 0, "renamed": 0, CHANGED: 0}
    for item in items:
        if item.status != CHANGED:
            counts[item.status] += 1
        elif item.renamed_from is not None:
            counts["renamed"] += 1
        elif word != "criterion":
            counts[CHANGED] += 1
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    return [f"{area} ({', '.join(parts)})"] if parts else []


def diff_rubrics(before: Rubric, after: Rubric) -> RubricDiff:
    """Every difference between two versions of a rubric, older one first.

    Pure and cached on the two versions (rubrics are immutable and compare by version),
    since the debrief asks for the same pair on every view.
    """
    return _diff(before, after)


@lru_cache(maxsize=64)
def _diff(before: Rubric, after: Rubric) -> RubricDiff:
    names = {c.id: c.name for c in (*before.criteria, *after.criteria)}
    stage_names = {s.id: s.name for s in (*before.stages, *after.stages)}
    return RubricDiff(
        before=before, after=after,
        general=tuple(_general(before, after)),
        criteria=_items(before.criteria, after.criteria, _criterion_changes),
        weights=_weights(before, after),
        stages=_items(before.stages, after.stages,
                      lambda a, b: _stage_changes(a, b, names)),
        rounds=_items(*_rounds(before, after), lambda a, b: _round_changes(a, b, stage_names)),
        red_flags=_items(before.red_flags, after.red_flags, _flag_changes),
        policy=tuple(_policy(before, after, names)),
        reordered=tuple(area for area, old, new in (
            ("criteria", before.criteria, after.criteria),
            ("stages", before.stages, after.stages),
            ("rounds", *_rounds(before, after)),
            ("red flags", before.red_flags, after.red_flags)) if _reordered(old, new)))


def _rounds(before: Rubric, after: Rubric) -> tuple[tuple[Round, ...], tuple[Round, ...]]:
    """The rounds to compare: none when neither version declares any (each stage is then its
    own round, and the stages' own changes already say everything)."""
    if not (before.declared_rounds or after.declared_rounds):
        return (), ()
    return before.rounds, after.rounds


class _Item(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", Criterion, Stage, Round, RedFlag)


def _name(item: _Item) -> str:
    return str(getattr(item, "name", None) or getattr(item, "label", item.id))


def _items(old: Sequence[T], new: Sequence[T],
           compare: Callable[[T | None, T | None], list[Change]]) -> tuple[ItemDiff, ...]:
    """Items of the newer version in its order (added or changed), then the removed ones."""
    old_by_id = {item.id: item for item in old}
    new_ids = {item.id for item in new}
    found = []
    for item in new:
        previous = old_by_id.get(item.id)
        changes = compare(previous, item)
        if previous is None:
            found.append(ItemDiff(item.id, _name(item), ADDED, tuple(changes)))
        elif changes:
            renamed = _name(previous) if _name(previous) != _name(item) else None
            found.append(ItemDiff(item.id, _name(item), CHANGED, tuple(changes), renamed))
    found.extend(ItemDiff(item.id, _name(item), REMOVED, tuple(compare(item, None)))
                 for item in old if item.id not in new_ids)
    return tuple(found)


def _reordered(old: Sequence[_Item], new: Sequence[_Item]) -> bool:
    """Whether the items both versions hold come in another order."""
    common = {i.id for i in old} & {i.id for i in new}
    return [i.id for i in old if i.id in common] != [i.id for i in new if i.id in common]


def _field(changes: list[Change], what: str, before: object, after: object) -> None:
    """Record ``what`` when its text differs; None is absent ("")."""
    old = "" if before is None else str(before)
    new = "" if after is None else str(after)
    if old != new:
        changes.append(Change(what, old, new))


def _criterion_changes(a: Criterion | None, b: Criterion | None) -> list[Change]:
    changes: list[Change] = []
    _field(changes, "Name", a and a.name, b and b.name)
    _field(changes, "Weight", a and number(a.weight), b and number(b.weight))
    _field(changes, "Description", a and a.description, b and b.description)
    old_anchors, new_anchors = (a.anchors if a else {}), (b.anchors if b else {})
    for level in sorted({*old_anchors, *new_anchors}):
        _field(changes, f"Anchor {level}", old_anchors.get(level), new_anchors.get(level))
    return changes


def _stage_changes(a: Stage | None, b: Stage | None, names: dict[str, str]) -> list[Change]:
    changes: list[Change] = []
    _field(changes, "Name", a and a.name, b and b.name)
    _field(changes, "Minutes", a and a.minutes, b and b.minutes)
    _field(changes, "Scores", a and ", ".join(names[c] for c in a.criteria),
           b and ", ".join(names[c] for c in b.criteria))
    _field(changes, "Guide", a and a.guide, b and b.guide)
    old_q, new_q = (a.questions if a else ()), (b.questions if b else ())
    for question in old_q:
        if question not in new_q:
            changes.append(Change("Question", question, ""))
    for question in new_q:
        if question not in old_q:
            changes.append(Change("Question", "", question))
    if a and b and set(old_q) == set(new_q) and old_q != new_q:
        changes.append(Change("Questions", "in the older order", "in a new order"))
    return changes


def _round_changes(a: Round | None, b: Round | None, names: dict[str, str]) -> list[Change]:
    def budget(r: Round | None) -> str | None:
        return None if r is None else f"{r.minutes} min" if r.minutes else "none given"

    changes: list[Change] = []
    _field(changes, "Name", a and a.name, b and b.name)
    _field(changes, "Time budget", budget(a), budget(b))
    _field(changes, "Optional", a and ("yes" if a.optional else "no"),
           b and ("yes" if b.optional else "no"))
    _field(changes, "Interviews", a and ", ".join(names[s] for s in a.interviews),
           b and ", ".join(names[s] for s in b.interviews))
    return changes


def _flag_changes(a: RedFlag | None, b: RedFlag | None) -> list[Change]:
    changes: list[Change] = []
    _field(changes, "Label", a and a.label, b and b.label)
    _field(changes, "Category", a and a.category.replace("_", " "),
           b and b.category.replace("_", " "))
    return changes


def _weights(before: Rubric, after: Rubric) -> tuple[WeightRow, ...]:
    old = {c.id: c for c in before.criteria}
    new_ids = {c.id for c in after.criteria}
    rows = [WeightRow(c.id, c.name, old[c.id].weight if c.id in old else None, c.weight)
            for c in after.criteria]
    rows.extend(WeightRow(c.id, c.name, c.weight, None) for c in before.criteria
                if c.id not in new_ids)
    return tuple(rows)


def _general(before: Rubric, after: Rubric) -> list[Change]:
    changes: list[Change] = []
    _field(changes, "Title", before.title, after.title)
    old, new = before.scale, after.scale
    _field(changes, "Scale", f"{old.min} to {old.max}", f"{new.min} to {new.max}")
    for level in sorted({*old.labels, *new.labels}):
        _field(changes, f"Scale label {level}", old.labels.get(level), new.labels.get(level))
    return changes


def _policy(before: Rubric, after: Rubric, names: dict[str, str]) -> list[Change]:
    old, new = before.decision, after.decision
    changes: list[Change] = []
    _field(changes, "Bar", number(old.bar), number(new.bar))
    _field(changes, "Missing criteria", MISSING_SHORT[old.missing_criteria],
           MISSING_SHORT[new.missing_criteria])
    _field(changes, "Red flags", RED_FLAG_SHORT[old.red_flags], RED_FLAG_SHORT[new.red_flags])
    for criterion_id in dict.fromkeys([*old.floors, *new.floors]):
        floor_before, floor_after = old.floors.get(criterion_id), new.floors.get(criterion_id)
        _field(changes, f"Floor on {names[criterion_id]}",
               number(floor_before) if floor_before is not None else "none",
               number(floor_after) if floor_after is not None else "none")
    return changes

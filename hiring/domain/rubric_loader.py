"""Loading and validating rubric files and stored rubric snapshots.

Validation reports every problem at once as ``FILE: FIELD: message`` so that an author can
fix a file in one pass. The version is a hash of the parsed content: re-indenting a file or
editing a comment does not make a new version, any change of meaning does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from hiring.domain.problems import Problem, RubricError
from hiring.domain.rubric import (
    MISSING_POLICIES,
    RED_FLAG_POLICIES,
    RESERVED_STAGE_IDS,
    TOTAL_WEIGHT,
    Criterion,
    DecisionPolicy,
    RedFlag,
    Rubric,
    Scale,
    Stage,
    to_fraction,
)
from hiring.domain.rubric_rounds import ITEM_ID, parse_rounds
from hiring.domain.validation import MISSING, Checker
from hiring.domain.yaml_depth import DepthLimitedSafeLoader

RUBRIC_ID = re.compile(r"^[a-z0-9-]+$")


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _jsonable(data: Any) -> Any:
    """The snapshot form: mapping keys as strings, so it survives a JSON round trip."""
    if isinstance(data, Mapping):
        return {str(k): _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    return data


def parse_rubric(data: Any, source: str, expected_id: str | None = None) -> Rubric:
    """Validate parsed rubric data and build the model, or raise RubricError with every problem."""
    check = Checker(source)
    rubric = _RubricParser(check, expected_id).parse(data)
    check.raise_if_any()
    assert rubric is not None
    return rubric


class _SafeLoaderNoDuplicates(DepthLimitedSafeLoader):
    """yaml.safe_load's loader, refusing a key written twice (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if not isinstance(key, (str, int, float, bool)):
                continue  # an unhashable key fails in the base class with its own message
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@lru_cache(maxsize=32)
def parse_rubric_text(text: str, source: str, expected_id: str | None = None) -> Rubric:
    """Parse and validate one rubric's YAML text.

    Memoised on the text: the result is immutable, PyYAML's pure-Python composer (needed for
    the depth limit) costs ~50 ms a file, and the same files are parsed at every sync (each
    test's set-up, each ``hiring rubric check``). A failure is never cached.
    """
    try:
        data = yaml.load(text, Loader=_SafeLoaderNoDuplicates)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RubricError([Problem(source, where, f"YAML does not parse: {problem}")]) from None
    return parse_rubric(data, source, expected_id)


def load_rubric_file(path: Path, display: str | None = None) -> Rubric:
    """Load one rubric file; its ``id`` must match the file name."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(source, "(file)", f"cannot be read: {exc}")]) from None
    return parse_rubric_text(text, source, expected_id=path.stem)


def rubric_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file()) + sorted(
        p for p in directory.glob("*.yml") if p.is_file()
    )


def rubric_from_snapshot(snapshot: Mapping[str, Any], source: str) -> Rubric:
    """Rebuild a stored rubric version; JSON turned the scale's integer keys into strings."""
    data = json.loads(canonical_json(snapshot))
    scale = data.get("scale")
    if isinstance(scale, dict) and isinstance(scale.get("labels"), dict):
        scale["labels"] = _int_keys(scale["labels"])
    for criterion in data.get("criteria") or []:
        if isinstance(criterion, dict) and isinstance(criterion.get("anchors"), dict):
            criterion["anchors"] = _int_keys(criterion["anchors"])
    return parse_rubric(data, source)


def _int_keys(mapping: dict[str, Any]) -> dict[Any, Any]:
    return {int(k) if k.lstrip("-").isdigit() else k: v for k, v in mapping.items()}


class _RubricParser:
    """One pass over the data, recording every problem in the checker instead of stopping."""

    def __init__(self, check: Checker, expected_id: str | None) -> None:
        self.check = check
        self.expected_id = expected_id
        self.declared: dict[str, int] = {}
        self.stage_ids: dict[str, int] = {}  # every stage id written, with its position

    def parse(self, data: Any) -> Rubric | None:
        check = self.check
        if data is None:
            check.problem("(file)", "is empty; expected a rubric mapping")
            return None
        top = check.mapping(
            data, "", required=("id", "title", "scale", "criteria", "stages", "red_flags",
                                "decision"), optional=("rounds",))
        if top is None:
            return None
        rubric_id = check.text(top, "id", "", pattern=RUBRIC_ID, pattern_hint="[a-z0-9-]+")
        if rubric_id and self.expected_id and rubric_id != self.expected_id:
            check.problem("id", f"'{rubric_id}' must match the file name '{self.expected_id}'")
        title = check.text(top, "title", "")
        scale = self._scale(top.get("scale", MISSING))
        criteria = self._criteria(top.get("criteria", MISSING), scale)
        stages = self._stages(top.get("stages", MISSING))
        rounds = parse_rounds(check, top.get("rounds", MISSING), stages, self.stage_ids)
        red_flags = self._red_flags(top.get("red_flags", MISSING))
        decision = self._decision(top.get("decision", MISSING), scale)
        if check.problems or None in (rubric_id, title, scale, decision):
            return None
        snapshot = _jsonable(data)
        return Rubric(
            id=rubric_id,
            title=title,
            scale=scale,
            criteria=tuple(criteria),
            stages=tuple(stages),
            red_flags=tuple(red_flags),
            decision=decision,
            version=hashlib.sha256(canonical_json(snapshot).encode()).hexdigest(),
            snapshot=snapshot,
            declared_rounds=tuple(rounds),
        )

    def _scale(self, data: Any) -> Scale | None:
        check = self.check
        node = check.mapping(data, "scale", required=("min", "max", "labels"))
        if node is None:
            return None
        low = check.integer(node, "min", "scale")
        high = check.integer(node, "max", "scale")
        if low is None or high is None:
            return None
        if low >= high:
            check.problem("scale.max", f"must be greater than scale.min ({low})")
            return None
        labels: dict[int, str] = {}
        raw = check.mapping(node.get("labels", MISSING), "scale.labels")
        if raw is not None:
            for key, value in raw.items():
                field = f"scale.labels.{key}"
                if isinstance(key, bool) or not isinstance(key, int):
                    check.problem(field, "must be an integer level of the scale")
                elif not low <= key <= high:
                    check.problem(field, f"is outside the scale {low}-{high}")
                elif not isinstance(value, str) or not value.strip():
                    check.problem(field, "must be a non-empty text")
                else:
                    labels[key] = value.strip()
            missing = [str(level) for level in range(low, high + 1) if level not in raw]
            if missing:
                check.problem("scale.labels", f"missing a label for level {', '.join(missing)}")
        return Scale(min=low, max=high, labels=labels)

    def _criteria(self, data: Any, scale: Scale | None) -> list[Criterion]:
        check = self.check
        items = check.sequence(data, "criteria", non_empty=True)
        criteria: list[Criterion] = []
        weights: list[Fraction] = []
        self.declared: dict[str, int] = {}  # every criterion id written, with its position
        for index, item in enumerate(items):
            path = f"criteria[{index}]"
            node = check.mapping(
                item, path, required=("id", "name", "weight", "description", "anchors"))
            if node is None:
                continue
            cid = check.text(node, "id", path, pattern=ITEM_ID, pattern_hint="[a-z0-9_]+")
            if cid is not None and cid in self.declared:
                check.problem(f"{path}.id", f"duplicate criterion id '{cid}'")
                cid = None
            elif cid is not None:
                self.declared[cid] = index
            name = check.text(node, "name", path)
            weight = self._weight(node, path)
            if weight is not None:
                weights.append(weight)
            description = check.text(node, "description", path)
            anchors = self._anchors(node.get("anchors", MISSING), f"{path}.anchors", scale)
            if cid is None or name is None or weight is None or description is None:
                continue
            criteria.append(Criterion(cid, name, weight, description, anchors))
        if items and len(weights) == len(items):
            total = sum(weights, Fraction(0))
            if total != TOTAL_WEIGHT:
                check.problem("criteria", f"weights sum to {_number(total)}; they must sum to "
                                          f"exactly {TOTAL_WEIGHT}")
        return criteria

    def _weight(self, node: Mapping[str, Any], path: str) -> Fraction | None:
        if "weight" not in node:
            return None
        weight = to_fraction(node["weight"])
        if weight is None:
            self.check.problem(f"{path}.weight", "must be a number")
        elif weight <= 0:
            self.check.problem(f"{path}.weight", "must be > 0")
            return None
        return weight

    def _anchors(self, data: Any, path: str, scale: Scale | None) -> dict[int, str]:
        check = self.check
        node = check.mapping(data, path)
        anchors: dict[int, str] = {}
        if node is None:
            return anchors
        if not node:
            check.problem(path, "must describe at least one level of the scale")
        for key, value in node.items():
            field = f"{path}.{key}"
            if isinstance(key, bool) or not isinstance(key, int):
                check.problem(field, "must be an integer level of the scale")
            elif scale is not None and not scale.contains(key):
                check.problem(field, f"is outside the scale {scale.min}-{scale.max}")
            elif not isinstance(value, str) or not value.strip():
                check.problem(field, "must be a non-empty text")
            else:
                anchors[key] = value.strip()
        return dict(sorted(anchors.items()))

    def _stages(self, data: Any) -> list[Stage]:
        check = self.check
        known = self.declared
        items = check.sequence(data, "stages", non_empty=True)
        stages: list[Stage] = []
        ids: set[str] = set()
        scored: set[str] = set()
        for index, item in enumerate(items):
            path = f"stages[{index}]"
            node = check.mapping(
                item, path, required=("id", "name", "minutes", "criteria", "guide", "questions"))
            if node is None:
                continue
            sid = check.text(node, "id", path, pattern=ITEM_ID, pattern_hint="[a-z0-9_]+")
            if sid is not None and sid not in RESERVED_STAGE_IDS:
                self.stage_ids.setdefault(sid, index)
            if sid is not None and sid in ids:
                check.problem(f"{path}.id", f"duplicate stage id '{sid}'")
            elif sid in RESERVED_STAGE_IDS:
                check.problem(f"{path}.id", f"'{sid}' is a pipeline state; choose another id")
            name = check.text(node, "name", path)
            minutes = check.integer(node, "minutes", path)
            if minutes is not None and minutes <= 0:
                check.problem(f"{path}.minutes", "must be > 0")
            stage_criteria: list[str] = []
            listed = check.sequence(node.get("criteria", MISSING), f"{path}.criteria",
                                    non_empty=True)
            for ci, cid in enumerate(listed):
                field = f"{path}.criteria[{ci}]"
                if not isinstance(cid, str) or cid not in known:
                    check.problem(field, f"unknown criterion {cid!r}")
                elif cid in stage_criteria:
                    check.problem(field, f"criterion '{cid}' is listed twice")
                else:
                    stage_criteria.append(cid)
            guide = check.text(node, "guide", path)
            questions: list[str | None] = []
            for qi, q in enumerate(check.sequence(node.get("questions", MISSING),
                                                  f"{path}.questions", non_empty=True)):
                if isinstance(q, str) and q.strip():
                    questions.append(q.strip())
                else:
                    check.problem(f"{path}.questions[{qi}]", "must be a non-empty text")
                    questions.append(None)
            scored.update(stage_criteria)
            if (sid is None or name is None or minutes is None or guide is None
                    or None in questions or minutes <= 0):
                continue
            ids.add(sid)
            stages.append(Stage(sid, name, minutes, tuple(stage_criteria), guide,
                                tuple(q for q in questions if q is not None)))
        if items:
            for cid, index in known.items():
                if cid not in scored:
                    check.problem(f"criteria[{index}].id", f"no stage scores criterion '{cid}'")
        return stages

    def _red_flags(self, data: Any) -> list[RedFlag]:
        check = self.check
        flags: list[RedFlag] = []
        ids: set[str] = set()
        for index, item in enumerate(check.sequence(data, "red_flags")):
            path = f"red_flags[{index}]"
            node = check.mapping(item, path, required=("id", "label", "category"))
            if node is None:
                continue
            fid = check.text(node, "id", path, pattern=ITEM_ID, pattern_hint="[a-z0-9_]+")
            if fid is not None and fid in ids:
                check.problem(f"{path}.id", f"duplicate red flag id '{fid}'")
                fid = None
            label = check.text(node, "label", path)
            category = check.text(node, "category", path, pattern=ITEM_ID,
                                  pattern_hint="[a-z0-9_]+")
            if fid and label and category:
                ids.add(fid)
                flags.append(RedFlag(fid, label, category))
        return flags

    def _decision(self, data: Any, scale: Scale | None) -> DecisionPolicy | None:
        check = self.check
        node = check.mapping(data, "decision", required=("bar", "missing_criteria", "red_flags"),
                             optional=("floors",))
        if node is None:
            return None
        bar = self._level(node, "bar", "decision.bar", scale)
        missing = check.choice(node, "missing_criteria", "decision", MISSING_POLICIES)
        flags = check.choice(node, "red_flags", "decision", RED_FLAG_POLICIES)
        floors: dict[str, Fraction] = {}
        raw = node.get("floors")
        if raw is not None:
            for key in check.mapping(raw, "decision.floors") or {}:
                field = f"decision.floors.{key}"
                if key not in self.declared:
                    check.problem(field, f"unknown criterion {key!r}")
                    continue
                floor = self._level(raw, key, field, scale)
                if floor is not None:
                    floors[key] = floor
        if bar is None or missing is None or flags is None:
            return None
        return DecisionPolicy(bar=bar, missing_criteria=missing, red_flags=flags, floors=floors)

    def _level(self, node: Mapping[Any, Any], key: str, field: str,
               scale: Scale | None) -> Fraction | None:
        if key not in node:
            return None
        value = to_fraction(node[key])
        if value is None:
            self.check.problem(field, "must be a number")
        elif scale is not None and not scale.contains(value):
            self.check.problem(field, f"{_number(value)} is outside the scale "
                                      f"{scale.min}-{scale.max}")
            return None
        return value


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(float(value))

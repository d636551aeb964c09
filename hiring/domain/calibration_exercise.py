"""Calibration exercises: a written interview with gold-standard scores, and how an attempt
compares with them.

An exercise file (``calibration/*.yaml`` beside the rubrics) names a rubric and one of its
stages, holds the transcript of a realistic interview for that stage, and gives the gold
score and the rationale for every criterion the stage scores. Validation reports every
problem as (file, field, message), like rubric files. The "is calibrated" rule lives here
too, so the training pages, the assignment warning and the reports apply one rule.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from hiring.domain.problems import Problem, RubricError
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import _SafeLoaderNoDuplicates, canonical_json
from hiring.domain.validation import MISSING, Checker

EXERCISE_ID = re.compile(r"^[a-z0-9-]+$")
SPEAKER = re.compile(r"^([A-Z][A-Za-z .'-]{0,30}):\s")
CALIBRATION_DIR = "calibration"  # the folder of exercises inside the rubrics folder
REQUIRED_EXERCISES = 2  # distinct exercises within one point everywhere make "calibrated"
MAX_TRANSCRIPT = 50_000


@dataclass(frozen=True)
class GoldScore:
    criterion_id: str
    score: int
    rationale: str


@dataclass(frozen=True)
class CalibrationExercise:
    id: str
    rubric_id: str
    stage_id: str
    title: str
    transcript: str
    gold: tuple[GoldScore, ...]  # in the rubric's criterion order
    version: str  # hash of the content: an attempt records which text it answered

    def gold_scores(self) -> dict[str, int]:
        return {g.criterion_id: g.score for g in self.gold}

    def turns(self) -> list[tuple[str, str]]:
        """The transcript as (speaker, words) turns, for reading: a line that starts with
        "Name:" opens a turn, a line in parentheses is a stage direction (speaker ""), and
        any other line continues the turn before it (files wrap long answers)."""
        turns: list[tuple[str, str]] = []
        for line in self.transcript.splitlines():
            line = line.strip()
            if not line:
                continue
            speaker = SPEAKER.match(line)
            if speaker:
                turns.append((speaker.group(1), line[speaker.end():].strip()))
            elif line.startswith("(") or not turns:
                turns.append(("", line))
            else:
                who, words = turns[-1]
                turns[-1] = (who, f"{words} {line}")
        return turns


def parse_exercise(data: Any, source: str, rubrics: Mapping[str, Rubric],
                   expected_id: str | None = None) -> CalibrationExercise:
    """Validate parsed exercise data against the known rubrics (by id); RubricError with
    every problem found."""
    check = Checker(source)
    exercise = _parse(check, data, rubrics, expected_id)
    check.raise_if_any()
    assert exercise is not None
    return exercise


def _parse(check: Checker, data: Any, rubrics: Mapping[str, Rubric],
           expected_id: str | None) -> CalibrationExercise | None:
    if data is None:
        check.problem("(file)", "is empty; expected a calibration exercise mapping")
        return None
    top = check.mapping(data, "", required=("id", "rubric", "stage", "title", "transcript",
                                            "gold"))
    if top is None:
        return None
    exercise_id = check.text(top, "id", "", pattern=EXERCISE_ID, pattern_hint="[a-z0-9-]+")
    if exercise_id and expected_id and exercise_id != expected_id:
        check.problem("id", f"'{exercise_id}' must match the file name '{expected_id}'")
    title = check.text(top, "title", "")
    transcript = check.text(top, "transcript", "")
    if transcript and len(transcript) > MAX_TRANSCRIPT:
        check.problem("transcript", f"keep it under {MAX_TRANSCRIPT:,} characters")
    rubric_id = check.text(top, "rubric", "")
    rubric = rubrics.get(rubric_id) if rubric_id else None
    if rubric_id and rubric is None:
        known = ", ".join(sorted(rubrics)) or "none"
        check.problem("rubric", f"'{rubric_id}' is not a known rubric (known: {known})")
    stage_id = check.text(top, "stage", "")
    stage = rubric.stage(stage_id) if rubric and stage_id else None
    if rubric and stage_id and stage is None:
        check.problem("stage", f"'{stage_id}' is not a stage of {rubric.id} "
                               f"({', '.join(s.id for s in rubric.stages)})")
    gold = _gold(check, top.get("gold", MISSING), rubric, stage.criteria if stage else None)
    if check.problems or None in (exercise_id, title, transcript, rubric, stage):
        return None
    assert rubric is not None
    assert stage is not None
    order = [c.id for c in rubric.criteria]
    version = hashlib.sha256(canonical_json(_plain(data)).encode()).hexdigest()
    return CalibrationExercise(
        id=exercise_id or "", rubric_id=rubric.id, stage_id=stage.id, title=title or "",
        transcript=transcript or "", gold=tuple(sorted(gold, key=lambda g: order.index(
            g.criterion_id))), version=version)


def _gold(check: Checker, data: Any, rubric: Rubric | None,
          criteria: tuple[str, ...] | None) -> list[GoldScore]:
    node = check.mapping(data, "gold")
    if node is None:
        return []
    gold: list[GoldScore] = []
    for key, value in node.items():
        field = f"gold.{key}"
        if criteria is not None and key not in criteria:
            check.problem(field, f"is not a criterion of this stage ({', '.join(criteria)})")
            continue
        entry = check.mapping(value, field, required=("score", "rationale"))
        if entry is None:
            continue
        score = check.integer(entry, "score", field)
        rationale = check.text(entry, "rationale", field)
        if score is not None and rubric is not None and not rubric.scale.contains(score):
            check.problem(f"{field}.score", f"{score} is outside the scale "
                                            f"{rubric.scale.min}-{rubric.scale.max}")
            continue
        if score is not None and rationale is not None:
            gold.append(GoldScore(str(key), score, rationale))
    if criteria is not None:
        missing = [c for c in criteria if c not in node]
        if missing:
            check.problem("gold", f"needs a gold score for every criterion of the stage; "
                                  f"missing: {', '.join(missing)}")
    return gold


def _plain(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def parse_exercise_text(text: str, source: str, rubrics: Mapping[str, Rubric],
                        expected_id: str | None = None) -> CalibrationExercise:
    try:
        data = yaml.load(text, Loader=_SafeLoaderNoDuplicates)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RubricError([Problem(source, where, f"YAML does not parse: {problem}")]) from None
    return parse_exercise(data, source, rubrics, expected_id)


def load_exercise_file(path: Path, rubrics: Mapping[str, Rubric],
                       display: str | None = None) -> CalibrationExercise:
    """One exercise file; its ``id`` must match the file name."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(source, "(file)", f"cannot be read: {exc}")]) from None
    return parse_exercise_text(text, source, rubrics, expected_id=path.stem)


# -- comparing an attempt with the gold scores ------------------------------------------------

@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    gold: int
    given: int | None  # None: marked not assessed

    @property
    def offset(self) -> int | None:
        return None if self.given is None else self.given - self.gold

    @property
    def exact(self) -> bool:
        return self.given == self.gold

    @property
    def within_one(self) -> bool:
        return self.offset is not None and abs(self.offset) <= 1


@dataclass(frozen=True)
class AttemptResult:
    """One attempt against the gold scores. "Not assessed" is a miss: the transcript gives
    evidence for every criterion, so it agrees with no gold score."""

    criteria: tuple[CriterionResult, ...]

    @property
    def scored(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.given is not None)

    @property
    def offset(self) -> Fraction | None:
        """Mean of (given - gold) over the scored criteria: positive is lenient."""
        scored = self.scored
        if not scored:
            return None
        return Fraction(sum(c.offset or 0 for c in scored), len(scored))

    @property
    def exact(self) -> int:
        return sum(c.exact for c in self.criteria)

    @property
    def within_one(self) -> int:
        return sum(c.within_one for c in self.criteria)

    @property
    def within_one_everywhere(self) -> bool:
        return bool(self.criteria) and all(c.within_one for c in self.criteria)


def compare(gold: Mapping[str, int], given: Mapping[str, int | None]) -> AttemptResult:
    """The attempt's scores (criterion id -> score, None for not assessed) against gold;
    a criterion missing from ``given`` counts as not assessed."""
    return AttemptResult(tuple(CriterionResult(cid, score, given.get(cid))
                               for cid, score in gold.items()))


@dataclass(frozen=True)
class AttemptRecord:
    """What the rule needs of a stored attempt, in the order they were taken."""

    exercise_id: str
    result: AttemptResult


def is_calibrated(attempts: Iterable[AttemptRecord],
                  required: int = REQUIRED_EXERCISES) -> bool:
    """Calibrated for a rubric stage: at least ``required`` distinct exercises of it whose
    FIRST attempt was within one point of gold on every criterion. Only the first attempt
    counts, because a retake follows seeing the gold scores and proves nothing."""
    first: dict[str, AttemptResult] = {}
    for attempt in attempts:
        first.setdefault(attempt.exercise_id, attempt.result)
    return sum(r.within_one_everywhere for r in first.values()) >= required

"""Where rubric files (and the calibration exercises beside them) live, and how their paths
are shown in messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from hiring.domain.calibration_exercise import (
    CALIBRATION_DIR,
    CalibrationExercise,
    load_exercise_file,
)
from hiring.domain.problems import Problem, RubricError
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import load_rubric_file, rubric_files

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_rubrics_dir() -> Path:
    return Path(os.environ.get("HIRING_RUBRICS_DIR") or PROJECT_ROOT / "rubrics")


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, as authors type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, directories replaced by the rubric files they hold."""
    found: list[Path] = []
    for path in paths:
        found.extend(rubric_files(path) if path.is_dir() else [path])
    return found


def check_files(paths: Iterable[Path]) -> tuple[list[Rubric], list[Problem]]:
    """Load every file, collecting all problems (duplicate ids across files too)."""
    rubrics: list[Rubric] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for path in expand(paths):
        shown = display_path(path)
        if not path.exists():
            problems.append(Problem(shown, "(file)", "does not exist"))
            continue
        try:
            rubric = load_rubric_file(path, shown)
        except RubricError as exc:
            problems.extend(exc.problems)
            continue
        if rubric.id in owners:
            problems.append(Problem(shown, "id", f"'{rubric.id}' is also the id of "
                                                 f"{owners[rubric.id]}"))
            continue
        owners[rubric.id] = shown
        rubrics.append(rubric)
    return rubrics, problems


def load_directory(directory: Path) -> list[Rubric]:
    """Every rubric of a directory, or RubricError with all the problems found."""
    files = expand([directory])
    if not files:
        raise RubricError([Problem(display_path(directory), "(directory)",
                                   "holds no rubric files (*.yaml)")])
    rubrics, problems = check_files(files)
    if problems:
        raise RubricError(problems)
    return rubrics


class BrokenRubricFiles(RuntimeError):
    """The rubric files do not validate; the app must not serve."""


def check_rubrics_at_start(directory: Path) -> None:
    """Start-up check, shared by ``hiring run`` and the WSGI entry point: print every problem
    as ``FILE: FIELD: message`` (as ``hiring rubric check`` does) and raise
    BrokenRubricFiles, which each caller turns into its own way of stopping."""
    try:
        load_directory(directory)
    except RubricError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)  # noqa: T201 - start-up output for the operator
        sys.stderr.flush()
        raise BrokenRubricFiles("The app does not start with a broken rubric file "
                                "(see: hiring rubric check).") from None


# -- calibration exercises (calibration/*.yaml inside the rubrics folder) ---------------------

def is_exercise_path(path: Path) -> bool:
    return path.parent.name == CALIBRATION_DIR


def exercise_files(rubrics_dir: Path) -> list[Path]:
    folder = rubrics_dir / CALIBRATION_DIR
    return rubric_files(folder) if folder.is_dir() else []


def check_exercises(paths: Iterable[Path], rubrics: Iterable[Rubric]
                    ) -> tuple[list[CalibrationExercise], list[Problem]]:
    """Load every exercise file against the rubrics (by id), collecting every problem (a
    duplicate id too). An exercise whose rubric is not among ``rubrics`` is checked against
    the rubric files of its own rubrics folder."""
    known = {r.id: r for r in rubrics}
    exercises: list[CalibrationExercise] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    paths = list(paths)
    for folder in {path.parent.parent for path in paths if path.exists()}:
        for rubric in check_files([folder])[0]:
            known.setdefault(rubric.id, rubric)
    for path in paths:
        shown = display_path(path)
        if not path.exists():
            problems.append(Problem(shown, "(file)", "does not exist"))
            continue
        try:
            exercise = load_exercise_file(path, known, shown)
        except RubricError as exc:
            problems.extend(exc.problems)
            continue
        if exercise.id in owners:
            problems.append(Problem(shown, "id", f"'{exercise.id}' is also the id of "
                                                 f"{owners[exercise.id]}"))
            continue
        owners[exercise.id] = shown
        exercises.append(exercise)
    return exercises, problems


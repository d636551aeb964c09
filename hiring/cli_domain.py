"""The commands that need no app or database: ``hiring rubric check|show`` and ``hiring decide``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from hiring.domain.decide_io import parse_decide_input, render_text
from hiring.domain.decision import decide
from hiring.domain.problems import InputError, RubricError
from hiring.domain.rubric_loader import load_rubric_file, rubric_files
from hiring.domain.rubric_show import render_rubric_text, rubric_to_dict
from hiring.rubric_files import (
    check_exercises,
    check_files,
    default_rubrics_dir,
    display_path,
    exercise_files,
    is_exercise_path,
)

INVALID = 2


@click.group("rubric")
def rubric_group() -> None:
    """Validate and store rubric files."""


@rubric_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rubric_check(paths: tuple[Path, ...]) -> None:
    """Validate rubric files and calibration exercises (default: every file in rubrics/ and
    rubrics/calibration/); exit 2 listing every problem."""
    paths = paths or (default_rubrics_dir(),)
    rubrics, problems = check_files([p for p in paths if not is_exercise_path(p)])
    for rubric in rubrics:
        click.echo(f"ok  {rubric.id:<24} version {rubric.short_version}  {rubric.title}")
    # Calibration exercises: files given, and the calibration/ folder of each folder given.
    exercises, exercise_problems = check_exercises(
        [p for p in paths if is_exercise_path(p)]
        + [f for p in paths if p.is_dir() for f in exercise_files(p)], rubrics)
    for exercise in exercises:
        click.echo(f"ok  exercise {exercise.id:<24} {exercise.rubric_id}/{exercise.stage_id}")
    problems += exercise_problems
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(INVALID)
    if not rubrics and not exercises:
        click.echo("no rubric files found", err=True)
        sys.exit(INVALID)


@rubric_group.command("show")
@click.argument("rubric", metavar="ID|PATH")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rubric_show(rubric: str, fmt: str) -> None:
    """Print a parsed rubric: criteria, stages, rounds, red flags, policy and version."""
    path = _rubric_path(rubric)
    try:
        parsed = load_rubric_file(path, display_path(path))
    except RubricError as exc:
        fail(f"invalid rubric: {exc.problems[0]} (run hiring rubric check for every problem)")
    if fmt == "json":
        click.echo(json.dumps(rubric_to_dict(parsed), indent=2, ensure_ascii=False))
    else:
        click.echo(render_rubric_text(parsed), nl=False)


def _rubric_path(given: str) -> Path:
    """A file path as given, or the rubric of that id in the rubrics directory."""
    path = Path(given)
    if path.is_file():
        return path
    directory = default_rubrics_dir()
    for candidate in (directory / f"{given}.yaml", directory / f"{given}.yml"):
        if "/" not in given and candidate.is_file():
            return candidate
    known = ", ".join(p.stem for p in rubric_files(directory)) if directory.is_dir() else ""
    fail(f"no rubric file {given!r} and no rubric with that id in {display_path(directory)}"
         + (f" (known: {known})" if known else ""))


@click.command("decide")
@click.option("--rubric", "rubric_path", required=True, type=click.Path(path_type=Path),
              help="The rubric file to decide under.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.argument("input_file", type=click.File("r", encoding="utf-8"))
def decide_command(rubric_path: Path, fmt: str, input_file: click.utils.LazyFile) -> None:
    """Compute the hire / no-hire recommendation for one candidate's scorecards (JSON)."""
    try:
        rubric = load_rubric_file(rubric_path, display_path(rubric_path))
    except RubricError as exc:
        first, more = exc.problems[0], len(exc.problems) - 1
        extra = f" (and {more} more problem(s); run hiring rubric check)" if more else ""
        fail(f"invalid rubric: {first}{extra}")
    try:
        text = input_file.read()
    except UnicodeDecodeError as exc:
        fail(f"{display_name(input_file)}: not UTF-8 text (byte {exc.start}); JSON must be UTF-8")
    try:
        candidate, scorecards = parse_decide_input(text)
        decision = decide(rubric, scorecards)
    except InputError as exc:
        fail(f"{display_name(input_file)}: {exc}")
    if fmt == "json":
        click.echo(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(decision, candidate), nl=False)


def display_name(stream: object) -> str:
    name = getattr(stream, "name", "<input>")
    return "<stdin>" if name == "-" else display_path(Path(name))


def fail(message: str) -> NoReturn:
    """Exit 2 with the problem on exactly one line, whatever the input held."""
    one_line = " ".join(message.splitlines())
    click.echo(f"error: {one_line}", err=True)
    sys.exit(INVALID)

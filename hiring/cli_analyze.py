"""``hiring analyze agreement|calibration|impact``: the hiring science on JSON, no database.

Anyone can check the Reports' arithmetic: the pages compute through the same functions in
``hiring.domain.analytics``. Bad input exits 2 with one line naming the problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from hiring.cli_domain import display_name, fail
from hiring.domain.analytics import adverse_impact, agreement, calibration
from hiring.domain.analytics.contract import (
    agreement_text,
    agreement_to_dict,
    calibration_text,
    calibration_to_dict,
    impact_text,
    impact_to_dict,
    parse_impact,
    parse_ratings,
)
from hiring.domain.problems import InputError

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True)
INPUT = click.argument("input_file", metavar="INPUT.json",
                       type=click.File("r", encoding="utf-8"))


@click.group("analyze")
def analyze_group() -> None:
    """Calibration, agreement and adverse impact on a JSON file ('-' reads standard input)."""


def _run(input_file: Any, fmt: str, compute: Callable[[Any], tuple[Any, Any]]) -> None:
    """Read, parse and compute (``compute`` returns the JSON dict and the text)."""
    try:
        text = input_file.read()
    except UnicodeDecodeError as exc:
        fail(f"{display_name(input_file)}: not UTF-8 text (byte {exc.start}); JSON must be UTF-8")
    try:
        as_dict, as_text = compute(text)
    except InputError as exc:
        fail(f"{display_name(input_file)}: {exc}")
    if fmt == "json":
        click.echo(json.dumps(as_dict, indent=2, ensure_ascii=False))
    else:
        click.echo(as_text, nl=False)


@analyze_group.command("agreement")
@FORMAT
@INPUT
def analyze_agreement(fmt: str, input_file: Any) -> None:
    """Krippendorff's alpha (interval, ordinal) per criterion and over all criteria."""
    def compute(text: str) -> tuple[Any, str]:
        scale, ratings = parse_ratings(text)
        report = agreement(ratings, scale)
        return agreement_to_dict(report), agreement_text(report)
    _run(input_file, fmt, compute)


@analyze_group.command("calibration")
@FORMAT
@INPUT
def analyze_calibration(fmt: str, input_file: Any) -> None:
    """Per rater: scores, mean and leniency offset against the other raters."""
    def compute(text: str) -> tuple[Any, str]:
        scale, ratings = parse_ratings(text)
        raters = calibration(ratings, scale)
        return calibration_to_dict(raters), calibration_text(raters)
    _run(input_file, fmt, compute)


@analyze_group.command("impact")
@FORMAT
@INPUT
def analyze_impact(fmt: str, input_file: Any) -> None:
    """Per step and group: selection rate, impact ratio (four-fifths rule), Fisher's p."""
    def compute(text: str) -> tuple[Any, str]:
        steps, min_group, candidates = parse_impact(text)
        report = adverse_impact(candidates, steps, min_group)
        return impact_to_dict(report), impact_text(report)
    _run(input_file, fmt, compute)

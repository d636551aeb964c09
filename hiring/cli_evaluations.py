"""``hiring evaluations verify`` and ``hiring evaluations rebuild``: the stored evaluation
summaries (hiring.services.evaluations) checked against, or refilled from, the live engine."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from hiring.extensions import db


@click.group("evaluations")
def evaluations_group() -> None:
    """The committee index's stored evaluation summaries."""


def rebuild_all() -> int:
    """Recompute every candidate's summary, committing after each chunk; returns how many.

    For the command, ``hiring demo``'s callers and the bench seed (which insert in bulk,
    past the services that keep summaries up to date).
    """
    from hiring.services.evaluations import rebuild

    total = 0
    for done in rebuild():
        db.session.commit()
        total = done
    return total


@evaluations_group.command("rebuild")
@with_appcontext
def evaluations_rebuild() -> None:
    """Recompute and store every candidate's summary (after an upgrade, or a bulk import).

    Safe while the app runs: each chunk of candidates is locked, recomputed and committed.
    """
    click.echo(f"{rebuild_all()} candidate summaries rebuilt.")


@evaluations_group.command("verify")
@with_appcontext
def evaluations_verify() -> None:
    """Recompute every candidate's summary and compare it with the stored one; exits 1 when
    a row is missing or differs (each is printed), 0 when all agree."""
    from hiring.services.evaluations import all_candidate_ids, verify

    ids = all_candidate_ids()
    drifts = verify(ids)
    db.session.rollback()  # read only
    for drift in drifts:
        click.echo(drift.describe())
    missing = sum(1 for d in drifts if d.stored is None)
    if drifts:
        click.echo(f"{len(drifts)} of {len(ids)} candidate summaries disagree with the engine "
                   f"({missing} missing, {len(drifts) - missing} different): "
                   "run `hiring evaluations rebuild`.", err=True)
        sys.exit(1)
    click.echo(f"{len(ids)} candidate summaries agree with the engine.")

"""``hiring search-keys verify`` and ``hiring search-keys rebuild``: the stored, folded
search keys of candidates and users (hiring.services.search_keys); ``hiring optimize``: the
query planner's statistics that searches and lists rely on."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from hiring.extensions import db


@click.group("search-keys")
def search_keys_group() -> None:
    """The folded names and emails that search matches against."""


@search_keys_group.command("verify")
@with_appcontext
def search_keys_verify() -> None:
    """Refold every name and email and compare with the stored key; exits 1 when a row
    differs (each is printed), 0 when all agree."""
    from hiring.services.search_keys import stale_keys

    stale = stale_keys()
    db.session.rollback()  # read only
    for found in stale:
        click.echo(found.describe())
    if stale:
        click.echo(f"{len(stale)} search keys differ: run `hiring search-keys rebuild`.",
                   err=True)
        sys.exit(1)
    click.echo("Every search key agrees with its name and email.")


@search_keys_group.command("rebuild")
@with_appcontext
def search_keys_rebuild() -> None:
    """Store the fold of each name and email where the stored key differs."""
    from hiring.services.search_keys import refold_keys

    changed = refold_keys()
    db.session.commit()
    click.echo(f"{changed} search keys refolded.")


@click.command("optimize")
@with_appcontext
def optimize_command() -> None:
    """Refresh the database's query-planner statistics (ANALYZE). On SQLite, run it after a
    bulk import and weekly from cron; PostgreSQL's autovacuum does this by itself."""
    from hiring.database import begin_writes, refresh_statistics

    begin_writes()  # SQLite: ANALYZE writes its statistics table
    refresh_statistics(db.session.connection())
    db.session.commit()
    click.echo("Query-planner statistics refreshed.")

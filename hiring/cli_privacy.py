"""``hiring candidates erase`` and ``hiring privacy purge``: personal data on request and
after retention. Both print ids and counts only, never the erased data (cron mails it)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.extensions import db
from hiring.services.errors import ServiceError, ValidationFailed


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group("candidates")
def candidates_group() -> None:
    """Candidates' personal data."""


@candidates_group.command("erase")
@click.argument("candidate_id", type=int)
@click.option("--reason", required=True,
              help="Why (e.g. the request's reference); kept on the audit trail, so it must "
                   "not name the candidate.")
@with_appcontext
def candidates_erase(candidate_id: int, reason: str) -> None:
    """Erase a candidate's personal data everywhere; a tombstone row stays for the counts."""
    from hiring.models import Candidate
    from hiring.services.privacy import erase_candidate

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        _fail(f"no candidate #{candidate_id}")
    try:
        erasure = erase_candidate(candidate, reason, via="command line")
    except ValidationFailed as exc:
        _fail("; ".join(m for msgs in exc.errors.values() for m in msgs))
    except ServiceError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(erasure.describe())


@click.group("privacy")
def privacy_group() -> None:
    """Retention of candidates' personal data."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="List who would be erased; change nothing.")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Retention in days (default: HIRING_RETENTION_DAYS).")
@with_appcontext
def privacy_purge(dry_run: bool, days: int | None) -> None:
    """Erase candidates whose final state (hired, rejected, withdrawn, offer) is older than the
    retention period. Idempotent and safe from cron: overlapping runs erase nobody twice."""
    from hiring.services.privacy import due_for_purge, purge

    if days is None:
        days = current_app.config["RETENTION_DAYS"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            _fail(f"HIRING_RETENTION_DAYS must be a whole number of days (1 or more), "
                  f"not {days!r}")
    if dry_run:
        due = due_for_purge(days)
        for candidate in due:
            click.echo(f"would erase candidate #{candidate.id} ({candidate.stage} since "
                       f"{candidate.stage_entered_at:%Y-%m-%d})")
        click.echo(f"{len(due)} candidate(s) past the {days}-day retention period; "
                   "dry run: nothing erased")
        db.session.rollback()
        return
    erased = purge(days)
    db.session.commit()
    for erasure in erased:
        click.echo(erasure.describe())
    click.echo(f"{len(erased)} candidate(s) erased after the {days}-day retention period")

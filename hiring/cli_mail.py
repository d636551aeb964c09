"""``hiring remind`` and ``hiring mail send``: what cron (or a systemd timer) runs every few
minutes. Both are idempotent and safe when two runs overlap (see hiring/mail/)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.database import utcnow
from hiring.extensions import db


def _send_and_report() -> None:
    from hiring.mail.outbox import state_counts
    from hiring.mail.sender import send_pass

    result = send_pass()
    if not result.configured:
        waiting = state_counts().get("queued", 0)
        click.echo(f"no SMTP host (HIRING_SMTP_HOST): {waiting} message(s) wait in the "
                   "outbox (/admin/outbox)")
        return
    click.echo(f"sent {result.sent} message(s), {result.failed} failed (retried later)")


@click.command("remind")
@click.option("--no-send", is_flag=True, help="Queue the reminders only; send nothing.")
@with_appcontext
def remind_command(no_send: bool) -> None:
    """Queue the scorecard reminders that are due, then send the outbox."""
    from hiring.mail.reminders import queue_reminders

    queued = queue_reminders(utcnow())
    db.session.commit()
    click.echo(f"queued {queued} reminder(s) "
               f"(at most {current_app.config['REMINDER_MAX']} per interview)")
    if not no_send:
        _send_and_report()


@click.group("mail")
def mail_group() -> None:
    """The mail outbox."""


@mail_group.command("send")
@with_appcontext
def mail_send() -> None:
    """Send every message that is due (new ones, and failed ones whose backoff has passed)."""
    _send_and_report()

"""The ``hiring`` command: the app's Flask CLI plus the project's own commands.

``hiring run``, ``hiring shell`` and ``hiring db upgrade`` work as ``flask`` would.
``rubric check`` and ``decide`` need no database and work without any configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, run_command, with_appcontext

from hiring.cli_domain import decide_command, rubric_group
from hiring.domain.problems import RubricError
from hiring.extensions import db


def _create_app() -> object:
    from hiring.app import create_app

    # Alembic only for `hiring db ...` and the command list: it is a fifth of every other
    # command's start-up (a packet, the worker) and of their memory.
    ctx = click.get_current_context(silent=True)
    info = ctx.find_object(ScriptInfo) if ctx else None
    return create_app(migrations=info is None or info.data.get("migrations", True))


def check_rubrics_or_exit() -> None:
    """Start-up check: a broken rubric file stops the app with the same messages as check."""
    from hiring.rubric_files import BrokenRubricFiles, check_rubrics_at_start

    try:
        check_rubrics_at_start(Path(current_app.config["RUBRICS_DIR"]))
    except BrokenRubricFiles as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)


@click.command("run", params=run_command.params, help=run_command.help)
@click.pass_context
@with_appcontext
def checked_run(ctx: click.Context, **kwargs: object) -> None:
    check_rubrics_or_exit()
    ctx.invoke(run_command, **kwargs)


class HiringGroup(FlaskGroup):
    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "run":
            return checked_run
        ctx.ensure_object(ScriptInfo).data["migrations"] = name == "db"
        return super().get_command(ctx, name)


main = HiringGroup(create_app=_create_app, help=__doc__)


@rubric_group.command("sync")
@with_appcontext
def rubric_sync() -> None:
    """Validate rubrics/ and store every new rubric content as an immutable version."""
    from hiring.services.rubrics import sync_directory

    directory = Path(current_app.config["RUBRICS_DIR"])
    try:
        stored = sync_directory(directory)
    except RubricError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found; nothing was stored.", err=True)
        sys.exit(2)
    db.session.commit()
    for version, created in stored:
        state = "stored " if created else "current"
        click.echo(f"{state} {version.rubric_key:<24} version {version.short_version}")


main.add_command(rubric_group)
main.add_command(decide_command)

from hiring.cli_analyze import analyze_group  # noqa: E402
from hiring.cli_commands import demo_command, users_group  # noqa: E402
from hiring.cli_evaluations import evaluations_group  # noqa: E402
from hiring.cli_mail import mail_group, remind_command  # noqa: E402
from hiring.cli_packet import packet_command  # noqa: E402
from hiring.cli_privacy import candidates_group, privacy_group  # noqa: E402
from hiring.cli_search import optimize_command, search_keys_group  # noqa: E402
from hiring.cli_worker import worker_command  # noqa: E402

main.add_command(users_group)
main.add_command(demo_command)
main.add_command(packet_command)
main.add_command(candidates_group)
main.add_command(privacy_group)
main.add_command(analyze_group)
main.add_command(evaluations_group)
main.add_command(search_keys_group)
main.add_command(optimize_command)
main.add_command(remind_command)
main.add_command(mail_group)
main.add_command(worker_command)

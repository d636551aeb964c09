"""``hiring worker``: runs the background jobs on PostgreSQL (procrastinate).

Packets the web asked for, outbox passes, reminders, the retention purge and the
stalled-job retry. The periodic ones are deferred by the queue's own periodic feature: every
worker runs the deferrer, and procrastinate inserts each tick's job once however many
workers there are. Start as many workers, on as many machines, as the load needs.
"""

from __future__ import annotations

import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.tasks import queue as task_queue
from hiring.tasks.mode import uses_queue

SQLITE_REFUSAL = (
    "hiring worker needs PostgreSQL (HIRING_DATABASE_URL): procrastinate keeps its queue "
    "there. On SQLite the web process renders packets itself and there is nothing to start; "
    "schedule `hiring remind`, `hiring mail send` and `hiring privacy purge` with cron.")
IN_PROCESS_REFUSAL = ("TASK_QUEUE is 'in-process': the web process runs the jobs itself; "
                      "set HIRING_TASK_QUEUE=auto to use workers")


@click.command("worker")
@click.option("-q", "--queue", "queues", multiple=True,
              type=click.Choice(task_queue.QUEUES),
              help="Serve only this queue (repeatable; default: every queue).")
@click.option("-c", "--concurrency", type=click.IntRange(min=1), default=2, show_default=True,
              help="Jobs run at once by this worker, each in a thread of its own.")
@click.option("--until-idle", is_flag=True,
              help="Run the jobs waiting now, then stop (no waiting for new ones).")
@click.option("--name", default=None, help="The worker's name in the logs.")
@with_appcontext
def worker_command(queues: tuple[str, ...], concurrency: int, until_idle: bool,
                   name: str | None) -> None:
    """Run background jobs from the queue until stopped (SIGTERM or Ctrl-C end it
    gracefully, letting running jobs finish)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not uses_queue(app):
        postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        click.echo(f"error: {IN_PROCESS_REFUSAL if postgresql else SQLITE_REFUSAL}", err=True)
        sys.exit(2)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = task_queue.worker_options(app, list(queues), concurrency, wait=not until_idle)
    if name:
        options["name"] = name
    click.echo(f"worker on {', '.join(queues) or 'every queue'}, {concurrency} at once",
               err=True)
    task_queue.queue_for(app).run_worker(**options)

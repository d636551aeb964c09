"""The procrastinate App: a task queue kept in the app's own PostgreSQL database.

``queue_for(app)`` builds it once per Flask app from the database URL and registers the
jobs of ``hiring.tasks.jobs`` as tasks, the periodic ones on the queue's own schedule (cron
settings ``TASK_*_CRON``), and the documented stalled-job retry: a job whose worker stopped
sending heartbeats (killed, its machine gone) is handed back to the queue for another one.

Deferring needs no connection pool of its own: ``hiring.tasks.enqueue`` inserts the job on
the connection of the SQLAlchemy session, in the transaction that stores what the job is
about. Only ``hiring worker`` opens procrastinate's pool (``run_worker``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy.engine import make_url

from hiring.tasks import jobs

if TYPE_CHECKING:  # imported when first used: a web process on SQLite never needs it
    import procrastinate
    from procrastinate.job_context import JobContext

PACKETS, MAIL, MAINTENANCE = "packets", "mail", "maintenance"
QUEUES = (PACKETS, MAIL, MAINTENANCE)
RENDER_PACKET = "hiring.render_packet"
SEND_OUTBOX = "hiring.send_outbox"
QUEUE_REMINDERS = "hiring.queue_reminders"
PURGE_RETENTION = "hiring.purge_retention"
RETRY_STALLED = "hiring.retry_stalled_jobs"
PRUNE_JOBS = "hiring.prune_finished_jobs"
OUTBOX_LOCK = "send-outbox"  # at most one outbox pass waits in the queue
KEEP_SUCCEEDED_HOURS = 72
KEEP_FAILED_HOURS = 30 * 24


def conninfo(database_url: str) -> str:
    """The libpq URL psycopg takes, from the SQLAlchemy URL (``postgresql+psycopg://...``)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


def packet_lock(packet_job_id: int) -> str:
    """The lock and queueing lock of a packet job: one waiting, one running, at a time."""
    return f"packet-job:{packet_job_id}"


def queue_for(app: Flask) -> procrastinate.App:
    """The app's procrastinate App (made at first use, kept in ``app.extensions``)."""
    queue = app.extensions.get("hiring.tasks")
    if queue is None:
        queue = app.extensions["hiring.tasks"] = build_queue(app)
    return queue


def build_queue(app: Flask) -> procrastinate.App:
    import procrastinate

    config = app.config
    queue = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=conninfo(config["SQLALCHEMY_DATABASE_URI"])))

    @queue.task(name=RENDER_PACKET, queue=PACKETS)
    def render_packet(packet_job_id: int) -> None:
        jobs.render_packet(app, packet_job_id, take_over=True)

    @queue.periodic(cron=config["TASK_OUTBOX_CRON"], periodic_id="outbox",
                    queueing_lock=OUTBOX_LOCK)
    @queue.task(name=SEND_OUTBOX, queue=MAIL)
    def send_outbox(timestamp: int | None = None) -> None:
        jobs.send_outbox(app)

    @queue.periodic(cron=config["TASK_REMINDERS_CRON"], periodic_id="reminders",
                    queueing_lock=QUEUE_REMINDERS)
    @queue.task(name=QUEUE_REMINDERS, queue=MAIL)
    def queue_reminders(timestamp: int | None = None) -> None:
        jobs.queue_reminders(app)  # the next outbox pass (every minute) sends them

    @queue.periodic(cron=config["TASK_PURGE_CRON"], periodic_id="purge",
                    queueing_lock=PURGE_RETENTION)
    @queue.task(name=PURGE_RETENTION, queue=MAINTENANCE)
    def purge_retention(timestamp: int | None = None) -> None:
        jobs.purge_retention(app)

    stalled_seconds = float(config["TASK_STALLED_SECONDS"])

    @queue.periodic(cron=config["TASK_STALLED_CRON"], periodic_id="stalled",
                    queueing_lock=RETRY_STALLED)
    @queue.task(name=RETRY_STALLED, queue=MAINTENANCE, pass_context=True)
    async def retry_stalled_jobs(context: JobContext, timestamp: int | None = None) -> None:
        """procrastinate's recipe: jobs of workers silent for TASK_STALLED_SECONDS go back
        to the queue, for a live worker to run again."""
        manager = context.app.job_manager
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds):
            await manager.retry_job(job)

    @queue.periodic(cron=config["TASK_PRUNE_CRON"], periodic_id="prune",
                    queueing_lock=PRUNE_JOBS)
    @queue.task(name=PRUNE_JOBS, queue=MAINTENANCE, pass_context=True)
    async def prune_finished_jobs(context: JobContext, timestamp: int | None = None) -> None:
        """procrastinate's recipe for its builtin clean-up: finished jobs leave the queue's
        table after KEEP_SUCCEEDED_HOURS, failed ones (kept to be looked into) later."""
        manager = context.app.job_manager
        await manager.delete_old_jobs(nb_hours=KEEP_SUCCEEDED_HOURS, include_cancelled=True,
                                      include_aborted=True)
        await manager.delete_old_jobs(nb_hours=KEEP_FAILED_HOURS, include_failed=True)

    return queue


def worker_options(app: Flask, queues: list[str] | None, concurrency: int,
                   wait: bool = True) -> dict[str, Any]:
    """``run_worker``'s arguments: the heartbeat and stalled timings from the settings."""
    return {"queues": queues or None, "concurrency": concurrency, "wait": wait,
            "update_heartbeat_interval": float(app.config["TASK_HEARTBEAT_SECONDS"]),
            "stalled_worker_timeout": float(app.config["TASK_STALLED_SECONDS"]),
            "install_signal_handlers": True}

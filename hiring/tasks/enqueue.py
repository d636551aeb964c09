"""``enqueue_*``: how the web and the command line ask for background work.

Call them inside the transaction that stores what the job is about, before its commit:

- PostgreSQL (``TASK_QUEUE`` auto or procrastinate): the job is inserted into
  procrastinate's table on the session's own connection, in that same transaction. A crash
  before the commit loses both the row and its job; after it, a worker has the job. No
  packet job can be "queued" with nothing in the queue to run it.
- SQLite (or ``TASK_QUEUE=in-process``): the job is noted on the session and started in
  this process's background threads once the transaction commits (dropped if it rolls
  back). A crash in between leaves a "queued" packet job that the page shows as failed
  after ``hiring.packet.jobs.QUEUED_AT_MOST``, and asking again makes a new one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from hiring.extensions import db
from hiring.tasks import queue as task_queue
from hiring.tasks.mode import uses_queue

AFTER_COMMIT = "hiring.tasks.after_commit"


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _connection() -> Any:
    """The psycopg connection under the session's current transaction."""
    return db.session.connection().connection.driver_connection


def enqueue_packet(packet_job_id: int) -> None:
    """Render the packet of a stored "queued" packet job in the background."""
    app = _app()
    if uses_queue(app):
        lock = task_queue.packet_lock(packet_job_id)
        task_queue.queue_for(app).configure_task(
            task_queue.RENDER_PACKET, lock=lock, queueing_lock=lock,
            connection=_connection()).defer(packet_job_id=packet_job_id)
        return
    _after_commit(_start_packet, packet_job_id)


def _start_packet(packet_job_id: int) -> None:
    from hiring.packet import jobs as packet_jobs

    packet_jobs.start(packet_job_id)


def _after_commit(function: Any, *args: Any) -> None:
    db.session.connection()  # the transaction the job belongs to (begun if there was none)
    db.session().info.setdefault(AFTER_COMMIT, []).append((function, args))


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for function, args in session.info.pop(AFTER_COMMIT, []):
        function(*args)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, previous_transaction: Any) -> None:
    # Every rollback() of the whole transaction, also one that had no SQL to roll back
    # (``after_rollback`` fires only for a rollback sent to the database); a savepoint's
    # rollback keeps the jobs of the transaction around it.
    if previous_transaction.parent is None:
        session.info.pop(AFTER_COMMIT, None)

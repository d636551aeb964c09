"""The background jobs, as plain functions of the Flask app: the queue's tasks and the
in-process runner both call these, and each calls the code the command line uses, so there
is one implementation of every rule (``hiring.packet.jobs``, ``hiring.mail``,
``hiring.services.privacy``).

Each opens its own app context and session and commits its own work: a job runs in a worker
thread with no request around it.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app

from hiring.database import utcnow
from hiring.extensions import db
from hiring.packet.jobs import render_packet_job

log = logging.getLogger(__name__)


def render_packet(app: Flask, packet_job_id: int, *, take_over: bool = False) -> None:
    """Render the packet of a web (or batch) packet job and record how it went.

    ``take_over``: the queue runs this job once at a time (its lock) and hands it to another
    worker only after the first one died, so a job left "rendering" is this run's to finish.
    """
    render_packet_job(packet_job_id, app, take_over=take_over)


def send_outbox(app: Flask) -> int:
    """One send pass over the outbox (``hiring mail send``); returns how many were sent."""
    from hiring.mail.sender import send_pass

    with app.app_context():
        try:
            result = send_pass()
        finally:
            db.session.remove()
    if result.failed:
        log.warning("outbox: %s sent, %s failed (retried later)", result.sent, result.failed)
    return result.sent


def queue_reminders(app: Flask) -> int:
    """Queue the scorecard reminders that are due (``hiring remind --no-send``); the outbox
    job sends them. Returns how many were queued."""
    from hiring.mail.reminders import queue_reminders as queue_due

    with app.app_context():
        try:
            queued = queue_due(utcnow())
            db.session.commit()
        finally:
            db.session.remove()
    return queued


def purge_retention(app: Flask) -> int:
    """Erase the candidates past the retention period (``hiring privacy purge``); returns
    how many were erased. Safe beside another run: each row is locked and checked again."""
    from hiring.services.privacy import purge

    with app.app_context():
        try:
            erased = purge(int(current_app.config["RETENTION_DAYS"]))
            db.session.commit()
        finally:
            db.session.remove()
    for erasure in erased:
        log.info("%s", erasure.describe())
    return len(erased)

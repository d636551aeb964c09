"""Where background jobs run, from the configuration alone: importable by the code the jobs
call (``hiring.packet.jobs``) without importing the queue, which imports that code."""

from __future__ import annotations

from flask import Flask


def uses_queue(app: Flask) -> bool:
    """Whether background jobs go to procrastinate (else they run in this process)."""
    mode = app.config["TASK_QUEUE"]
    if mode == "auto":
        return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    return mode == "procrastinate"

"""A queue for SQLite's one writer, so that under load every write gets its turn.

SQLite's busy handler makes a waiting writer poll, sleeping longer each time (up to 100 ms
between tries). With twenty request threads waiting, a newcomer polling every millisecond
keeps winning over a writer that has waited for seconds, and that one fails after the busy
timeout although the database was never stuck (the issue measured 2-4 of 400 submits). So
writers queue before ``BEGIN IMMEDIATE``: the threads of one process on a lock (woken as
soon as it is free, no polling), and the processes on an advisory ``flock`` of a file next
to the database, which one thread per process tries every few milliseconds. The turn ends
when the connection goes back to the pool, that is after COMMIT or ROLLBACK.

Writers that do not take a turn (another program on the same file) still meet SQLite's own
busy timeout. Waiting longer than that timeout in the queue is a lock timeout too: it
raises the same "database is locked" error, answered with 503 (hiring/errors.py).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from typing import Any

from sqlalchemy.exc import OperationalError

POLL_SECONDS = 0.003
_process_locks: dict[str, threading.Lock] = {}
_registry_lock = threading.Lock()


def queue_file(database: str | None) -> str | None:
    """The lock file beside an SQLite database file; None for an in-memory database."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return os.path.abspath(database) + "-writers"


def open_turn(info: dict[str, Any], path: str) -> None:
    """On connect: each connection has its own descriptor (flock belongs to it)."""
    info["write_queue"] = (path, os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


def take_turn(info: dict[str, Any], timeout: float) -> None:
    """Wait for this connection's turn to write; raises the "database is locked" error after
    ``timeout`` seconds. Taking a turn the connection holds already does nothing."""
    if "write_queue" not in info or info.get("write_turn"):
        return
    path, fd = info["write_queue"]
    with _registry_lock:
        process_lock = _process_locks.setdefault(path, threading.Lock())
    deadline = time.monotonic() + timeout
    if not process_lock.acquire(timeout=max(timeout, 0)):
        raise _locked()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                process_lock.release()
                raise _locked() from None
            time.sleep(POLL_SECONDS)
    info["write_turn"] = process_lock


def end_turn(info: dict[str, Any]) -> None:
    """When the connection returns to the pool: the next writer's turn."""
    process_lock = info.pop("write_turn", None)
    if process_lock is None:
        return
    fcntl.flock(info["write_queue"][1], fcntl.LOCK_UN)
    process_lock.release()


def close_turn(info: dict[str, Any]) -> None:
    """When the connection closes: end any turn and close the descriptor."""
    end_turn(info)
    queue = info.pop("write_queue", None)
    if queue is not None:
        os.close(queue[1])


def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", None,
                            sqlite3.OperationalError("database is locked (writers' queue)"))

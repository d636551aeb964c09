"""``hiring worker`` processes for the tests, and the waits that go with them.

A worker is started as an operator starts it (the ``hiring`` script, settings from
HIRING_* variables), in a process group of its own, so that ``kill()`` can end it and its
render process at once with SIGKILL, as a machine that dies would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import psycopg

from hiring.tasks.queue import conninfo
from hiring.tasks.schema import create_sql

STARTED = b"Starting worker"  # procrastinate's log line once the worker takes jobs
# Short heartbeats, so that a killed worker's job is handed on within seconds.
FAST_QUEUE = {"TASK_QUEUE": "procrastinate", "TASK_HEARTBEAT_SECONDS": 0.5,
              "TASK_STALLED_SECONDS": 2, "TASK_STALLED_CRON": "* * * * * *"}
QUEUE_TABLES = ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs",
                "procrastinate_workers")


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path
    log_handle: BinaryIO

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM: procrastinate lets the running jobs finish, then exits."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log_handle.close()

    def kill(self) -> None:
        """SIGKILL to the worker and its render process: no clean-up of any kind."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log_handle.close()


def start_worker(env: Mapping[str, str], log: Path, *args: str) -> WorkerProcess:
    """``hiring worker ARGS`` with ``env``; returns once it takes jobs (60 s at most)."""
    return start_workers(env, [(log, args)])[0]


def start_workers(env: Mapping[str, str], workers: Sequence[tuple[Path, Sequence[str]]]
                  ) -> list[WorkerProcess]:
    """Several workers started at once (log, args each); returns once all take jobs."""
    started = [spawn_worker(env, log, *args) for log, args in workers]
    wait_started(started)
    return started


def spawn_worker(env: Mapping[str, str], log: Path, *args: str) -> WorkerProcess:
    """``hiring worker ARGS``, not waiting for it (``wait_started``)."""
    hiring = Path(sys.executable).parent / "hiring"
    handle = log.open("wb")
    process = subprocess.Popen([str(hiring), "worker", *args], env={**os.environ, **env},
                               stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    return WorkerProcess(process, log, handle)


def wait_started(workers: Sequence[WorkerProcess], timeout: float = 60) -> None:
    """Until every worker takes jobs (a loaded machine imports slowly); kills them all and
    fails if one exits or the time is up."""
    deadline = time.monotonic() + timeout
    waiting = list(workers)
    while waiting:
        worker = waiting[0]
        if STARTED in worker.log.read_bytes():
            waiting.pop(0)
            continue
        if worker.process.poll() is not None or time.monotonic() > deadline:
            for each in workers:
                each.kill()
            raise RuntimeError(f"hiring worker did not start: {worker.output()[-2000:]}")
        time.sleep(0.1)


def worker_env(config: Mapping[str, object]) -> dict[str, str]:
    """HIRING_* variables from an app config mapping (tests.conftest.app_config)."""
    names = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL"}
    return {f"HIRING_{names.get(k, k)}": str(v) for k, v in config.items()}


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "") -> None:
    """Poll ``condition`` until true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s: {what}")
        time.sleep(0.1)


def connect(database_url: str) -> psycopg.Connection:
    return psycopg.connect(conninfo(database_url))


def reset_queue(database_url: str) -> None:
    """procrastinate's schema in the test database (made once), with no jobs or workers."""
    with connect(database_url) as conn:
        exists = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if exists is None or exists[0] is None:
            conn.execute(create_sql())
        conn.execute(f"TRUNCATE {', '.join(QUEUE_TABLES)} RESTART IDENTITY CASCADE")


def job_rows(database_url: str, task_name: str | None = None) -> list[tuple[int, str, str]]:
    """(id, status, lock) of the queue's jobs, oldest first."""
    with connect(database_url) as conn:
        return [tuple(row) for row in conn.execute(  # type: ignore[misc]
            "SELECT id, status::text, coalesce(lock, '') FROM procrastinate_jobs "
            "WHERE %(task)s::text IS NULL OR task_name = %(task)s ORDER BY id",
            {"task": task_name})]


def starts_per_job(database_url: str) -> dict[int, int]:
    """How many times each job was started by a worker (procrastinate's event log)."""
    with connect(database_url) as conn:
        return dict(conn.execute(  # type: ignore[arg-type]
            "SELECT job_id, count(*) FROM procrastinate_events WHERE type = 'started' "
            "GROUP BY job_id").fetchall())

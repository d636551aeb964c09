"""Web packets made in the background: a job row with a state the page polls.

A packet that missed the cache is not rendered in the request: the request stores a job
("queued") and answers at once; ``render_packet_job`` renders it on the render pool
("rendering") and stores the packet ("ready") or the reason it could not ("failed"). The
job is a plain function of its id that opens its own app context and session: ``hiring.tasks``
runs it on the task queue's workers (PostgreSQL) or in this process's small thread pool.

A job left "queued" or "rendering" by a process that died is shown as failed once it is
older than any render could take, and asking again makes a new one.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from flask import Flask, current_app, g
from sqlalchemy import delete, select, update

from hiring.database import begin_writes, reads_only, utcnow
from hiring.extensions import db
from hiring.models import Candidate, PacketJob
from hiring.packet import cache
from hiring.packet.renderer import STARTUP_SECONDS, PacketError
from hiring.queries.debrief import build_debrief
from hiring.tasks.mode import uses_queue

log = logging.getLogger(__name__)
ACTIVE = ("queued", "rendering")
QUEUED_AT_MOST = dt.timedelta(minutes=10)
NOT_FINISHED = "the packet was not finished (the server restarted); ask for it again"
FOUND_IN_CACHE = "found in the cache"  # a ready job that rendered nothing


def latest_job(candidate_id: int, user_id: int) -> PacketJob | None:
    """The person's newest packet job for the candidate (their page shows only that one)."""
    return db.session.scalar(
        select(PacketJob).where(PacketJob.candidate_id == candidate_id,
                                PacketJob.requested_by_id == user_id)
        .order_by(PacketJob.id.desc()).limit(1))


def is_abandoned(job: PacketJob, now: dt.datetime | None = None) -> bool:
    """Still queued or rendering long after any render would have ended.

    Only jobs run in this process can be abandoned: on the task queue a queued job waits
    its turn however long the backlog, and one whose worker died is handed to another by
    the stalled-job retry, so replacing it would render the same packet twice.
    """
    if uses_queue(current_app):
        return False
    now = now or utcnow()
    if job.state == "rendering" and job.started_at is not None:
        longest = float(current_app.config["PDF_TIMEOUT_SECONDS"]) + STARTUP_SECONDS + 30
        return now - job.started_at > dt.timedelta(seconds=longest)
    return job.state == "queued" and now - job.created_at > QUEUED_AT_MOST


def shown_state(job: PacketJob) -> tuple[str, str | None]:
    """(state, reason) as the page and the status endpoint tell it."""
    if job.state in ACTIVE and is_abandoned(job):
        return "failed", NOT_FINISHED
    return job.state, job.reason


def request_job(candidate_id: int, user_id: int) -> tuple[PacketJob, bool]:
    """(job, new): the person's job in progress for the candidate, or a new one replacing
    their older ones (flush only: the caller commits, then calls ``start`` for a new one)."""
    job = latest_job(candidate_id, user_id)
    if job is not None and job.state in ACTIVE and not is_abandoned(job):
        return job, False
    db.session.execute(delete(PacketJob).where(PacketJob.candidate_id == candidate_id,
                                               PacketJob.requested_by_id == user_id))
    job = PacketJob(candidate_id=candidate_id, requested_by_id=user_id, state="queued")
    db.session.add(job)
    db.session.flush()
    return job, True


def claim_delivery(candidate_id: int, user_id: int, key: str) -> bool:
    """Whether this download hands the person the packet their job just rendered (the audit
    says "not cached" once, as when the request itself rendered); marks it delivered."""
    job = latest_job(candidate_id, user_id)
    if (job is None or job.state != "ready" or job.cache_key != key
            or job.delivered_at is not None or job.reason == FOUND_IN_CACHE):
        return False
    job.delivered_at = utcnow()
    return True


def _finish(job_id: int, state: str, reason: str | None = None, key: str | None = None) -> None:
    """Record how the job ended, in the transaction that stored its packet if there is one."""
    if not g.get("writes_begun"):
        begin_writes()
    job = db.session.get(PacketJob, job_id)
    if job is not None:
        job.state, job.reason, job.cache_key = state, reason, key
        job.finished_at = utcnow()
    db.session.commit()


def _claim(job_id: int, take_over: bool) -> PacketJob | None:
    """Move the job to "rendering" in one guarded UPDATE, so that of two runs of the same
    job only one renders; None when it is not this run's (gone, finished, or taken)."""
    states = ACTIVE if take_over else ("queued",)
    claimed = db.session.execute(
        update(PacketJob).where(PacketJob.id == job_id, PacketJob.state.in_(states))
        .values(state="rendering", started_at=utcnow())
        .returning(PacketJob.id).execution_options(synchronize_session=False)).first()
    db.session.commit()
    return None if claimed is None else db.session.get(PacketJob, job_id)


def _run(job_id: int, take_over: bool = False) -> None:
    job = _claim(job_id, take_over)
    if job is None:
        return
    reads_only()  # read the debrief without SQLite's write lock; take it only to store
    candidate = db.session.get(Candidate, job.candidate_id)
    if candidate is None:
        _finish(job_id, "failed", "the candidate no longer exists")
        return
    candidate_id = candidate.id
    view = build_debrief(candidate)
    key = cache.cache_key(view)
    if cache.cached_packet(key) is not None:  # made meanwhile (another person's job)
        begin_writes()
        cache.keep_summary_current(candidate_id, view)
        _finish(job_id, "ready", FOUND_IN_CACHE, key)
        return
    html = cache.packet_html(view)
    db.session.rollback()  # no transaction stays open while the packet renders
    try:
        rendered = cache.render_pool().render(html, cache.static_dir(), cache.limits())
    except PacketError as exc:
        _finish(job_id, "failed", str(exc)[:500])
        return
    begin_writes()
    cache.store(candidate_id, key, rendered)
    cache.keep_summary_current(candidate_id, view)
    _finish(job_id, "ready", None, key)


def render_packet_job(job_id: int, app: Flask | None = None, *, take_over: bool = False
                      ) -> None:
    """Render the packet of job ``job_id`` and record how it went (never raises).

    ``take_over``: a job left "rendering" may be finished by this run (the task queue hands
    a job to another worker only once the one running it has died); otherwise only a
    "queued" job is run.
    """
    if app is None:
        from hiring.app import create_app

        app = create_app()
    with app.app_context():
        try:
            _run(job_id, take_over)
        except Exception:
            log.exception("packet job %s failed", job_id)
            db.session.rollback()
            try:
                _finish(job_id, "failed", "the packet could not be made")
            except Exception:
                log.exception("packet job %s: could not record the failure", job_id)
        finally:
            db.session.remove()


_executors: dict[int, ThreadPoolExecutor] = {}
_pending: set[Future[None]] = set()
_lock = threading.Lock()


def _executor(threads: int) -> ThreadPoolExecutor:
    pid = os.getpid()  # a forked gunicorn worker makes its own: threads do not survive fork
    with _lock:
        executor = _executors.get(pid)
        if executor is None:
            executor = _executors[pid] = ThreadPoolExecutor(
                max_workers=threads, thread_name_prefix="packet-job")
        return executor


def start(job_id: int) -> None:
    """Run the job in this process's background threads (after the commit that stored it).

    The threads only wait for the render pool, so there are as many as render workers.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    threads = int(app.config["PDF_WORKERS"]) or min(2, os.cpu_count() or 1)
    future = _executor(threads).submit(render_packet_job, job_id, app)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[None]) -> None:
    with _lock:
        _pending.discard(future)


def wait_for_jobs(timeout: float | None = None) -> bool:
    """Wait until every job started here has ended; False if some are still running."""
    with _lock:
        running = set(_pending)
    _done, not_done = wait(running, timeout=timeout)
    return not not_done


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    _executors.clear()
    _pending.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)

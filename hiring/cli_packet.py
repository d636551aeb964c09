"""``hiring packet``: the committee's PDF packets from the command line.

A packet holds every colleague's scorecard, so it is made for a named person (``--as``) and
only when that person may read the debrief: on the requisition's committee or among its
recruiters, with their own scorecards on the candidate submitted (independence holds on the
command line too).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from hiring.committee.views_packet import packet_filename
from hiring.database import begin_writes, reads_only
from hiring.domain.pipeline import DEBRIEF, stage_label
from hiring.extensions import db
from hiring.models import Candidate, Interview, Requisition, User
from hiring.packet import cache
from hiring.packet.content import packet_html
from hiring.packet.jobs import request_job
from hiring.packet.renderer import Limits, PacketError, RenderedPDF, RenderPool
from hiring.permissions import (
    can_view_debrief,
    can_view_requisition,
    pending_interview_ids,
    pending_interviews,
)
from hiring.queries.debrief import build_debrief
from hiring.services.users import find_by_email
from hiring.tasks.enqueue import enqueue_packet
from hiring.tasks.mode import uses_queue


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _still_to_submit(user: User, candidate: Candidate, interview: Interview) -> str:
    stage = stage_label(candidate.requisition.rubric_version.rubric, interview.stage)
    return (f"{user.email} has not submitted their scorecard for {stage} (interview "
            f"{interview.id}) of candidate {candidate.id}: the packet is made once they have")


def _reader(email: str) -> User:
    user = find_by_email(email)
    if user is None or not user.active:
        _fail(f"no active user with the email {email!r} (--as)")
    return user


@click.command("packet")
@click.argument("candidate_id", type=int, required=False)
@click.option("--as", "as_email", required=True, metavar="EMAIL",
              help="The person the packet is made for: on the requisition's committee or "
                   "among its recruiters, with their own scorecards submitted.")
@click.option("--requisition", "requisition_id", type=int,
              help="Every candidate of this requisition who is in debrief (those the person "
                   "may not read yet are skipped and listed).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The PDF file (one candidate) or a directory (--requisition).")
@click.option("--jobs", type=click.IntRange(min=0), default=0,
              help="Packets rendered at once, each by its own render worker (default: cores).")
@click.option("--background", is_flag=True,
              help="With --requisition on PostgreSQL: queue the packets for `hiring worker` "
                   "and return; the same command without it then writes them from the cache.")
@with_appcontext
def packet_command(candidate_id: int | None, requisition_id: int | None,
                   output: Path | None, jobs: int, as_email: str, background: bool) -> None:
    """Render the committee's PDF packet for one candidate, or for a requisition's debrief,
    for the person named by --as."""
    if (candidate_id is None) == (requisition_id is None):
        _fail("give either CANDIDATE_ID or --requisition ID")
    if background and (requisition_id is None or not uses_queue(current_app)):
        _fail("--background queues a requisition's packets for `hiring worker`, which needs "
              "PostgreSQL (TASK_QUEUE auto or procrastinate); without it they are rendered "
              "here")
    if output is None and not background:
        _fail("give the output with -o/--output")
    reads_only()  # SQLite's write lock is taken only to store the packets, never while rendering
    user = _reader(as_email)
    if candidate_id is not None:
        candidate = db.session.get(Candidate, candidate_id)
        if candidate is None:
            _fail(f"no candidate with id {candidate_id}")
        if not can_view_debrief(user, candidate):
            _fail(f"{user.email} may not read the debrief of candidate {candidate_id}: only "
                  "the requisition's committee and recruiters may")
        pending = pending_interviews(user, candidate)
        if pending:
            _fail(_still_to_submit(user, candidate, pending[0]))
        try:
            result = cache.packet_for(candidate, before_write=begin_writes, via="cli",
                                      actor=user)
        except PacketError as exc:
            _fail(f"packet for candidate {candidate_id}: {exc}")
        db.session.commit()
        output.write_bytes(result.pdf)
        state = "from the cache" if result.from_cache else "rendered"
        click.echo(f"{output}: {result.pages} pages, {len(result.pdf) // 1024} KiB ({state})")
        return
    requisition = db.session.get(Requisition, requisition_id)
    if requisition is None:
        _fail(f"no requisition with id {requisition_id}")
    if not can_view_requisition(user, requisition):  # its committee and recruiters
        _fail(f"{user.email} may not read the debriefs of requisition {requisition_id}: only "
              "its committee and recruiters may")
    if background:
        _enqueue_batch(requisition, user)
        return
    assert output is not None
    output.mkdir(parents=True, exist_ok=True)
    _batch(requisition, user, output, jobs or os.cpu_count() or 1)


def _enqueue_batch(requisition: Requisition, user: User) -> None:
    """A packet job per candidate in debrief whose packet is not in the cache, for the
    workers; stored and queued in one transaction."""
    candidates = _readable(user, list(db.session.scalars(
        select(Candidate).where(Candidate.requisition_id == requisition.id,
                                Candidate.stage == DEBRIEF).order_by(Candidate.name))))
    keys = [cache.current_key(candidate)[0] for candidate in candidates]
    missing = [c.id for c, key in zip(candidates, keys, strict=True)
               if cache.cached_packet(key) is None]
    begin_writes()
    queued = 0
    for candidate_id in missing:
        job, new = request_job(candidate_id, user.id)
        if new:
            enqueue_packet(job.id)
            queued += 1
    db.session.commit()
    click.echo(f"{queued} packet(s) queued for the workers, "
               f"{len(missing) - queued} already queued, "
               f"{len(candidates) - len(missing)} in the cache; run the command again "
               "without --background to write them")


def _readable(user: User, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates whose packet the user may have now; the others are listed as skipped
    (one query for the whole batch)."""
    pending = pending_interview_ids(user, [c.id for c in candidates])
    for candidate in candidates:
        if candidate.id in pending:
            interview = db.session.get(Interview, pending[candidate.id])
            assert interview is not None
            click.echo(f"{packet_filename(candidate.id, candidate.name)}: SKIPPED: "
                       f"{_still_to_submit(user, candidate, interview)}")
    return [c for c in candidates if c.id not in pending]


def _render(pool: RenderPool, html: str, static: Path, limits: Limits
            ) -> RenderedPDF | PacketError:
    try:
        return pool.render(html, static, limits)
    except PacketError as exc:
        return exc


def _batch(requisition: Requisition, user: User, directory: Path, jobs: int) -> None:
    """Views and HTML are made here, one candidate after another, while the render workers
    turn the ones before into PDFs (``jobs`` at once)."""
    started = time.monotonic()
    candidates = list(db.session.scalars(
        select(Candidate).where(Candidate.requisition_id == requisition.id,
                                Candidate.stage == DEBRIEF).order_by(Candidate.name)))
    if not candidates:
        click.echo(f"No candidate of requisition {requisition.id} is in debrief.")
        return
    candidates = _readable(user, candidates)
    if not candidates:
        click.echo(f"No packet made: {user.email} may read none of them yet.")
        return
    pool, static, limits = cache.render_pool(jobs), cache.static_dir(), cache.limits()
    work: list[tuple[int, str, str, tuple[bytes, int] | None,
                     Future[RenderedPDF | PacketError] | None]] = []
    with ThreadPoolExecutor(max_workers=jobs) as threads:  # each waits on a render worker
        for candidate in candidates:
            key, view = cache.current_key(candidate)
            hit = cache.cached_packet(key)
            cached = None if hit is None else (hit.pdf, hit.pages)
            rendering = None
            if hit is None:
                pool.prestart(min(jobs, len(candidates) - len(work)))
                view = view or build_debrief(candidate)
                key = cache.cache_key(view)
                rendering = threads.submit(_render, pool, packet_html(view), static, limits)
            work.append((candidate.id, candidate.name, key, cached, rendering))
        results = [None if rendering is None else rendering.result()
                   for *_, rendering in work]
    begin_writes()
    failures = 0
    for (candidate_id, name, key, cached, _), rendered in zip(work, results, strict=True):
        path = directory / packet_filename(candidate_id, name)
        if isinstance(rendered, PacketError):
            failures += 1
            click.echo(f"{path.name}: FAILED: {rendered}", err=True)
            continue
        if rendered is None:
            assert cached is not None
            pdf, pages = cached
        else:
            cache.store(candidate_id, key, rendered)
            pdf, pages = rendered.pdf, rendered.pages
        path.write_bytes(pdf)
        cache.record_access(candidate_id, pages, cached=rendered is None, key=key,
                            via="cli batch", actor=user)
        state = "cached" if rendered is None else f"{rendered.seconds:.2f} s"
        click.echo(f"{path.name}: {pages} pages ({state})")
    db.session.commit()
    elapsed = time.monotonic() - started
    done = len(work) - failures
    click.echo(f"{done} packet(s) in {elapsed:.1f} s ({done / elapsed:.2f} per second, "
               f"{jobs} at once) into {directory}")
    if failures:
        sys.exit(1)

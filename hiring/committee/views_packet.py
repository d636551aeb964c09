"""The PDF packet: served at once from the cache, else made by a background job whose page
the browser polls (the request never waits for WeasyPrint)."""

from __future__ import annotations

import re

from flask import Response, jsonify, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from hiring.committee import bp
from hiring.committee.submit_first import submit_first_page
from hiring.database import begin_writes
from hiring.extensions import db
from hiring.models import Candidate
from hiring.packet import cache, jobs
from hiring.permissions import can_view_debrief, require, role_required
from hiring.security import no_store
from hiring.tasks.enqueue import enqueue_packet

Page = Response | BaseResponse | tuple[str, int]


def packet_filename(candidate_id: int, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "candidate"
    return f"debrief-{candidate_id}-{slug}.pdf"


def _readable(candidate_id: int) -> tuple[Candidate, tuple[str, int] | None]:
    """The candidate, and the "submit yours first" page when independence keeps the packet
    closed to this person for now (404 when their role gives no way in)."""
    candidate = db.get_or_404(Candidate, candidate_id)
    require(can_view_debrief(current_user, candidate))
    no_store()
    return candidate, submit_first_page(current_user, candidate)  # the debrief on paper


@bp.route("/candidates/<int:candidate_id>/packet.pdf")
@role_required("committee", "recruiter")
def packet(candidate_id: int) -> Page:
    candidate, blocked = _readable(candidate_id)
    if blocked:
        return blocked
    name, user_id = candidate.name, current_user.id
    key, _ = cache.current_key(candidate)
    stored = cache.cached_packet(key)
    if stored is None:
        begin_writes()
        job, new = jobs.request_job(candidate_id, user_id)
        if new:  # a worker (PostgreSQL) or this process's threads, once this commits
            enqueue_packet(job.id)
        db.session.commit()
        return redirect(url_for(".packet_progress", candidate_id=candidate_id), 303)
    pdf, pages = stored.pdf, stored.pages
    begin_writes()
    made_for_this = jobs.claim_delivery(candidate_id, user_id, key)
    cache.record_access(candidate_id, pages, cached=not made_for_this, key=key, via="web")
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{packet_filename(candidate_id, name)}"')
    response.headers["X-Packet-Cache"] = "miss" if made_for_this else "hit"
    return response


@bp.route("/candidates/<int:candidate_id>/packet")
@role_required("committee", "recruiter")
def packet_progress(candidate_id: int) -> Page:
    """How the person's packet job is doing; a ready one sends them to the download."""
    candidate, blocked = _readable(candidate_id)
    if blocked:
        return blocked
    job = jobs.latest_job(candidate.id, current_user.id)
    state, reason = jobs.shown_state(job) if job is not None else ("none", None)
    if state in ("none", "ready"):
        return redirect(url_for(".packet", candidate_id=candidate_id), 303)
    return render_template("committee/packet_progress.html", candidate=candidate,
                           state=state, reason=reason)


@bp.route("/candidates/<int:candidate_id>/packet/status")
@role_required("committee", "recruiter")
def packet_status(candidate_id: int) -> Page:
    """The job's state as JSON, for the progress page's script."""
    candidate, blocked = _readable(candidate_id)
    if blocked:
        return blocked
    job = jobs.latest_job(candidate.id, current_user.id)
    state, reason = jobs.shown_state(job) if job is not None else ("none", None)
    return jsonify(state=state, reason=reason,
                   download=url_for(".packet", candidate_id=candidate_id),
                   page=url_for(".packet_progress", candidate_id=candidate_id))

"""Packets stored by what they show, so an unchanged packet is handed out without a render.

The key is the hash of the debrief's fingerprint (scorecards, revisions, decisions, rubric
version) and of the template version. The fingerprint is stored with the candidate's
evaluation summary and kept current by every write, so a hit is one lookup of it and one of
the packet, without building the debrief; a candidate without a stored summary falls back to
building it. Only the newest packet of a candidate is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from hiring.extensions import db
from hiring.models import Candidate, Packet, User
from hiring.packet.content import packet_html, template_version
from hiring.packet.renderer import Limits, RenderedPDF, RenderPool, shared_pool
from hiring.queries.debrief import build_debrief
from hiring.queries.debrief_view import DebriefView
from hiring.rubric_files import PROJECT_ROOT
from hiring.services import access_log, audit, evaluations
from hiring.services.evaluations import stored_fingerprint


def key_for(fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}:{template_version()}".encode()).hexdigest()


def cache_key(view: DebriefView) -> str:
    return key_for(view.fingerprint_digest())


def current_key(candidate: Candidate) -> tuple[str, DebriefView | None]:
    """The key of the candidate's packet as it would be made now, and the debrief view when
    it had to be built (no stored fingerprint), so that a miss need not build it twice."""
    fingerprint = stored_fingerprint(candidate.id)
    if fingerprint is not None:
        return key_for(fingerprint), None
    view = build_debrief(candidate)
    return cache_key(view), view


def cached_packet(key: str) -> Packet | None:
    return db.session.scalar(select(Packet).where(Packet.cache_key == key))


def limits() -> Limits:
    config = current_app.config
    return Limits(timeout_seconds=float(config["PDF_TIMEOUT_SECONDS"]),
                  max_pages=int(config["PDF_MAX_PAGES"]), max_bytes=int(config["PDF_MAX_BYTES"]),
                  max_html_bytes=int(config["PDF_MAX_HTML_BYTES"]))


def static_dir() -> Path:
    return Path(current_app.static_folder or PROJECT_ROOT / "hiring" / "static")


def render_pool(size: int | None = None) -> RenderPool:
    """This process's render workers, sized by the app's settings (or ``size``)."""
    config = current_app.config
    return shared_pool(size or int(config["PDF_WORKERS"]) or None,
                       int(config["PDF_WORKER_MAX_PACKETS"]))


def render(view: DebriefView) -> RenderedPDF:
    """Render without touching the database (PacketError on a limit or a failure)."""
    return render_pool().render(packet_html(view), static_dir(), limits())


def store(candidate_id: int, key: str, rendered: RenderedPDF) -> Packet:
    """Keep this packet as the candidate's only cached one; a concurrent twin wins politely."""
    existing = cached_packet(key)
    if existing is not None:
        return existing
    db.session.execute(delete(Packet).where(Packet.candidate_id == candidate_id))
    packet = Packet(candidate_id=candidate_id, cache_key=key, pdf=rendered.pdf,
                    pages=rendered.pages, byte_size=len(rendered.pdf),
                    render_seconds=round(rendered.seconds, 3))
    try:
        with db.session.begin_nested():
            db.session.add(packet)
    except IntegrityError:  # another request stored the same packet a moment ago
        found = cached_packet(key)
        assert found is not None
        return found
    return packet


def keep_summary_current(candidate_id: int, view: DebriefView) -> None:
    """After a render from a freshly built debrief: a stored fingerprint that differs from it
    (a write path that forgot its refresh; ``hiring evaluations verify`` would report it) is
    mended here, so the next download finds this packet instead of rendering it again. A
    candidate without a summary keeps none: ``hiring evaluations rebuild`` makes them."""
    stored = stored_fingerprint(candidate_id)
    if stored is not None and stored != view.fingerprint_digest():
        current_app.logger.warning("evaluation summary of candidate %s was stale; refreshed",
                                   candidate_id)
        evaluations.refresh_ids([candidate_id])


@dataclass(frozen=True)
class PacketResult:
    candidate_id: int
    candidate_name: str
    pdf: bytes
    pages: int
    from_cache: bool
    key: str


def record_access(candidate_id: int, pages: int, *, cached: bool, key: str,
                  via: str, actor: User | None = None) -> None:
    """Candidate data left the app: every packet handed out is on the audit trail, with the
    person it was made for (the web's user; ``hiring packet --as`` on the command line)."""
    audit.record("packet.downloaded", object_type="candidate", object_id=candidate_id,
                 after={"pages": pages, "cached": cached, "key": key[:16], "via": via},
                 actor=actor)
    access_log.record_read("packet", candidate_id, actor)


def packet_for(candidate: Candidate, *, before_write: Callable[[], None] | None = None,
               via: str = "web", actor: User | None = None) -> PacketResult:
    """The candidate's packet, from the cache when its inputs have not changed, else rendered
    here and now on the render pool (the command line; the web uses ``hiring.packet.jobs``).

    ``before_write`` is called after rendering and before anything is written (``begin_writes``
    where SQLite should take its write lock only then).
    """
    candidate_id, name = candidate.id, candidate.name
    key, view = current_key(candidate)
    hit = cached_packet(key)
    rendered = None
    if hit is None:
        view = view or build_debrief(candidate)
        key = cache_key(view)
        rendered = render(view)
    if before_write is not None:
        before_write()
    if rendered is not None:
        hit = store(candidate_id, key, rendered)
        assert view is not None
        keep_summary_current(candidate_id, view)
    assert hit is not None
    record_access(candidate_id, hit.pages, cached=rendered is None, key=key, via=via, actor=actor)
    return PacketResult(candidate_id, name, hit.pdf, hit.pages, rendered is None, key)

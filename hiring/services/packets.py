"""The committee's PDF packet: rendered from the debrief view, cached by what it shows.

The cache key is the hash of the view's fingerprint (scorecards, revisions, decisions, rubric
version) and of the template version (packet templates, stylesheet, WeasyPrint's version):
an unchanged packet is served from the cache, any change to its inputs makes a fresh one.
Only the newest packet of a candidate is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from hiring.charts import criteria_chart
from hiring.database import utcnow
from hiring.domain.scoring import apportion
from hiring.extensions import db
from hiring.models import Candidate, Packet, User
from hiring.pdf import Limits, RenderedPDF, render_pdf
from hiring.queries.debrief import DebriefView, build_debrief
from hiring.rubric_files import PROJECT_ROOT
from hiring.services import audit

TEMPLATE_FILES = ("templates/pdf/packet.html", "templates/pdf/_packet.html",
                  "hiring/static/css/packet.css")
_TEMPLATE_VERSION: dict[str, str] = {}


def template_version() -> str:
    """Hash of everything that shapes a packet besides its data (computed once per process)."""
    if "v" not in _TEMPLATE_VERSION:
        import weasyprint

        digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
        for name in TEMPLATE_FILES:
            digest.update((PROJECT_ROOT / name).read_bytes())
        _TEMPLATE_VERSION["v"] = digest.hexdigest()
    return _TEMPLATE_VERSION["v"]


def cache_key(view: DebriefView) -> str:
    return hashlib.sha256(f"{view.fingerprint_digest()}:{template_version()}".encode()
                          ).hexdigest()


@dataclass(frozen=True)
class Step:
    name: str
    weight: Fraction
    mean: Fraction
    product: Fraction  # weight x mean
    shown_product: Fraction  # as shown: the column adds up to the shown total (apportion)


@dataclass(frozen=True)
class Arithmetic:
    """How the weighted score was computed, one line per scored criterion, all exact."""

    steps: tuple[Step, ...]
    total: Fraction
    scored_weight: Fraction
    weighted: Fraction
    bar: Fraction

    @property
    def meets(self) -> bool:
        return self.weighted >= self.bar


def arithmetic(view: DebriefView) -> Arithmetic | None:
    weighted = view.weighted_score
    if weighted is None:
        return None
    scored = [(row.name, row.weight, row.mean) for row in view.criteria if row.mean is not None]
    products = [weight * mean for _, weight, mean in scored]
    total = sum(products, Fraction(0))
    if total / view.scored_weight != weighted:  # the engine's number, recomputed
        raise ValueError("the packet's arithmetic does not match the engine's weighted score")
    steps = tuple(Step(name, weight, mean, product, shown) for (name, weight, mean), product, shown
                  in zip(scored, products, apportion(products), strict=True))
    return Arithmetic(steps, total, view.scored_weight, weighted, view.bar)


def packet_html(view: DebriefView) -> str:
    return render_template("pdf/packet.html", view=view, chart=criteria_chart(view),
                           arithmetic=arithmetic(view), generated_at=utcnow())


def limits() -> Limits:
    config = current_app.config
    return Limits(timeout_seconds=float(config["PDF_TIMEOUT_SECONDS"]),
                  max_pages=int(config["PDF_MAX_PAGES"]), max_bytes=int(config["PDF_MAX_BYTES"]),
                  max_html_bytes=int(config["PDF_MAX_HTML_BYTES"]))


def static_dir() -> Path:
    return Path(current_app.static_folder or PROJECT_ROOT / "hiring" / "static")


def cached_packet(key: str) -> Packet | None:
    return db.session.scalar(select(Packet).where(Packet.cache_key == key))


def render(view: DebriefView) -> RenderedPDF:
    """Render without touching the database (PacketError on a limit or a failure)."""
    return render_pdf(packet_html(view), static_dir(), limits())


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


@dataclass(frozen=True)
class PacketResult:
    candidate_id: int
    candidate_name: str
    pdf: bytes
    pages: int
    from_cache: bool
    key: str


def record_access(candidate_id: int, packet: Packet, *, cached: bool, key: str,
                  via: str, actor: User | None = None) -> None:
    """Candidate data left the app: every packet handed out is on the audit trail, with the
    person it was made for (the web's user; ``hiring packet --as`` on the command line)."""
    audit.record("packet.downloaded", object_type="candidate", object_id=candidate_id,
                 after={"pages": packet.pages, "cached": cached, "key": key[:16], "via": via},
                 actor=actor)


def packet_for(candidate: Candidate, *, before_write: Callable[[], None] | None = None,
               via: str = "web", actor: User | None = None) -> PacketResult:
    """The candidate's packet, from the cache when its inputs have not changed.

    ``before_write`` is called after rendering and before anything is written (the web view
    passes ``begin_writes`` so that SQLite takes its write lock only then).
    """
    view = build_debrief(candidate)
    key = cache_key(view)
    hit = cached_packet(key)
    rendered = None if hit is not None else render(view)
    if before_write is not None:
        before_write()
    if rendered is not None:
        hit = store(view.candidate_id, key, rendered)
    assert hit is not None
    record_access(view.candidate_id, hit, cached=rendered is None, key=key, via=via,
                  actor=actor)
    return PacketResult(view.candidate_id, view.candidate_name, hit.pdf, hit.pages,
                        rendered is None, key)

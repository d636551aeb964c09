"""What the packet says: its HTML, rendered from the debrief view, and the arithmetic it shows.

``template_version`` names everything besides the data that shapes a packet (the packet
templates, its stylesheet, WeasyPrint's version), so that a change to any of them makes
every cached packet stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fractions import Fraction
from importlib.metadata import version

from flask import render_template

from hiring.charts import criteria_chart
from hiring.database import utcnow
from hiring.domain.scoring import apportion
from hiring.queries.debrief_view import DebriefView
from hiring.rubric_files import PROJECT_ROOT

TEMPLATE_FILES = ("templates/pdf/packet.html", "templates/pdf/_packet.html",
                  "templates/pdf/_documents.html", "hiring/static/css/packet.css")
_TEMPLATE_VERSION: dict[str, str] = {}


def template_version() -> str:
    """Hash of everything that shapes a packet besides its data (computed once per process).

    WeasyPrint's version comes from the installed package's metadata: importing WeasyPrint
    here would cost the web process a second and tens of MiB it never needs.
    """
    if "v" not in _TEMPLATE_VERSION:
        digest = hashlib.sha256(f"weasyprint {version('weasyprint')}".encode())
        for name in TEMPLATE_FILES:
            digest.update((PROJECT_ROOT / name).read_bytes())
        _TEMPLATE_VERSION["v"] = digest.hexdigest()
    return _TEMPLATE_VERSION["v"]


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
    """The packet's HTML (in an app context: it renders the Jinja templates)."""
    return render_template("pdf/packet.html", view=view, chart=criteria_chart(view),
                           arithmetic=arithmetic(view), generated_at=utcnow())

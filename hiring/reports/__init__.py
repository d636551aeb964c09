"""The Reports area: views over ``hiring.domain.analytics``, fed by ``hiring.queries.reports``.

Each report is a list of tables (shown on the page and downloadable as CSV, cell for cell)
with small server-side SVG charts. The maths is the domain's; this package only shapes it.
"""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from hiring.reports import views  # noqa: E402, F401

"""CSV downloads of the recruiter's lists and of a requisition's scorecards."""

from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response

from hiring.database import utcnow
from hiring.exports import csv_download
from hiring.exports.tables import candidate_rows, overdue_rows, scorecard_rows
from hiring.extensions import db
from hiring.models import Requisition
from hiring.permissions import authenticated, can_view_requisition, require, role_required
from hiring.queries.candidates import candidate_query, recruiter_requisitions
from hiring.queries.overdue import OVERDUE_SORTS, overdue_cutoff
from hiring.queries.overdue import overdue_rows as overdue_query
from hiring.recruiter import bp
from hiring.recruiter.common import me
from hiring.recruiter.views_list import list_filters, list_sort


@bp.route("/candidates.csv")
@role_required("recruiter")
def candidates_csv() -> Response:
    """The candidate list as shown, with its filters, every page at once."""
    requisitions, _, filters = list_filters()
    titles = {r.id: r.title for r in requisitions}
    return csv_download("candidates.csv", *candidate_rows(
        candidate_query(list(titles), filters, list_sort()), titles))


@bp.route("/overdue.csv")
@role_required("recruiter")
def overdue_csv() -> Response:
    now = utcnow()
    cutoff = overdue_cutoff(now, current_app.config["OVERDUE_HOURS"])
    ids = [r.id for r in recruiter_requisitions(me())]
    return csv_download("overdue-scorecards.csv",
                        *overdue_rows(overdue_query(
                            ids, cutoff, OVERDUE_SORTS.parse(request.args.get("sort"))), now))


@bp.route("/requisitions/<int:requisition_id>/scorecards.csv")
@authenticated
def scorecards_csv(requisition_id: int) -> Response:
    """The requisition's scorecards that the viewer may read (independence as on the pages):
    its recruiters and committee members."""
    requisition = db.get_or_404(Requisition, requisition_id)
    require(can_view_requisition(me(), requisition))
    return csv_download(f"requisition-{requisition.id}-scorecards.csv",
                        *scorecard_rows(me(), requisition))

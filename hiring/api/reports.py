"""Calibration and agreement reports as JSON: the same report builders, scope and gate as the
Reports pages (hiring.reports), their tables cell for cell."""

from __future__ import annotations

from typing import Any

from hiring.api.common import Problem, blueprint, me
from hiring.api.schemas import ReportArgs, ReportSchema
from hiring.database import utcnow
from hiring.permissions import REPORT_ROLES, token_required
from hiring.queries.reports import BadFilter, build_scope
from hiring.reports.agreement import agreement_report
from hiring.reports.calibration import calibration_report
from hiring.reports.report import Report
from hiring.security import no_store

bp = blueprint("reports", "/reports", "Calibration and agreement, as on the Reports pages.")


def _report(build: Any, args: dict[str, str]) -> dict[str, Any]:
    no_store()
    try:
        scope = build_scope(me(), args, utcnow())
    except BadFilter as error:
        raise Problem(422, "Unprocessable Content", str(error)) from None
    if scope is None:
        raise Problem(404, "Not Found", "You have no requisition to report on.")
    report: Report = build(me(), scope)
    return {"key": report.key, "title": report.title, "intro": report.intro,
            "notes": list(report.notes),
            "tables": [{"id": t.id, "title": t.title, "caption": t.caption,
                        "headers": list(t.headers), "rows": [list(r) for r in t.rows]}
                       for t in report.tables]}


@bp.route("/calibration")
@bp.arguments(ReportArgs, location="query")
@bp.response(200, ReportSchema)
@token_required(*REPORT_ROLES)
def calibration(args: dict[str, str]) -> Any:
    return _report(calibration_report, args)


@bp.route("/agreement")
@bp.arguments(ReportArgs, location="query")
@bp.response(200, ReportSchema)
@token_required(*REPORT_ROLES)
def agreement(args: dict[str, str]) -> Any:
    return _report(agreement_report, args)

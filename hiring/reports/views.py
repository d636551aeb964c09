"""The report pages and their CSV downloads: load the scope, build the report, render.

Every page takes the same filter in its URL (``rubric``, ``requisition``, ``period``), so a
link or a download reproduces exactly what was on the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.database import utcnow
from hiring.models import User
from hiring.permissions import IMPACT_ROLES, REPORT_ROLES, can_view_impact, role_required
from hiring.queries.reports import PERIODS, BadFilter, ReportScope, build_scope
from hiring.reports import bp
from hiring.reports.agreement import agreement_report
from hiring.reports.calibration import calibration_report
from hiring.reports.impact import impact_report
from hiring.reports.report import Report
from hiring.reports.tables import badge_class, find, to_csv
from hiring.reports.timing import turnaround_report

Builder = Callable[[User, ReportScope], Report]


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def _scope() -> ReportScope | None:
    return build_scope(_me(), request.args, utcnow())


def _bad_filter(error: BadFilter) -> tuple[str, int]:
    return render_template("errors/error.html", code=400, title="This filter names nothing",
                           message=str(error), nav_count=None), 400


def _page(build: Builder) -> str | tuple[str, int]:
    try:
        scope = _scope()
    except BadFilter as error:
        return _bad_filter(error)
    report = build(_me(), scope) if scope is not None else None
    return render_template("reports/report.html", report=report, scope=scope,
                           periods=PERIODS, badge_class=badge_class,
                           may_see_impact=can_view_impact(_me()))


def _download(build: Builder, table_id: str) -> Response | tuple[str, int]:
    try:
        scope = _scope()
    except BadFilter as error:
        return _bad_filter(error)
    if scope is None:
        abort(404)
    report = build(_me(), scope)
    table = find(report.tables, table_id)
    if table is None:
        abort(404)
    name = f"{report.key}-{table.id}-{scope.rubric_key}-{scope.period}.csv"
    return Response(to_csv(table), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})


@bp.route("")
@role_required(*REPORT_ROLES)
def index() -> str:
    return render_template("reports/index.html", may_see_impact=can_view_impact(_me()))


@bp.route("/calibration")
@role_required(*REPORT_ROLES)
def calibration() -> str | tuple[str, int]:
    return _page(calibration_report)


@bp.route("/calibration/<table_id>.csv")
@role_required(*REPORT_ROLES)
def calibration_csv(table_id: str) -> Response | tuple[str, int]:
    return _download(calibration_report, table_id)


@bp.route("/agreement")
@role_required(*REPORT_ROLES)
def agreement() -> str | tuple[str, int]:
    return _page(agreement_report)


@bp.route("/agreement/<table_id>.csv")
@role_required(*REPORT_ROLES)
def agreement_csv(table_id: str) -> Response | tuple[str, int]:
    return _download(agreement_report, table_id)


@bp.route("/turnaround")
@role_required(*REPORT_ROLES)
def turnaround() -> str | tuple[str, int]:
    return _page(turnaround_report)


@bp.route("/turnaround/<table_id>.csv")
@role_required(*REPORT_ROLES)
def turnaround_csv(table_id: str) -> Response | tuple[str, int]:
    return _download(turnaround_report, table_id)


@bp.route("/impact")
@role_required(*IMPACT_ROLES)
def impact() -> str | tuple[str, int]:
    return _page(impact_report)


@bp.route("/impact/<table_id>.csv")
@role_required(*IMPACT_ROLES)
def impact_csv(table_id: str) -> Response | tuple[str, int]:
    return _download(impact_report, table_id)

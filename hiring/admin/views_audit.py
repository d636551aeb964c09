"""The audit trail browser: read-only, each event a sentence, filtered, sorted and paged."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.admin import bp
from hiring.admin.forms import AuditFilterForm, choices
from hiring.exports import csv_download
from hiring.exports.tables import audit_rows as audit_table
from hiring.forms_util import valid_filters
from hiring.permissions import role_required
from hiring.queries.audit import (
    AUDIT_SORTS,
    AuditFilter,
    audit_events,
    audit_rows,
    changes_of,
    distinct_actions,
    distinct_object_types,
)
from hiring.queries.audit_lines import audit_lines
from hiring.queries.paging import counted_page, page_number
from hiring.queries.sorting import Sort

# The page a ref links to (``audit_lines`` says whether this viewer may open it).
LINKS = {"user": ("admin.user_edit", "user_id"),
         "candidate": ("recruiter.candidate", "candidate_id"),
         "requisition": ("recruiter.requisition", "requisition_id"),
         "interview": ("interviewer.interview", "interview_id"),
         "decision": ("admin.decision", "decision_id")}


def _filters() -> tuple[AuditFilterForm, dict[str, Any], AuditFilter, Sort]:
    form = AuditFilterForm(request.args)
    form.action.choices = choices("Any action", distinct_actions())
    form.object_type.choices = choices("Any type", distinct_object_types())
    form.validate()  # a field with an error is shown with its message and not applied
    # Only valid filters are applied and carried by the paging links: other query keys
    # never reach url_for().
    args = valid_filters(form)
    filters = AuditFilter(
        action=args.get("action", ""), actor=args.get("actor", ""),
        object_type=args.get("object_type", ""), object_id=args.get("object_id", ""),
        date_from=args.get("date_from"), date_to=args.get("date_to"))
    return form, args, filters, AUDIT_SORTS.parse(request.args.get("sort"))


@bp.route("/admin/audit.csv")
@role_required("admin")
def audit_csv() -> Response:
    """The trail with the page's filters and order, every page at once (rows hold no
    personal data of candidates: see hiring.services.audit)."""
    _, _, filters, sort = _filters()
    return csv_download("audit-trail.csv", *audit_table(audit_events(filters, sort)))


@bp.route("/admin/audit")
@role_required("admin")
def audit() -> str:
    form, args, filters, sort = _filters()
    page = counted_page(audit_rows(filters, sort), page_number(),
                        current_app.config["PAGE_SIZE"])
    lines = audit_lines(page.items, current_user._get_current_object())  # type: ignore[attr-defined]
    return render_template("admin/audit.html", form=form, page=page, lines=lines,
                           filter_args=args, args={**args, **AUDIT_SORTS.args(sort)},
                           sort=sort, sorts=AUDIT_SORTS, filtered=bool(args),
                           changes_of=changes_of, links=LINKS)

"""The audit trail browser: read-only, newest first, filtered and paged."""

from __future__ import annotations

from flask import current_app, render_template, request

from hiring.admin import bp
from hiring.admin.forms import AuditFilterForm, choices
from hiring.forms_util import valid_filters
from hiring.permissions import role_required
from hiring.queries.audit import (
    AuditFilter,
    audit_rows,
    changes_of,
    distinct_actions,
    distinct_object_types,
)
from hiring.queries.paging import counted_page, page_number


@bp.route("/admin/audit")
@role_required("admin")
def audit() -> str:
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
    page = counted_page(audit_rows(filters), page_number(), current_app.config["PAGE_SIZE"])
    return render_template("admin/audit.html", form=form, page=page, args=args,
                           filtered=bool(args), changes_of=changes_of)

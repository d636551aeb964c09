"""The audit trail browser: read-only, newest first, filtered and paged."""

from __future__ import annotations

from flask import current_app, render_template, request

from hiring.admin import bp
from hiring.admin.forms import AuditFilterForm, choices
from hiring.extensions import db
from hiring.permissions import role_required
from hiring.queries.audit import (
    AuditFilter,
    audit_events,
    changes_of,
    distinct_actions,
    distinct_object_types,
)


@bp.route("/admin/audit")
@role_required("admin")
def audit() -> str:
    form = AuditFilterForm(request.args)
    form.action.choices = choices("Any action", distinct_actions())
    form.object_type.choices = choices("Any type", distinct_object_types())
    form.validate()  # a field with an error is shown with its message and not applied

    def value(name: str) -> str:
        field = form[name]
        return "" if field.errors else (field.data or "").strip()

    filters = AuditFilter(
        action=value("action"), actor=value("actor"), object_type=value("object_type"),
        object_id=value("object_id"),
        date_from=None if form.date_from.errors else form.date_from.data,
        date_to=None if form.date_to.errors else form.date_to.data)
    page = db.paginate(audit_events(filters), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    # Only the filters go into the paging links: other query keys never reach url_for().
    args = {name: request.args[name] for name in form._fields if request.args.get(name)}
    return render_template("admin/audit.html", form=form, page=page, args=args,
                           filtered=bool(args), changes_of=changes_of)

"""The admin's decisions page: standing committee decisions, and reopening one with a reason."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import Length

from hiring.admin import bp
from hiring.domain.pipeline import stage_label
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import CommitteeDecision
from hiring.permissions import role_required
from hiring.queries.committee import recently_reopened, standing_decisions_query
from hiring.services import decisions as decision_service
from hiring.services.errors import ServiceError, ValidationFailed


class ReopenForm(FlaskForm):
    reason = TextAreaField("Reason for reopening",
                           validators=[Length(max=decision_service.MAX_TEXT)],
                           description="Required. Goes on record in the decision's history "
                                       "and the audit trail.")


def _page(failed: CommitteeDecision | None = None, form: ReopenForm | None = None) -> str:
    page = db.paginate(standing_decisions_query(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("admin/decisions.html", page=page, reopened=recently_reopened(),
                           failed_id=failed.id if failed else None,
                           failed_form=form, ReopenForm=ReopenForm)


@bp.route("/admin/decisions")
@role_required("admin")
def decisions() -> str:
    return _page()


@bp.route("/admin/decisions/<int:decision_id>/reopen", methods=["POST"])
@role_required("admin")
def reopen_decision(decision_id: int) -> Response | str:
    decision = db.get_or_404(CommitteeDecision, decision_id)
    me = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            decision_service.reopen_decision(decision, form.reason.data or "", actor=me)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
            return redirect(url_for("admin.decisions"))
        else:
            db.session.commit()
            candidate = decision.candidate
            stage = stage_label(candidate.requisition.rubric_version.rubric, candidate.stage)
            flash(f"Reopened the decision on {candidate.name}: the scorecards are unlocked and "
                  f"{candidate.name} is in {stage}.", "success")
            return redirect(url_for("admin.decisions", page=request.args.get("page") or None))
    return _page(decision, form)

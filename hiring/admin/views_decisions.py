"""The admin's decisions pages: the standing committee decisions; one decision, read-only,
with the form that reopens it (the admin sees what they reopen).

The detail page shows the record of the decision (outcome, rationale, override
justification, the engine's recommendation when it was recorded) and the candidate's name,
requisition and stage. Never a scorecard: an admin role opens no interviewer's notes.
"""

from __future__ import annotations

from fractions import Fraction

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import Length

from hiring.admin import bp
from hiring.domain.pipeline import stage_label
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate, CommitteeDecision, Requisition
from hiring.permissions import role_required
from hiring.queries.committee import recently_reopened, standing_decisions_query
from hiring.queries.paging import page_number
from hiring.services import decisions as decision_service
from hiring.services.errors import ServiceError, ValidationFailed


class ReopenForm(FlaskForm):
    reason = TextAreaField("Reason for reopening",
                           validators=[Length(max=decision_service.MAX_TEXT)],
                           description="Required. Goes on record in the decision's history "
                                       "and the audit trail.")


@bp.route("/admin/decisions")
@role_required("admin")
def decisions() -> str:
    page = db.paginate(standing_decisions_query(), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/decisions.html", page=page, reopened=recently_reopened())


def _load(decision_id: int) -> CommitteeDecision:
    return db.get_or_404(CommitteeDecision, decision_id, options=[
        joinedload(CommitteeDecision.candidate).joinedload(Candidate.requisition)
        .joinedload(Requisition.rubric_version)])


def _detail(decision: CommitteeDecision, form: ReopenForm) -> str:
    candidate = decision.candidate
    rubric = candidate.requisition.rubric_version.rubric
    return render_template(
        "admin/decision.html", d=decision, candidate=candidate, form=form,
        stage=stage_label(rubric, candidate.stage),
        engine_score=Fraction(decision.engine_score) if decision.engine_score else None)


@bp.route("/admin/decisions/<int:decision_id>")
@role_required("admin")
def decision(decision_id: int) -> str:
    return _detail(_load(decision_id), ReopenForm(formdata=None))


@bp.route("/admin/decisions/<int:decision_id>/reopen", methods=["POST"])
@role_required("admin")
def reopen_decision(decision_id: int) -> Response | str:
    decision = _load(decision_id)
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
            return redirect(url_for("admin.decision", decision_id=decision.id))
        else:
            db.session.commit()
            candidate = decision.candidate
            stage = stage_label(candidate.requisition.rubric_version.rubric, candidate.stage)
            flash(f"Reopened the decision on {candidate.name}: the scorecards are unlocked and "
                  f"{candidate.name} is in {stage}.", "success")
            return redirect(url_for("admin.decisions"))
    return _detail(decision, form)

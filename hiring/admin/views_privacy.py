"""The admin's privacy pages: erase a candidate's personal data on request (a confirmation
form, then a POST), the retention setting, and the access log of who read candidate data.

The confirmation page shows the candidate's name and requisition so that the admin erases
the person they mean; nothing else of the record (an admin opens no scorecard).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, Form, IntegerField, SearchField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from hiring.admin import bp
from hiring.bad_input import MAX_ID
from hiring.domain.pipeline import stage_label
from hiring.extensions import db
from hiring.forms_util import apply_errors, valid_filters
from hiring.models import Candidate
from hiring.permissions import role_required
from hiring.queries.access_log import AccessFilter, access_query, labels
from hiring.queries.paging import page_number, page_size, window
from hiring.queries.pipeline import with_rubric
from hiring.services import privacy
from hiring.services.errors import ServiceError, ValidationFailed


class EraseForm(FlaskForm):
    reason = TextAreaField(
        "Reason", validators=[Length(max=privacy.MAX_REASON)],
        description="Required. Kept on the audit trail for good: give the request's reference, "
                    "never the candidate's name or email.")
    confirm = BooleanField("I understand that this cannot be undone",
                           validators=[DataRequired("Tick the box to confirm the erasure.")])


class FindCandidateForm(Form):
    candidate_id = IntegerField("Candidate id", validators=[
        DataRequired("Enter the candidate's number."),
        NumberRange(min=1, max=MAX_ID, message="Enter a candidate's number.")])


class AccessFilterForm(Form):
    candidate = IntegerField("Candidate id", validators=[
        Optional(), NumberRange(min=1, max=MAX_ID, message="Enter a candidate's number.")])
    user = SearchField("Reader's email", validators=[Optional(), Length(max=254)])


@bp.route("/admin/privacy")
@role_required("admin")
def privacy_home() -> str | Response:
    form = FindCandidateForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("admin.erase_candidate", candidate_id=form.candidate_id.data))
    days = current_app.config["RETENTION_DAYS"]
    return render_template("admin/privacy.html", form=form, days=days,
                           due=privacy.due_count(days),
                           erased=privacy.erased_count())


def _erase_page(candidate: Candidate, form: EraseForm) -> str:
    stage = stage_label(candidate.requisition.rubric_version.rubric, candidate.stage)
    return render_template("admin/erase.html", candidate=candidate, form=form, stage=stage)


@bp.route("/admin/candidates/<int:candidate_id>/erase")
@role_required("admin")
def erase_candidate(candidate_id: int) -> str:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    return _erase_page(candidate, EraseForm(formdata=None))


@bp.route("/admin/candidates/<int:candidate_id>/erase", methods=["POST"])
@role_required("admin")
def erase_candidate_post(candidate_id: int) -> Response | str:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    form = EraseForm()
    if form.validate_on_submit():
        me = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            erasure = privacy.erase_candidate(candidate, form.reason.data or "", actor=me)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
            return redirect(url_for("admin.privacy_home"))
        else:
            db.session.commit()
            flash(f"Erased the personal data of candidate #{erasure.candidate_id}: "
                  f"{erasure.scorecards} scorecard(s) and {erasure.decisions} decision(s) "
                  f"blanked, {erasure.packets} packet(s) and {erasure.documents} document(s) "
                  "deleted.", "success")
            return redirect(url_for("admin.privacy_home"))
    return _erase_page(candidate, form)


@bp.route("/admin/access-log")
@role_required("admin")
def access_log() -> str:
    form = AccessFilterForm(request.args)
    form.validate()  # a field with an error is shown with its message and not applied
    args = valid_filters(form)
    filters = AccessFilter(candidate_id=args.get("candidate"), user_email=args.get("user", ""))
    page = window(access_query(filters), page_number(), page_size())
    users, names = labels(page.items)
    return render_template("admin/access_log.html", form=form, page=page, args=args,
                           users=users, names=names, filtered=bool(args))

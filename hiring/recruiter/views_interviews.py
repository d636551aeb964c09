"""Assigning, reassigning and cancelling interviews; the overdue scorecards page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hiring.database import utcnow
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Interview
from hiring.permissions import can_manage_interview, require, role_required
from hiring.queries.candidates import recruiter_requisitions
from hiring.queries.overdue import overdue_cutoff, overdue_on_requisitions
from hiring.queries.paging import window
from hiring.recruiter import bp
from hiring.recruiter.common import (
    local_to_utc,
    me,
    people_choices,
    timezone,
    utc_to_local,
)
from hiring.recruiter.forms import CancelForm, ReassignForm
from hiring.recruiter.views_candidates import assign_form, load_candidate
from hiring.security import no_store
from hiring.services.errors import ServiceError
from hiring.services.interviews import (
    assign_interview,
    cancel_interview,
    has_submitted_scorecard,
    interviewers,
    reassign_interview,
)


def _load(interview_id: int) -> Interview:
    interview = db.get_or_404(Interview, interview_id)
    require(can_manage_interview(me(), interview))
    return interview


def _back(interview: Interview) -> Response:
    return redirect(url_for("recruiter.candidate", candidate_id=interview.candidate_id))


def _refuse_if_final(interview: Interview) -> Response | None:
    """Send the user back with the reason when the interview can no longer change."""
    if interview.cancelled:
        flash("This interview was cancelled; it can no longer change.", "error")
        return _back(interview)
    if has_submitted_scorecard(interview):
        flash("The scorecard of this interview has been submitted; it can no longer be "
              "reassigned or cancelled.", "error")
        return _back(interview)
    return None


@bp.route("/candidates/<int:candidate_id>/interviews/new", methods=["GET", "POST"])
@role_required("recruiter")
def interview_new(candidate_id: int) -> Response | str:
    candidate = load_candidate(candidate_id)
    no_store()
    form = assign_form(candidate, formdata=request.method == "POST")
    if form.validate_on_submit():
        try:
            interview = assign_interview(
                candidate, stage=form.stage.data or "", interviewer_id=form.interviewer.data,
                scheduled_at=local_to_utc(form.scheduled_at.data),
                duration_minutes=form.duration.data, actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash(f"{interview.interviewer.name} interviews {candidate.name} on "
                  f"{interview.scheduled_at.astimezone(timezone()):%d %b %Y at %H:%M}.",
                  "success")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template("recruiter/interview_form.html", form=form, candidate=candidate,
                           interview=None, timezone=timezone())


@bp.route("/interviews/<int:interview_id>/reassign", methods=["GET", "POST"])
@role_required("recruiter")
def interview_reassign(interview_id: int) -> Response | str:
    interview = _load(interview_id)
    no_store()
    if refused := _refuse_if_final(interview):
        return refused
    form = ReassignForm() if request.method == "POST" else ReassignForm(formdata=None)
    form.interviewer.choices = people_choices([*interviewers(), interview.interviewer])
    if request.method == "GET":
        form.interviewer.data = interview.interviewer_id
        form.scheduled_at.data = utc_to_local(interview.scheduled_at)
        form.duration.data = interview.duration_minutes
    if form.validate_on_submit():
        try:
            changed = reassign_interview(
                interview, interviewer_id=form.interviewer.data,
                scheduled_at=local_to_utc(form.scheduled_at.data),
                duration_minutes=form.duration.data, actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Interview updated." if changed else "Nothing changed.", "success")
            return _back(interview)
    return render_template("recruiter/interview_form.html", form=form,
                           candidate=interview.candidate, interview=interview,
                           timezone=timezone())


@bp.route("/interviews/<int:interview_id>/cancel", methods=["GET", "POST"])
@role_required("recruiter")
def interview_cancel(interview_id: int) -> Response | str:
    interview = _load(interview_id)
    no_store()
    if refused := _refuse_if_final(interview):
        return refused
    form = CancelForm()
    if form.validate_on_submit():
        try:
            cancel_interview(interview, form.reason.data or "", actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Interview cancelled.", "success")
            return _back(interview)
    return render_template("recruiter/interview_cancel.html", form=form, interview=interview,
                           candidate=interview.candidate)


@bp.route("/overdue")
@role_required("recruiter")
def overdue() -> str:
    no_store()
    now = utcnow()
    hours = current_app.config["OVERDUE_HOURS"]
    cutoff = overdue_cutoff(now, hours)
    ids = [r.id for r in recruiter_requisitions(me())]
    page = window(overdue_on_requisitions(ids, cutoff), request.args.get("page", 1, type=int),
                  current_app.config["PAGE_SIZE"])
    return render_template("recruiter/overdue.html", page=page, rows=page.items, hours=hours,
                           cutoff=cutoff)

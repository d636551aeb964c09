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
from hiring.queries.overdue import OVERDUE_SORTS, overdue_cutoff, overdue_rows
from hiring.queries.paging import page_number, page_size, window
from hiring.recruiter import bp
from hiring.recruiter.calibration_warnings import warn_uncalibrated
from hiring.recruiter.common import (
    local_to_utc,
    me,
    people_choices,
    timezone,
    utc_to_local,
)
from hiring.recruiter.forms import CancelForm, ReassignForm
from hiring.recruiter.views_candidates import assign_form, load_candidate
from hiring.services.errors import ServiceError
from hiring.services.interviews import (
    InterviewFinal,
    assign_interview,
    cancel_interview,
    ensure_changeable,
    interviewers,
    reassign_interview,
)


def _load(interview_id: int) -> Interview:
    interview = db.get_or_404(Interview, interview_id)
    require(can_manage_interview(me(), interview))
    return interview


def _back(interview: Interview) -> Response:
    return redirect(url_for("recruiter.candidate", candidate_id=interview.candidate_id))


def _refused(interview: Interview, exc: InterviewFinal) -> Response:
    """Back to the candidate with the reason the interview can no longer change."""
    flash(str(exc), "error")
    return _back(interview)


@bp.route("/candidates/<int:candidate_id>/interviews/new", methods=["GET", "POST"])
@role_required("recruiter")
def interview_new(candidate_id: int) -> Response | str:
    candidate = load_candidate(candidate_id)
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
            warn_uncalibrated(candidate.requisition, [interview])
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template("recruiter/interview_form.html", form=form, candidate=candidate,
                           interview=None, timezone=timezone())


@bp.route("/interviews/<int:interview_id>/reassign", methods=["GET", "POST"])
@role_required("recruiter")
def interview_reassign(interview_id: int) -> Response | str:
    interview = _load(interview_id)
    form = ReassignForm() if request.method == "POST" else ReassignForm(formdata=None)
    form.unchanged = interview.scheduled_at
    # A valid POST goes to the service, which checks that the interview may still change;
    # anything else is checked here, so each request asks about the scorecard once.
    if form.validate_on_submit():
        try:
            changed = reassign_interview(
                interview, interviewer_id=form.interviewer.data,
                scheduled_at=local_to_utc(form.scheduled_at.data),
                duration_minutes=form.duration.data, actor=me())
        except InterviewFinal as exc:
            return _refused(interview, exc)
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Interview updated." if changed else "Nothing changed.", "success")
            warn_uncalibrated(interview.candidate.requisition, [interview])
            return _back(interview)
    else:
        try:
            ensure_changeable(interview, "reassigned")
        except InterviewFinal as exc:
            return _refused(interview, exc)
        if request.method == "GET":
            form.interviewer.data = interview.interviewer_id
            form.scheduled_at.data = utc_to_local(interview.scheduled_at)
            form.duration.data = interview.duration_minutes
    form.interviewer.choices = people_choices([*interviewers(), interview.interviewer])
    return render_template("recruiter/interview_form.html", form=form,
                           candidate=interview.candidate, interview=interview,
                           timezone=timezone())


@bp.route("/interviews/<int:interview_id>/cancel", methods=["GET", "POST"])
@role_required("recruiter")
def interview_cancel(interview_id: int) -> Response | str:
    interview = _load(interview_id)
    form = CancelForm()
    if form.validate_on_submit():  # the service checks that the interview may still change
        try:
            cancel_interview(interview, form.reason.data or "", actor=me())
        except InterviewFinal as exc:
            return _refused(interview, exc)
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Interview cancelled.", "success")
            return _back(interview)
    else:
        try:
            ensure_changeable(interview, "cancelled")
        except InterviewFinal as exc:
            return _refused(interview, exc)
    return render_template("recruiter/interview_cancel.html", form=form, interview=interview,
                           candidate=interview.candidate)


@bp.route("/overdue")
@role_required("recruiter")
def overdue() -> str:
    now = utcnow()
    hours = current_app.config["OVERDUE_HOURS"]
    cutoff = overdue_cutoff(now, hours)
    requisitions = {r.id: r for r in recruiter_requisitions(me())}
    sort = OVERDUE_SORTS.parse(request.args.get("sort"))
    page = window(overdue_rows(requisitions, cutoff, sort), page_number(), page_size(),
                  rows=True)
    return render_template("recruiter/overdue.html", page=page, hours=hours, cutoff=cutoff,
                           sort=sort, sorts=OVERDUE_SORTS, args=OVERDUE_SORTS.args(sort),
                           rubrics={i: r.rubric_version.rubric for i, r in requisitions.items()})

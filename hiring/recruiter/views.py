"""The recruiter's requisition pages: list, open, view (with the funnel), edit, close."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from hiring.domain.pipeline import funnel, summarise
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Requisition, User
from hiring.models.requisition import VISIBILITY_LABELS
from hiring.permissions import (
    can_create_requisition,
    can_manage_requisition,
    can_view_requisition,
    require,
    role_required,
)
from hiring.queries.candidates import CandidateFilters, candidate_page, recruiter_requisitions
from hiring.queries.paging import page_number, page_size
from hiring.queries.pipeline import reached_counts, stage_counts
from hiring.recruiter import bp
from hiring.recruiter.common import interview_stage_choices, me, people_choices
from hiring.recruiter.forms import (
    NO_ONE,
    RequisitionCreateForm,
    RequisitionEditForm,
    RubricVersionForm,
    StatusForm,
)
from hiring.services.calibration import set_calibrated_stages
from hiring.services.errors import ServiceError
from hiring.services.requisitions import (
    RequisitionData,
    change_rubric_version,
    create_requisition,
    newer_rubric_version,
    set_status,
    submitted_scorecard_count,
    update_requisition,
)
from hiring.services.rubrics import latest_versions
from hiring.services.users import search_users, users_with_role

LIST_STATUSES = ("open", "closed", "all")


def _load(requisition_id: int) -> Requisition:
    requisition = db.get_or_404(Requisition, requisition_id)
    require(can_manage_requisition(me(), requisition))
    return requisition


def _people(form: RequisitionCreateForm | RequisitionEditForm,
            requisition: Requisition | None) -> None:
    """Fill the people choices; current members stay listed even if they changed since."""
    keep_recruiters = requisition.recruiters if requisition else []
    keep_committee = requisition.committee if requisition else []
    manager: list[User] = [requisition.hiring_manager] if requisition and \
        requisition.hiring_manager else []
    form.recruiters.choices = people_choices([*users_with_role("recruiter"), *keep_recruiters])
    form.committee.choices = people_choices([*users_with_role("committee"), *keep_committee])
    form.hiring_manager.choices = [SelectChoice(NO_ONE, "— none —"),  # type: ignore[arg-type]
                                   *people_choices([*search_users(active=True), *manager])]


def _data(form: RequisitionCreateForm | RequisitionEditForm) -> RequisitionData:
    return RequisitionData(
        title=form.title.data or "", team=form.team.data or "",
        description=form.description.data or "", recruiter_ids=form.recruiters.data or [],
        hiring_manager_id=form.hiring_manager.data or None,
        committee_ids=form.committee.data or [], visibility=form.visibility.data or "")


@bp.route("/requisitions")
@role_required("recruiter")
def requisitions() -> str:
    status = request.args.get("status", "open")
    status = status if status in LIST_STATUSES else "open"
    shown = recruiter_requisitions(me(), None if status == "all" else status)
    counts = stage_counts(r.id for r in shown)
    rows = [(r, summarise(r.rubric_version.rubric, counts[r.id])) for r in shown]
    return render_template("recruiter/requisitions.html", rows=rows, status=status)


@bp.route("/requisitions/new", methods=["GET", "POST"])
@role_required("recruiter")
def requisition_new() -> Response | str:
    require(can_create_requisition(me()))
    form = RequisitionCreateForm()
    _people(form, None)
    form.rubric.choices = [SelectChoice(0, "Choose a rubric…"), *(  # type: ignore[arg-type]
        SelectChoice(v.id, f"{v.title} · version {v.short_version}")  # type: ignore[arg-type]
        for v in latest_versions())]
    if request.method == "GET":
        form.recruiters.data = [me().id]
    if form.validate_on_submit():
        try:
            requisition = create_requisition(me(), form.rubric.data, _data(form))
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash(f"Requisition “{requisition.title}” is open.", "success")
            return redirect(url_for("recruiter.requisition", requisition_id=requisition.id))
    return render_template("recruiter/requisition_form.html", form=form, requisition=None)


@bp.route("/requisitions/<int:requisition_id>")
@role_required("recruiter", "committee")
def requisition(requisition_id: int) -> str:
    requisition = db.get_or_404(Requisition, requisition_id)
    require(can_view_requisition(me(), requisition))
    rubric = requisition.rubric_version.rubric
    current = stage_counts([requisition.id])[requisition.id]
    rows = funnel(rubric, reached_counts(requisition.id), current)
    page = candidate_page({requisition.id: requisition}, CandidateFilters(), page_number(),
                          page_size())
    manage = can_manage_requisition(me(), requisition)
    newer = newer_rubric_version(requisition) if manage else None
    return render_template(
        "recruiter/requisition.html", requisition=requisition, rubric=rubric,
        summary=summarise(rubric, current), funnel=rows, page=page, manage=manage,
        newer=newer, submitted=submitted_scorecard_count(requisition) if newer else 0,
        top=max([r.reached for r in rows] + [1]),
        visibility_label=VISIBILITY_LABELS[requisition.scorecard_visibility])


@bp.route("/requisitions/<int:requisition_id>/edit", methods=["GET", "POST"])
@role_required("recruiter")
def requisition_edit(requisition_id: int) -> Response | str:
    requisition = _load(requisition_id)
    form = RequisitionEditForm(obj=requisition if request.method == "GET" else None)
    _people(form, requisition)
    form.calibrated_stages.choices = interview_stage_choices(requisition.rubric_version.rubric)
    if request.method == "GET":
        form.recruiters.data = [u.id for u in requisition.recruiters]
        form.committee.data = [u.id for u in requisition.committee]
        form.hiring_manager.data = requisition.hiring_manager_id or NO_ONE
        form.visibility.data = requisition.scorecard_visibility
        form.calibrated_stages.data = list(requisition.calibrated_stages or ())
    if form.validate_on_submit():
        try:
            changed = update_requisition(requisition, _data(form), actor=me())
            changed |= set_calibrated_stages(requisition, form.calibrated_stages.data or [],
                                             actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing changed.", "success")
            if not can_manage_requisition(me(), requisition):
                return redirect(url_for("recruiter.requisitions"))
            return redirect(url_for("recruiter.requisition", requisition_id=requisition.id))
    return render_template("recruiter/requisition_form.html", form=form,
                           requisition=requisition)


@bp.route("/requisitions/<int:requisition_id>/status", methods=["POST"])
@role_required("recruiter")
def requisition_status(requisition_id: int) -> Response:
    requisition = _load(requisition_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            set_status(requisition, form.status.data or "", actor=me())
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash("Requisition closed." if requisition.status == "closed"
                  else "Requisition reopened.", "success")
    else:
        flash("The request was incomplete; nothing changed.", "error")
    return redirect(url_for("recruiter.requisition", requisition_id=requisition.id))


@bp.route("/requisitions/<int:requisition_id>/rubric", methods=["POST"])
@role_required("recruiter")
def requisition_rubric(requisition_id: int) -> Response:
    requisition = _load(requisition_id)
    form = RubricVersionForm()
    if form.validate_on_submit():
        try:
            drafts = change_rubric_version(requisition, form.rubric_version_id.data, actor=me())
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"The requisition now uses rubric version "
                  f"{requisition.rubric_version.short_version}"
                  + (f"; {drafts} draft scorecard(s) follow it." if drafts else "."), "success")
    else:
        flash("Choose a rubric version; nothing changed.", "error")
    return redirect(url_for("recruiter.requisition", requisition_id=requisition.id))

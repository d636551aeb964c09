"""The recruiter's candidate pages: add, view, edit, move (the list: views_list.py)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from hiring.database import begin_writes, utcnow
from hiring.documents.forms import DocumentForm
from hiring.domain.pipeline import stage_label, stage_states
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate, Requisition
from hiring.permissions import (
    can_manage_candidate,
    can_manage_documents,
    can_manage_requisition,
    can_view_candidate,
    pending_interviews,
    require,
    role_required,
)
from hiring.queries.documents import document_rows
from hiring.queries.evaluation import evaluate
from hiring.queries.overdue import STATE_LABELS, interview_rows
from hiring.queries.pipeline import stage_history, with_rubric
from hiring.queries.rounds import round_views
from hiring.recruiter import bp
from hiring.recruiter.common import (
    interview_stage_choices,
    me,
    move_choices,
    people_choices,
    timezone,
)
from hiring.recruiter.forms import AssignForm, CandidateForm, MoveForm
from hiring.services.access_log import record_read
from hiring.services.candidates import (
    CandidateData,
    add_candidate,
    has_standing_offer,
    move_candidate,
    update_candidate,
)
from hiring.services.errors import ServiceError
from hiring.services.interviews import interviewers


def load_candidate(candidate_id: int) -> Candidate:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    require(can_manage_candidate(me(), candidate))
    return candidate


def _data(form: CandidateForm) -> CandidateData:
    return CandidateData(name=form.name.data or "", email=form.email.data or "",
                         source=form.source.data or "", links=form.links.data or "",
                         notes=form.notes.data or "")


def move_form(candidate: Candidate, formdata: bool = False) -> MoveForm:
    form = MoveForm() if formdata else MoveForm(formdata=None)
    form.stage.choices = [SelectChoice("", "Choose a stage…"), *move_choices(
        candidate.requisition.rubric_version.rubric, candidate.stage,
        has_standing_offer(candidate))]
    return form


def assign_form(candidate: Candidate, formdata: bool = False) -> AssignForm:
    form = AssignForm() if formdata else AssignForm(formdata=None)
    form.stage.choices = interview_stage_choices(candidate.requisition.rubric_version.rubric)
    form.interviewer.choices = [SelectChoice(0, "Choose an interviewer…"),  # type: ignore[arg-type]
                                *people_choices(interviewers())]
    current = candidate.requisition.rubric_version.rubric.round_stages(candidate.stage)
    if not formdata and current:
        form.stage.data = current[0].id
    return form


def render_candidate(candidate: Candidate, move: MoveForm | None = None,
                     upload: DocumentForm | None = None) -> str:
    """The candidate page; a rejected move (or upload) re-renders it with what was typed.

    Someone who still owes a scorecard on the candidate (``pending``) sees the interviews'
    states but not the live decision, which is built from the colleagues' scorecards.
    """
    rubric = candidate.requisition.rubric_version.rubric
    history = stage_history(candidate)
    manage = can_manage_candidate(me(), candidate)
    now = utcnow()
    pending = pending_interviews(me(), candidate)
    evaluation = evaluate(candidate)
    interviews = interview_rows(candidate.id, evaluation.scorecards, now,
                                current_app.config["OVERDUE_HOURS"])
    stages = stage_states(rubric, candidate.stage, (s.move.to_stage for s in history))
    return render_template(
        "recruiter/candidate.html", candidate=candidate, rubric=rubric, history=history,
        stages=stages, rounds=round_views(
            rubric, [(s.id, state) for s, state in stages], interviews,
            None if pending else evaluation,  # provisional means come from colleagues' cards
            skipped=(p["round"] for span in history for p in span.move.passed_rounds
                     if p.get("skipped"))),
        interviews=interviews, state_labels=STATE_LABELS, manage=manage, now_utc=now,
        evaluation=evaluation if interviews and not pending else None, pending=pending,
        move_form=(move or move_form(candidate)) if manage else None,
        assign_form=assign_form(candidate) if manage and candidate.status == "active" else None,
        timezone=timezone(), documents=document_rows(candidate.id),
        document_form=(upload or DocumentForm(formdata=None))
        if can_manage_documents(me(), candidate) else None)


@bp.route("/requisitions/<int:requisition_id>/candidates/new", methods=["GET", "POST"])
@role_required("recruiter")
def candidate_new(requisition_id: int) -> Response | str:
    requisition = db.get_or_404(Requisition, requisition_id)
    require(can_manage_requisition(me(), requisition))
    form = CandidateForm()
    if form.validate_on_submit():
        try:
            candidate = add_candidate(requisition, _data(form), actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash(f"{candidate.name} was added to {requisition.title}.", "success")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template("recruiter/candidate_form.html", form=form, candidate=None,
                           requisition=requisition)


@bp.route("/candidates/<int:candidate_id>")
@role_required("recruiter", "committee")
def candidate(candidate_id: int) -> str:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    require(can_view_candidate(me(), candidate))
    page = render_candidate(candidate)
    begin_writes()  # rendered: now one short write for the access log
    record_read("candidate", candidate_id, me())
    db.session.commit()
    return page


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@role_required("recruiter")
def candidate_edit(candidate_id: int) -> Response | str:
    candidate = load_candidate(candidate_id)
    form = CandidateForm(obj=candidate if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            changed = update_candidate(candidate, _data(form), actor=me())
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template("recruiter/candidate_form.html", form=form, candidate=candidate,
                           requisition=candidate.requisition)


@bp.route("/candidates/<int:candidate_id>/move", methods=["POST"])
@role_required("recruiter")
def candidate_move(candidate_id: int) -> Response | str:
    candidate = load_candidate(candidate_id)
    form = move_form(candidate, formdata=True)
    if form.validate_on_submit():
        try:
            move = move_candidate(candidate, form.stage.data or "", form.note.data or "",
                                  actor=me(), confirm_unscored=form.confirm.data)
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            rubric = candidate.requisition.rubric_version.rubric
            flash(f"{candidate.name} moved to {stage_label(rubric, move.to_stage)}.", "success")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_candidate(candidate, move=form)

"""Scheduling a round's loop: one form, an interviewer and a time per interview of the round."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from hiring.domain.rubric import Rubric, Stage
from hiring.extensions import db
from hiring.permissions import role_required
from hiring.recruiter import bp
from hiring.recruiter.calibration_warnings import warn_uncalibrated
from hiring.recruiter.common import local_to_utc, me, people_choices, timezone
from hiring.recruiter.forms import LoopForm
from hiring.recruiter.views_candidates import load_candidate
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.interviews import interviewers
from hiring.services.loops import Slot, loop_round, schedule_round, unscheduled_stages


def loop_form(stages: list[Stage], formdata: bool) -> LoopForm:
    """One slot per unscheduled stage, in the round's order; a POST keeps what was typed."""
    form = LoopForm() if formdata else LoopForm(formdata=None)
    if not formdata:
        for stage in stages:
            form.slots.append_entry({"stage": stage.id})
    people = [SelectChoice(0, "Choose an interviewer…"), *people_choices(interviewers())]
    for entry in form.slots:
        entry.interviewer.choices = people  # type: ignore[attr-defined]
    return form


def _times_convert(form: LoopForm) -> bool:
    """Every typed time has a UTC equivalent; a wall time in year 1 or 9999 may not."""
    fields = [form.start, *(e.form.scheduled_at for e in form.slots)]  # type: ignore[attr-defined]
    ok = True
    for field in fields:
        try:
            local_to_utc(field.data)
        except OverflowError:
            field.errors = [*field.errors, "Choose a real date and time."]
            ok = False
    return ok


def _apply(form: LoopForm, exc: ServiceError) -> None:
    """Service errors keyed ``slots-<i>-<field>`` go next to that field of that slot."""
    if not isinstance(exc, ValidationFailed):
        form.form_errors.append(str(exc))
        return
    for key, messages in exc.errors.items():
        parts = key.split("-")
        field = None
        if parts[0] == "slots" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(form.slots.entries):
                entry = form.slots.entries[index]
                field = entry.form._fields.get(parts[2])  # type: ignore[attr-defined]
                if field is not None and field.name.endswith("-stage"):
                    field = None  # hidden: shown above the form instead
        elif key == "start":
            field = form.start
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


@bp.route("/candidates/<int:candidate_id>/rounds/<round_id>/schedule",
          methods=["GET", "POST"])
@role_required("recruiter")
def round_schedule(candidate_id: int, round_id: str) -> Response | str:
    candidate = load_candidate(candidate_id)
    try:
        found = loop_round(candidate, round_id)
    except ServiceError:
        abort(404)
    back = url_for("recruiter.candidate", candidate_id=candidate.id)
    if candidate.status != "active":
        flash(f"{candidate.name} has left the pipeline ({candidate.status}): move them back "
              "to a round before scheduling interviews.", "error")
        return redirect(back)
    stages = unscheduled_stages(candidate, round_id)
    form = loop_form(stages, formdata=request.method == "POST")
    if request.method == "POST" and form.validate_on_submit() and _times_convert(form):
        slots = [Slot(stage=entry.stage.data or "", interviewer_id=entry.interviewer.data,
                      scheduled_at=local_to_utc(entry.scheduled_at.data),
                      duration_minutes=entry.duration.data)
                 for entry in (e.form for e in form.slots)]  # type: ignore[attr-defined]
        try:
            created = schedule_round(candidate, round_id, local_to_utc(form.start.data), slots,
                                     actor=me())
        except ServiceError as exc:
            _apply(form, exc)
        else:
            db.session.commit()
            flash(f"{found.name}: {len(created)} interview{'s' if len(created) != 1 else ''} "
                  f"scheduled for {candidate.name}.", "success")
            warn_uncalibrated(candidate.requisition, created)
            return redirect(back)
    rubric = candidate.requisition.rubric_version.rubric
    return render_template("recruiter/round_schedule.html", form=form, candidate=candidate,
                           round=found, rubric=rubric, stages=_stages_of(form, rubric),
                           scheduled=len(found.interviews) - len(stages), timezone=timezone())


def _stages_of(form: LoopForm, rubric: Rubric) -> list[Stage | None]:
    """The stage each slot of the form stands for (None for a tampered stage id)."""
    return [rubric.stage(entry.form.stage.data or "")  # type: ignore[attr-defined]
            for entry in form.slots]


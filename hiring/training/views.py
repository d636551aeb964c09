"""Training: the list of exercises, taking one (the scorecard form), and the results."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring import permissions as can
from hiring.domain.calibration_exercise import is_calibrated
from hiring.domain.scoring import show, show_margin
from hiring.extensions import db
from hiring.interviewer.forms import FormState, error_summary, from_request, to_data
from hiring.models import CalibrationAttempt, User
from hiring.permissions import authenticated, require, role_required
from hiring.queries.calibration import attempts_of, records
from hiring.services.calibration import record_attempt
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.scorecard_input import TamperedInput
from hiring.training import bp
from hiring.training.catalogue import catalogue


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def offset_text(attempt: CalibrationAttempt) -> str:
    """The mean offset from gold, signed, two decimals rounded down ("" when nothing was
    scored)."""
    offset = attempt.result.offset
    return "" if offset is None else show_margin(offset)


@bp.route("")
@role_required("interviewer")
def index() -> str:
    found = catalogue()
    mine = attempts_of(_me().id)
    taken: dict[str, list[CalibrationAttempt]] = {}
    for attempt in mine:
        taken.setdefault(attempt.exercise_id, []).append(attempt)
    status = {}
    for rubric, stage_id, _ in found.by_stage():
        stage_attempts = [a for a in mine if a.rubric_key == rubric.id and a.stage_id == stage_id]
        status[(rubric.id, stage_id)] = is_calibrated(records(stage_attempts))
    return render_template("training/index.html", groups=found.by_stage(), taken=taken,
                           status=status, offset_text=offset_text)


@bp.route("/exercises/<exercise_id>", methods=["GET", "POST"])
@role_required("interviewer")
def exercise(exercise_id: str) -> Response | str | tuple[str, int]:
    found = catalogue()
    chosen = found.exercises.get(exercise_id)
    require(chosen is not None and can.can_take_calibration(_me()))
    assert chosen is not None
    rubric = found.rubrics[chosen.rubric_id]
    stage = rubric.stage(chosen.stage_id)
    state, errors, status, message = FormState(), {}, 200, ""
    if request.method == "POST":
        state = from_request(request.form)
        try:
            attempt = record_attempt(_me(), chosen, rubric, to_data(state))
        except TamperedInput as exc:  # no form of ours sends it: refused as a whole
            db.session.rollback()
            status, message = 400, str(exc)
        except ValidationFailed as exc:
            db.session.rollback()
            errors = exc.errors
        except ServiceError as exc:
            db.session.rollback()
            status, message = 400, str(exc)
        else:
            db.session.commit()
            return redirect(url_for("training.attempt", attempt_id=attempt.id))
    return render_template(
        "training/exercise.html", exercise=chosen, rubric=rubric, stage=stage, state=state,
        errors=errors, message=message, mode="edit",
        error_links=error_summary(errors, rubric, stage) if stage else []), status


@bp.route("/attempts/<int:attempt_id>")
@authenticated
def attempt(attempt_id: int) -> str:
    found = db.get_or_404(CalibrationAttempt, attempt_id)
    require(can.can_view_calibration_results(_me(), found.user))
    files = catalogue()
    exercise = files.exercises.get(found.exercise_id)
    rubric = files.rubrics.get(found.rubric_key)
    if rubric is None:
        abort(404)  # the rubric file is gone: nothing to show the criteria by
    return render_template("training/attempt.html", attempt=found, exercise=exercise,
                           rubric=rubric, result=found.result, offset_text=offset_text,
                           show=show, current=exercise is not None
                           and exercise.version == found.exercise_version)


@bp.route("/people/<int:user_id>")
@authenticated
def person(user_id: int) -> str:
    subject = db.get_or_404(User, user_id)
    require(can.can_view_calibration_results(_me(), subject))
    found = catalogue()
    mine = attempts_of(subject.id)
    stages = sorted({(a.rubric_key, a.stage_id) for a in mine})
    status = {key: is_calibrated(records(a for a in mine if (a.rubric_key, a.stage_id) == key))
              for key in stages}
    return render_template("training/person.html", subject=subject, attempts=mine,
                           status=status, rubrics=found.rubrics, offset_text=offset_text)

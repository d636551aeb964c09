"""The interviewer's pages: the queue, the interview kit with its scorecard, amendments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from hiring import permissions as can
from hiring.database import utcnow
from hiring.errors import BUSY_MESSAGE, when_busy
from hiring.extensions import db
from hiring.filters import format_datetime
from hiring.interviewer import bp
from hiring.interviewer.forms import (
    ACTIONS,
    FormState,
    error_summary,
    flag_groups,
    from_request,
    from_scorecard,
    lock_version,
    to_data,
)
from hiring.models import Candidate, CommitteeDecision, Interview, Requisition, Scorecard
from hiring.permissions import require, role_required
from hiring.queries.documents import document_rows
from hiring.queries.interviews import interviewer_queue, my_scorecard, standing_decision
from hiring.security import no_store
from hiring.services import scorecards
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.scorecard_input import TamperedInput

Page = str | tuple[str, int] | Response


@bp.route("/my/interviews")
@role_required("interviewer")
def queue() -> str:
    no_store()
    now = utcnow()
    return render_template("interviewer/queue.html", now_at=now,
                           queue=interviewer_queue(current_user, now,
                                                   current_app.config["OVERDUE_HOURS"],
                                                   current_app.config["PAGE_SIZE"]))


def _load(interview_id: int) -> Interview:
    # The kit shows the candidate and the requisition, with its pinned rubric: one query.
    interview = db.get_or_404(Interview, interview_id, options=[
        joinedload(Interview.candidate).joinedload(Candidate.requisition)
        .joinedload(Requisition.rubric_version)])
    require(can.can_score_interview(current_user, interview))
    no_store()
    return interview


def _render(interview: Interview, card: Scorecard | None, decision: CommitteeDecision | None,
            mode: str, state: FormState, errors: dict[str, list[str]] | None = None,
            status: int = 200, message: str = "") -> tuple[str, int]:
    """The kit page. ``mode``: "edit" (draft), "read" (submitted or closed), "amend".

    ``decision``: the candidate's standing committee decision, looked up once per request.
    """
    rubric = scorecards.pinned_rubric(interview)
    stage = rubric.stage(interview.stage)
    errors = errors or {}
    context: dict[str, Any] = {
        "interview": interview, "candidate": interview.candidate,
        "requisition": interview.candidate.requisition, "rubric": rubric, "stage": stage,
        "card": card, "mode": mode, "state": state, "errors": errors, "message": message,
        "decision": decision,
        "may_amend": card is not None and can.can_amend_scorecard(current_user, card, decision),
        "card_rubric": card.rubric_version.rubric if card else rubric,
        "error_links": error_summary(errors, rubric, stage) if stage else [],
        "flag_groups": flag_groups(rubric),
        "documents": document_rows(interview.candidate_id),
    }
    return render_template("interviewer/kit.html", **context), status


def _busy(interview_id: int) -> tuple[str, int]:
    """A lock timeout on a save, submit or amendment: the kit again with everything typed
    and a "busy" message (hiring/errors.py makes it a 503 with Retry-After)."""
    interview = _load(interview_id)
    mode = "amend" if request.endpoint == "interviewer.amend" else "edit"
    return _render(interview, my_scorecard(interview, current_user),
                   standing_decision(interview.candidate_id), mode,
                   from_request(request.form), status=503, message=BUSY_MESSAGE)


@bp.route("/my/interviews/<int:interview_id>", methods=["GET", "POST"])
@role_required("interviewer")
@when_busy(_busy)
def interview(interview_id: int) -> Page:
    interview = _load(interview_id)
    if request.method == "GET":
        card = my_scorecard(interview, current_user)
        decision = standing_decision(interview.candidate_id)
        submitted = card is not None and card.submitted
        mode = "edit" if can.is_open_for_scoring(interview, decision) and not submitted else "read"
        return _render(interview, card, decision, mode, from_scorecard(card))
    action = request.form.get("action")
    if action not in ACTIONS:
        abort(400)
    state = from_request(request.form)
    use_case = scorecards.submit if action == "submit" else scorecards.save_draft
    in_place = action == "save" and _wants_json()
    try:
        saved = use_case(interview, current_user, to_data(state), lock_version(state))
    except ServiceError as exc:
        if in_place:
            return _refused_json(interview, exc)
        return _refused(interview, state, exc, "edit")
    db.session.commit()
    if in_place:
        return jsonify(saved_at=saved.scorecard.updated_at.isoformat(),
                       lock_version=saved.scorecard.lock_version,
                       warnings=list(saved.warnings),
                       message=_saved_message(saved.scorecard.updated_at))
    if action == "save":
        flash(_saved_message(saved.scorecard.updated_at), "success")
        for warning in saved.warnings:
            flash(warning, "warning")
    elif saved.already:
        flash("This scorecard was already submitted; nothing was stored twice.", "info")
    else:
        flash(f"Scorecard for {interview.candidate.name} submitted.", "success")
    return redirect(url_for("interviewer.interview", interview_id=interview.id))


def _not_amendable(interview: Interview, card: Scorecard | None,
                   decision: CommitteeDecision | None) -> str | None:
    """Why "Amend" is refused, for a flash on the kit it redirects to; None when the kit's
    own notice (cancelled, or decided: with whom to ask) already says it."""
    if interview.cancelled or decision is not None:
        return None
    if card is None or not card.submitted:
        return "Only a submitted scorecard can be amended: this one is not submitted yet, " \
               "so write it here and submit it."
    return "This scorecard can no longer be amended."


def _wants_json() -> bool:
    """The kit's script saves drafts in place and asks for JSON; a plain form post (no
    JavaScript) asks for HTML and gets the redirect."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _saved_message(saved_at: dt.datetime) -> str:
    return f"Draft saved at {format_datetime(saved_at, '%H:%M')}."


def _refused_json(interview: Interview, exc: ServiceError) -> tuple[Response, int]:
    """A refused in-place draft save, for the script to show beside the typed text.

    400 with ``errors`` (by field) and ``summary`` (element id, message) when fields are
    wrong; 409 when the draft was saved elsewhere, with the stored ``lock_version`` when
    saving again keeps this text (null once it is submitted: then only "Amend" can).
    """
    db.session.rollback()
    if isinstance(exc, ValidationFailed) and not isinstance(exc, TamperedInput):
        rubric = scorecards.pinned_rubric(interview)
        stage = rubric.stage(interview.stage)
        summary = error_summary(exc.errors, rubric, stage) if stage else []
        return jsonify(message="The draft was not saved: fix what is listed, then save again.",
                       errors=exc.errors,
                       summary=[{"target": t, "message": m} for t, m in summary]), 400
    if isinstance(exc, scorecards.ScorecardChanged):
        resave = exc.lock_version is not None and not exc.submitted
        message = str(exc) + (" Save again to keep this version instead." if resave else
                              " A submitted scorecard can only be amended: copy what you "
                              "need, then reload the page and use “Amend”.")
        return jsonify(message=message, lock_version=exc.lock_version if resave else None,
                       submitted=exc.submitted), 409
    return jsonify(message=str(exc)), 400


def _refused(interview: Interview, state: FormState, exc: ServiceError,
             mode: str) -> tuple[str, int]:
    """Re-render with everything that was typed: next to its field, stale, or refused.

    A stale form gets the stored version's lock when saving it again would keep what was
    typed here: a draft's, or an amendment's (the other tab's amendment is a revision too).
    """
    db.session.rollback()
    card = my_scorecard(interview, current_user)
    decision = standing_decision(interview.candidate_id)
    if isinstance(exc, ValidationFailed) and not isinstance(exc, TamperedInput):
        return _render(interview, card, decision, mode, state, exc.errors)
    if isinstance(exc, scorecards.ScorecardChanged):
        message = str(exc)
        if exc.lock_version is not None and (mode == "amend" or not exc.submitted):
            message += " Save again to keep this version instead."
            state.lock_version = str(exc.lock_version)
        elif exc.submitted:
            message += (" A submitted scorecard can only be amended: copy what you need, "
                        "then use “Amend”.")
        return _render(interview, card, decision, mode, state, status=409, message=message)
    return _render(interview, card, decision, mode, state, status=400, message=str(exc))


@bp.route("/my/interviews/<int:interview_id>/amend", methods=["GET", "POST"])
@role_required("interviewer")
@when_busy(_busy)
def amend(interview_id: int) -> Page:
    interview = _load(interview_id)
    if request.method == "GET":
        card = my_scorecard(interview, current_user)
        decision = standing_decision(interview.candidate_id)
        if card is None or not can.can_amend_scorecard(current_user, card, decision):
            refusal = _not_amendable(interview, card, decision)
            if refusal:
                flash(refusal, "warning")
            return redirect(url_for("interviewer.interview", interview_id=interview.id))
        return _render(interview, card, decision, "amend", from_scorecard(card))
    state = from_request(request.form)
    try:
        saved = scorecards.amend(interview, current_user, to_data(state), state.reason,
                                 lock_version(state))
    except ServiceError as exc:
        return _refused(interview, state, exc, "amend")
    db.session.commit()
    if saved.already:
        flash("This amendment was already saved; nothing was stored twice.", "info")
    else:
        flash(f"Scorecard amended: revision {saved.scorecard.revision} saved. Revision 1 "
              "stays on record.", "success")
    return redirect(url_for("interviewer.interview", interview_id=interview.id))

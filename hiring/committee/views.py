"""The hiring committee's pages: the index of candidates, the debrief, the recorded decision."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.charts import criteria_chart
from hiring.committee import bp
from hiring.committee.forms import DecisionForm
from hiring.committee.submit_first import submit_first_page
from hiring.database import begin_writes
from hiring.errors import BUSY_MESSAGE, when_busy
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate, User
from hiring.permissions import (
    can_read_debrief,
    can_record_decision,
    can_view_debrief,
    require,
    role_required,
)
from hiring.queries.committee import committee_board
from hiring.queries.debrief import DebriefView, build_debrief
from hiring.queries.pipeline import with_rubric
from hiring.services import decisions
from hiring.services.access_log import record_read
from hiring.services.errors import ServiceError, ValidationFailed


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


@bp.route("/committee")
@role_required("committee")
def index() -> str:
    return render_template("committee/index.html", board=committee_board(_me()))


def _debrief_page(candidate: Candidate, view: DebriefView,
                  form: DecisionForm | None = None) -> str:
    if form is None:
        form = DecisionForm(formdata=None)
    form.seen_outcome.data = view.outcome.value  # what this page shows is what is decided on
    return render_template(
        "committee/debrief.html", candidate=candidate, view=view, form=form,
        chart=criteria_chart(view),
        may_decide=can_record_decision(_me(), candidate),
        override_hint=decisions.override_hint(view.outcome))


@bp.route("/candidates/<int:candidate_id>/debrief")
@role_required("committee", "recruiter")
def debrief(candidate_id: int) -> str | tuple[str, int]:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    require(can_view_debrief(_me(), candidate))
    blocked = submit_first_page(_me(), candidate)  # independence first, whatever the role
    if blocked:
        return blocked
    page = _debrief_page(candidate, build_debrief(candidate))
    begin_writes()  # rendered: now one short write for the access log
    record_read("debrief", candidate_id, _me())
    db.session.commit()
    return page


def _decision_busy(candidate_id: int) -> str:
    """A lock timeout while recording: the debrief with the decision form as typed (a 503
    with Retry-After, from hiring/errors.py)."""
    candidate = db.get_or_404(Candidate, candidate_id)
    # Fail closed: the page below is built from the colleagues' scorecards (independence).
    require(can_record_decision(_me(), candidate) and can_read_debrief(_me(), candidate))
    form = DecisionForm()
    form.form_errors.append(BUSY_MESSAGE)
    return _debrief_page(candidate, build_debrief(candidate), form)


@bp.route("/candidates/<int:candidate_id>/decision", methods=["POST"])
@role_required("committee")
@when_busy(_decision_busy)
def record_decision(candidate_id: int) -> Response | str | tuple[str, int]:
    candidate = db.get_or_404(Candidate, candidate_id)
    require(can_record_decision(_me(), candidate))
    blocked = submit_first_page(_me(), candidate)  # nobody decides on what they may not read
    if blocked:
        return blocked
    form = DecisionForm()
    back = redirect(url_for("committee.debrief", candidate_id=candidate.id))
    if form.validate_on_submit():
        try:
            row = decisions.record_decision(
                candidate, form.decision.data or "", form.rationale.data or "",
                form.override_justification.data or "", actor=_me(),
                seen_outcome=form.seen_outcome.data)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
            return back
        else:
            db.session.commit()
            override = " It is recorded as an override of the engine's recommendation." \
                if row.is_override else ""
            flash(f"Decision recorded for {candidate.name}: {row.label}. "
                  f"The scorecards are now locked.{override}", "success")
            return back
    return _debrief_page(candidate, build_debrief(candidate), form)

"""The committee's recorded decision: record it (with an override rule), reopen it.

The engine recommends; a person decides (GDPR Art. 22). A decision that differs from the
recommendation is an override and needs a justification. A standing decision locks the
candidate's scorecards (the scorecard service and ``can_amend_scorecard`` check for it) and
moves the candidate to ``offer`` or ``rejected``; an admin may reopen it, with a reason.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from hiring.database import utcnow
from hiring.domain.decision import Outcome
from hiring.domain.pipeline import DEBRIEF, OFFER, REJECTED, TERMINAL, stage_label
from hiring.domain.scoring import exact
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, User
from hiring.models.decision import DECISION_LABELS, DECISIONS
from hiring.queries.evaluation import evaluate
from hiring.queries.interviews import standing_decision
from hiring.services import audit, evaluations
from hiring.services.candidates import move_candidate
from hiring.services.errors import ServiceError, ValidationFailed

MAX_TEXT = 10_000
# Where a decision moves the candidate; "hold" leaves them where they are.
STAGE_AFTER = {"offer": OFFER, "no_offer": REJECTED}
ALREADY_RECORDED = "A decision on {name} is already recorded: it stands until an admin reopens it."
# The one decision that follows each recommendation; any other is an override. After
# ``discuss`` no decision is: the committee was asked to weigh the case itself.
AGREEING = {Outcome.OFFER: "offer", Outcome.NO_OFFER: "no_offer", Outcome.INCOMPLETE: "hold"}


def is_override(outcome: Outcome, decision: str) -> bool:
    """Does recording ``decision`` go against the engine's recommendation ``outcome``?"""
    return outcome in AGREEING and decision != AGREEING[outcome]


def override_hint(outcome: Outcome) -> str:
    """What counts as an override for this recommendation, for the form."""
    if outcome not in AGREEING:
        return ("The engine asks the committee to discuss: no decision is an override, "
                "so no justification is needed.")
    return (f"The engine recommends {outcome.label}. Any decision other than "
            f"{DECISION_LABELS[AGREEING[outcome]]} is an override and needs a justification.")


def _text(value: str, field: str, required: str, errors: dict[str, list[str]]) -> str:
    value = (value or "").strip()
    if not value and required:
        errors[field] = [required]
    elif len(value) > MAX_TEXT:
        errors[field] = [f"Use at most {MAX_TEXT} characters."]
    return value


def record_decision(candidate: Candidate, decision: str, rationale: str,
                    override_justification: str = "", actor: User | None = None,
                    seen_outcome: str | None = None) -> CommitteeDecision:
    """Record the committee's decision on a candidate, against the live engine outcome.

    Stores what the engine recommended (outcome, exact score, rubric version), marks an
    override, moves the candidate (offer -> ``offer``, no_offer -> ``rejected``; hold stays)
    and audits "decision.recorded". ``seen_outcome`` is the recommendation the person read
    (the web form requires it): when the engine has changed since, nothing is recorded; only
    a caller that showed no page (a script) passes None.

    Raises ValidationFailed (fields ``decision``, ``rationale``, ``override_justification``,
    or "" when the recommendation changed) and ServiceError when a decision already stands
    (also for a concurrent double submit, caught at the unique index) or the candidate has
    left the pipeline.
    """
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = ["Choose offer, no offer or hold."]
    rationale = _text(rationale, "rationale", "Write the committee's rationale.", errors)
    justification = _text(override_justification, "override_justification", "", errors)
    if standing_decision(candidate.id) is not None:
        raise ServiceError(ALREADY_RECORDED.format(name=candidate.name))
    rubric = candidate.requisition.rubric_version.rubric
    if candidate.stage in TERMINAL:
        raise ServiceError(f"{candidate.name} is in {stage_label(rubric, candidate.stage)}: "
                           "there is nothing left to decide.")
    engine = evaluate(candidate).decision
    if seen_outcome is not None and seen_outcome != engine.outcome.value:
        errors[""] = [f"The engine's recommendation changed to {engine.outcome.label} while "
                      "the page was open (a scorecard was submitted or amended). Read it "
                      "again, then record the decision."]
    override = decision in DECISIONS and is_override(engine.outcome, decision)
    if override and not justification and "override_justification" not in errors:
        errors["override_justification"] = [
            f"The engine recommends {engine.outcome.label}: explain why the committee "
            f"decides {DECISION_LABELS[decision]}."]
    if errors:
        raise ValidationFailed(errors)
    row = CommitteeDecision(
        candidate=candidate, decision=decision, rationale=rationale,
        engine_outcome=engine.outcome.value,
        engine_score=exact(engine.weighted_score) if engine.weighted_score is not None else None,
        rubric_version_id=candidate.requisition.rubric_version_id, is_override=override,
        override_justification=justification if override else "", decided_by=actor,
        decided_at=utcnow())
    try:
        with db.session.begin_nested():  # a concurrent double submit fails here, alone
            db.session.add(row)
    except IntegrityError:
        raise ServiceError(ALREADY_RECORDED.format(name=candidate.name)) from None
    if decision in STAGE_AFTER:
        # The committee decided on the scorecards it had: that is the confirmation for
        # any round left unscored, which the move still records.
        move_candidate(candidate, STAGE_AFTER[decision],
                       note=f"Committee decision: {row.label}.", actor=actor,
                       confirm_unscored=True)
    audit.record("decision.recorded", row, actor=actor, after={
        "candidate_id": candidate.id, "decision": decision, "rationale": rationale,
        "engine_outcome": row.engine_outcome, "engine_score": row.engine_score,
        "is_override": override, "override_justification": row.override_justification})
    evaluations.refresh_one(candidate)
    return row


def reopen_decision(decision: CommitteeDecision, reason: str,
                    actor: User | None = None) -> CommitteeDecision:
    """Reopen a standing decision: the row stays as history, the scorecards unlock.

    A candidate the decision moved (to ``offer`` or ``rejected``) and who is still there goes
    back to ``debrief``; after a hold, or once they moved on, their stage is left alone.
    Audits "decision.reopened". Raises ValidationFailed (``reason``) and ServiceError when
    the decision was reopened already.
    """
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the decision is reopened.", errors)
    if not decision.standing:
        raise ServiceError(f"The decision on {decision.candidate.name} was reopened already.")
    if errors:
        raise ValidationFailed(errors)
    decision.reopened_at = utcnow()
    decision.reopened_by = actor
    decision.reopen_reason = reason
    db.session.flush()
    candidate = decision.candidate
    if STAGE_AFTER.get(decision.decision) == candidate.stage:
        move_candidate(candidate, DEBRIEF, note=f"Decision reopened: {reason}"[:2000],
                       actor=actor)
    audit.record("decision.reopened", decision, actor=actor,
                 before={"decision": decision.decision, "standing": True},
                 after={"candidate_id": candidate.id, "standing": False, "reason": reason})
    evaluations.refresh_one(candidate)
    return decision

"""The scorecard use cases: drafts, submission, amendments, and what each refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import (
    AuditEvent,
    Candidate,
    CommitteeDecision,
    Interview,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.queries.evaluation import evaluate
from hiring.services import scorecards
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.scorecard_input import CriterionEntry, FlagEntry, ScorecardData, TamperedInput
from hiring.services.scorecards import ScorecardChanged

STAGE = "behavioral_interview"  # scores ownership and mentoring


def entry(score: object = None, evidence: str = "", reason: str = "",
          na: bool = False) -> CriterionEntry:
    return CriterionEntry(score=score, not_assessed=na, reason=reason, evidence=evidence)


def complete(**changes: Any) -> ScorecardData:
    values: dict[str, Any] = {
        "criteria": {"ownership": entry(4, "Drove the migration to the end."),
                     "mentoring": entry(3, "Mentored one junior in code reviews.")},
        "flags": {}, "summary": "Solid.",
    }
    values.update(changes)
    return ScorecardData(**values)


@pytest.fixture
def world(make):
    interviewer = make.user("interviewer", name="Ivy")
    req = make.requisition(title="Platform engineer")
    candidate = make.candidate(req, name="Cleo", stage=STAGE)
    interview = make.interview(candidate, interviewer, STAGE)
    return {"user": interviewer, "req": req, "candidate": candidate, "interview": interview}


def run(app, world, use_case, *args: Any) -> Any:
    """Call a use case in its own transaction, as a view does; commit on success."""
    with app.app_context():
        interview = db.session.get(Interview, world["interview"].id)
        user = db.session.get(User, world["user"].id)
        try:
            result = use_case(interview, user, *args)
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()
        return result.already, result.warnings, result.scorecard.lock_version


def card_state(app, world) -> dict[str, Any] | None:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(
            Scorecard.interview_id == world["interview"].id))
        if card is None:
            return None
        revisions = [(r.number, r.content, r.reason) for r in card.revisions]
        return {"status": card.status, "revision": card.revision, "lock": card.lock_version,
                "content": card.content(), "revisions": revisions,
                "rubric_version_id": card.rubric_version_id,
                "first": card.first_submitted_at, "submitted_at": card.submitted_at}


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                       .order_by(AuditEvent.id)))


# -- drafts -----------------------------------------------------------------------------------

def test_first_draft_creates_the_row_pinned_to_the_requisitions_rubric_version(app, world):
    data = ScorecardData(criteria={"ownership": entry(2, "Only assigned tasks.")})
    run(app, world, scorecards.save_draft, data, None)
    state = card_state(app, world)
    assert state["status"] == "draft"
    assert state["revision"] == 0
    assert state["rubric_version_id"] == world["req"].rubric_version_id
    assert state["content"]["scores"] == {"ownership": {
        "score": 2, "not_assessed": False, "not_assessed_reason": "",
        "evidence": "Only assigned tasks."}}
    assert state["revisions"] == []
    [event] = audit_events(app, "scorecard.draft_saved")
    assert event.after["filled"] == ["ownership"]
    assert "Only assigned tasks." not in repr(event.after)


def test_a_draft_may_be_empty_or_half_done(app, world):
    run(app, world, scorecards.save_draft, ScorecardData(), None)
    assert card_state(app, world)["content"]["scores"] == {}
    lock = card_state(app, world)["lock"]
    half = ScorecardData(criteria={"mentoring": entry(None, "Notes so far")},
                         flags={"arrogant": FlagEntry(True, "")})
    run(app, world, scorecards.save_draft, half, lock)
    content = card_state(app, world)["content"]
    assert content["scores"]["mentoring"]["evidence"] == "Notes so far"
    assert content["flags"] == [{"id": "arrogant", "label": "", "note": ""}]


def test_each_save_moves_the_lock_on_and_a_stale_form_changes_nothing(app, world):
    run(app, world, scorecards.save_draft, complete(summary="tab A"), None)
    first = card_state(app, world)
    run(app, world, scorecards.save_draft, complete(summary="tab A again"), first["lock"])
    second = card_state(app, world)
    assert second["lock"] == first["lock"] + 1
    with pytest.raises(ScorecardChanged) as stale:
        run(app, world, scorecards.save_draft, complete(summary="tab B"), first["lock"])
    assert stale.value.saved_at is not None
    assert stale.value.lock_version == second["lock"]
    assert card_state(app, world) == second
    with pytest.raises(ScorecardChanged):  # a form without a lock: made before the first save
        run(app, world, scorecards.save_draft, complete(summary="tab C"), None)
    assert card_state(app, world) == second


def test_not_assessed_without_reason_is_kept_in_the_draft_with_a_reminder(app, world):
    data = ScorecardData(criteria={"ownership": entry(na=True, evidence="Ran out of time")})
    _, warnings, _ = run(app, world, scorecards.save_draft, data, None)
    assert "Ownership" in warnings[0]
    assert "before you submit" in warnings[0]
    assert card_state(app, world)["content"]["scores"]["ownership"] == {
        "score": None, "not_assessed": True, "not_assessed_reason": "",
        "evidence": "Ran out of time"}


@pytest.mark.parametrize(("data", "field"), [
    (ScorecardData(flags={"arrogant": FlagEntry(False, "a note on an unticked flag")}),
     "flagnote-arrogant"),
    (ScorecardData(other_flag_note="a note without a label"), "other_flag_label"),
    (ScorecardData(other_flag_label="x" * 201, other_flag_note="n"), "other_flag_label"),
    (ScorecardData(summary="x" * 20_001), "summary"),
])
def test_a_draft_refuses_only_what_cannot_be_stored_as_typed(app, world, data, field):
    with pytest.raises(ValidationFailed) as refused:
        run(app, world, scorecards.save_draft, data, None)
    assert list(refused.value.errors) == [field]
    assert card_state(app, world) is None


def test_a_free_text_flag_in_a_draft_keeps_the_candidate_evaluable(app, world):
    data = ScorecardData(other_flag_label="Late", other_flag_note="")
    run(app, world, scorecards.save_draft, data, None)
    with app.app_context():
        evaluation = evaluate(db.session.get(Candidate, world["candidate"].id))
    assert evaluation.decision.outcome.value == "incomplete"  # drafts never count
    assert len(evaluation.scorecards) == 1


# -- submitting ---------------------------------------------------------------------------------

def test_submit_stores_revision_one_and_the_engine_counts_it(app, world):
    data = complete(flags={"arrogant": FlagEntry(True, "Talked over the interviewer.")},
                    other_flag_label="Late", other_flag_note="Twenty minutes late.")
    already, _, _ = run(app, world, scorecards.submit, data, None)
    assert not already
    state = card_state(app, world)
    assert (state["status"], state["revision"]) == ("submitted", 1)
    assert state["first"] == state["submitted_at"] is not None
    [(number, content, reason)] = state["revisions"]
    assert (number, reason) == (1, "")
    assert content == state["content"]
    assert {f["id"] for f in content["flags"]} == {"arrogant", None}
    [event] = audit_events(app, "scorecard.submitted")
    assert event.after["scores"] == {"ownership": 4, "mentoring": 3}
    assert event.after["revision"] == 1
    with app.app_context():
        decision = evaluate(db.session.get(Candidate, world["candidate"].id)).decision
        assert decision.scorecards_counted == 1
        assert [f.id for f in decision.red_flags] == ["arrogant", None]


def test_submit_after_a_draft_uses_the_drafts_lock(app, world):
    _, _, lock = run(app, world, scorecards.save_draft, complete(), None)
    run(app, world, scorecards.submit, complete(summary="Final"), lock)
    assert card_state(app, world)["content"]["summary"] == "Final"


def test_not_assessed_with_a_reason_counts_as_done(app, world):
    data = complete(criteria={"ownership": entry(4, "Owned the outage review."),
                              "mentoring": entry(na=True, reason="No time left.")})
    run(app, world, scorecards.submit, data, None)
    scores = card_state(app, world)["content"]["scores"]
    assert scores["mentoring"] == {"score": None, "not_assessed": True,
                                   "not_assessed_reason": "No time left.", "evidence": ""}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"criteria": {"ownership": entry(4, "Evidence.")}}, {"score-mentoring"}),
    ({"criteria": {"ownership": entry(4, "Evidence."), "mentoring": entry(3, "  ")}},
     {"evidence-mentoring"}),
    ({"criteria": {"ownership": entry(4, "Evidence."), "mentoring": entry(na=True)}},
     {"reason-mentoring"}),
    ({"flags": {"arrogant": FlagEntry(True, " ")}}, {"flagnote-arrogant"}),
    ({"other_flag_label": "Late"}, {"other_flag_note"}),
    ({"other_flag_note": "Twenty minutes late."}, {"other_flag_label"}),
    ({"criteria": {}, "flags": {"blames_others": FlagEntry(True, "")}},
     {"score-ownership", "score-mentoring", "flagnote-blames_others"}),
])
def test_submit_names_every_missing_piece_next_to_its_field(app, world, changes, expected):
    with pytest.raises(ValidationFailed) as refused:
        run(app, world, scorecards.submit, complete(**changes), None)
    assert set(refused.value.errors) == expected
    assert card_state(app, world) is None


def test_a_re_sent_submit_stores_nothing_new(app, world):
    run(app, world, scorecards.submit, complete(), None)
    before = card_state(app, world)
    already, _, _ = run(app, world, scorecards.submit, complete(), None)  # stale lock too
    assert already
    assert card_state(app, world) == before
    assert len(before["revisions"]) == 1
    assert len(audit_events(app, "scorecard.submitted")) == 1


def test_a_submitted_scorecard_is_read_only_to_saves_and_other_submits(app, world):
    _, _, lock = run(app, world, scorecards.submit, complete(), None)
    before = card_state(app, world)
    with pytest.raises(ServiceError, match="Amend"):
        run(app, world, scorecards.submit, complete(summary="changed"), lock)
    with pytest.raises(ServiceError, match="Amend"):
        run(app, world, scorecards.save_draft, complete(summary="changed"), lock)
    with pytest.raises(ScorecardChanged) as stale:  # from an older tab
        run(app, world, scorecards.save_draft, complete(summary="changed"), lock - 1)
    assert stale.value.submitted
    assert card_state(app, world) == before


def test_two_first_saves_racing_the_loser_is_stale_or_already_submitted(app, world,
                                                                      monkeypatch):
    """The second first-save read no row (the other had not committed), then its INSERT
    hits the unique (interview, interviewer): it rolls back to a savepoint and reports."""
    run(app, world, scorecards.submit, complete(), None)
    real = scorecards._locked
    calls = {"n": 0}

    def not_yet_visible(interview, user):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(interview, user)

    monkeypatch.setattr(scorecards, "_locked", not_yet_visible)
    already, _, _ = run(app, world, scorecards.submit, complete(), None)
    assert already
    calls["n"] = 0
    with pytest.raises(ScorecardChanged) as stale:
        run(app, world, scorecards.save_draft, complete(summary="other tab"), None)
    assert stale.value.submitted
    state = card_state(app, world)
    assert len(state["revisions"]) == 1
    assert state["content"]["summary"] == "Solid."


# -- refused as a whole: tampering, not mine, closed ---------------------------------------

@pytest.mark.parametrize("data", [
    complete(criteria={"ownership": entry(6, "e"), "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry(0, "e"), "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry("3.5", "e"), "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry(4.0, "e"), "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry(True, "e"), "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry(4, "e", na=True, reason="r"),
                       "mentoring": entry(3, "e")}),
    complete(criteria={"ownership": entry(4, "e"), "mentoring": entry(3, "e"),
                       "coding": entry(5, "another stage's criterion")}),
    complete(criteria={"ownership": entry(4, "e"), "mentoring": entry(3, "e"),
                       "charisma": entry(5, "no such criterion")}),
    complete(flags={"bad_vibes": FlagEntry(True, "no such flag")}),
], ids=["6", "0", "3.5", "4.0", "true", "score+na", "other-stage", "unknown", "flag"])
@pytest.mark.parametrize("use_case", [scorecards.save_draft, scorecards.submit],
                         ids=["draft", "submit"])
def test_tampered_input_changes_nothing(app, world, data, use_case):
    run(app, world, scorecards.save_draft, complete(summary="stored"), None)
    before = card_state(app, world)
    with pytest.raises(ServiceError) as refused:
        run(app, world, use_case, data, before["lock"])
    # Not an ordinary form error: the web refuses it whole (400); the API names the field.
    assert isinstance(refused.value, TamperedInput)
    assert refused.value.errors  # keyed by the field it came in
    assert card_state(app, world) == before


def test_an_interview_of_someone_else_or_cancelled_takes_no_scorecard(app, make, world):
    other = make.user("interviewer")
    with app.app_context():
        interview = db.session.get(Interview, world["interview"].id)
        with pytest.raises(ServiceError, match="not assigned to you"):
            scorecards.save_draft(interview, db.session.get(User, other.id), complete(), None)
        db.session.rollback()
    cancelled = make.interview(world["candidate"], world["user"], "coding_interview",
                               status="cancelled")
    with pytest.raises(ServiceError, match="cancelled"):
        run(app, {**world, "interview": cancelled}, scorecards.submit,
            ScorecardData(criteria={"coding": entry(4, "e")}), None)
    with app.app_context():
        assert db.session.scalar(select(func.count(Scorecard.id))) == 0


def decide_on(app, candidate_id: int, reopened: bool = False) -> None:
    with app.app_context():
        candidate = db.session.get(Candidate, candidate_id)
        decision = CommitteeDecision(
            candidate_id=candidate_id, decision="no_offer", rationale="Below the bar.",
            engine_outcome="incomplete", engine_score=None,
            rubric_version_id=candidate.requisition.rubric_version_id)
        if reopened:
            decision.reopened_at = utcnow()
            decision.reopen_reason = "New interview."
        db.session.add(decision)
        db.session.commit()


@pytest.mark.parametrize("use_case", [scorecards.save_draft, scorecards.submit])
def test_a_standing_committee_decision_closes_the_candidates_scorecards(app, world, use_case):
    decide_on(app, world["candidate"].id)
    with pytest.raises(ServiceError, match="committee has decided") as refused:
        run(app, world, use_case, complete(), None)
    assert card_state(app, world) is None
    # The interviewer has not submitted: the message must not tell them the decision.
    assert "offer" not in str(refused.value).lower()


def test_a_reopened_decision_opens_them_again(app, world):
    decide_on(app, world["candidate"].id, reopened=True)
    run(app, world, scorecards.submit, complete(), None)
    assert card_state(app, world)["status"] == "submitted"


# -- amendments ------------------------------------------------------------------------------

def amend(app, world, data: ScorecardData, reason: str, lock: int | None) -> Any:
    with app.app_context():
        interview = db.session.get(Interview, world["interview"].id)
        user = db.session.get(User, world["user"].id)
        try:
            result = scorecards.amend(interview, user, data, reason, lock)
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()
        return result.already, result.scorecard.lock_version


def test_amending_adds_revision_two_and_keeps_revision_one(app, world):
    _, _, lock = run(app, world, scorecards.submit, complete(), None)
    first = card_state(app, world)
    changed = complete(criteria={"ownership": entry(5, "Also led the on-call rework."),
                                 "mentoring": entry(3, "Mentored one junior in code reviews.")})
    already, _ = amend(app, world, changed, "Re-read my notes.", lock)
    assert not already
    state = card_state(app, world)
    assert state["revision"] == 2
    assert state["first"] == first["first"]
    assert state["submitted_at"] > first["submitted_at"]
    assert [r[0] for r in state["revisions"]] == [1, 2]
    assert state["revisions"][0] == first["revisions"][0]
    assert state["revisions"][1][1]["scores"]["ownership"]["score"] == 5
    assert state["revisions"][1][2] == "Re-read my notes."
    [event] = audit_events(app, "scorecard.amended")
    assert event.before == {"revision": 1, "scores": {"ownership": 4}}
    assert event.after == {"revision": 2, "scores": {"ownership": 5}}


def test_an_amendment_needs_a_reason_a_change_and_a_complete_scorecard(app, world):
    _, _, lock = run(app, world, scorecards.submit, complete(), None)
    before = card_state(app, world)
    changed = complete(summary="Changed my mind.")
    with pytest.raises(ValidationFailed) as no_reason:
        amend(app, world, changed, "  ", lock)
    assert set(no_reason.value.errors) == {"reason"}
    with pytest.raises(ValidationFailed) as unchanged:
        amend(app, world, complete(), "Why not.", lock)
    assert "Nothing changed" in unchanged.value.errors[""][0]
    with pytest.raises(ValidationFailed) as incomplete:
        amend(app, world, complete(criteria={"ownership": entry(5, "e")}), "Why not.", lock)
    assert set(incomplete.value.errors) == {"score-mentoring"}
    assert card_state(app, world) == before


def test_an_amendment_from_a_stale_form_is_refused_and_a_re_sent_one_stores_one(app, world):
    _, _, lock = run(app, world, scorecards.submit, complete(), None)
    changed = complete(summary="Amended.")
    amend(app, world, changed, "Typo.", lock)
    already, _ = amend(app, world, changed, "Typo.", lock)  # the double click
    assert already
    with pytest.raises(ScorecardChanged):
        amend(app, world, complete(summary="Another tab."), "Other.", lock)
    assert [r[0] for r in card_state(app, world)["revisions"]] == [1, 2]


def test_no_amendment_once_the_committee_decided_or_before_submitting(app, world):
    with pytest.raises(ServiceError, match="submit it first"):
        amend(app, world, complete(), "Reason.", None)
    _, _, lock = run(app, world, scorecards.submit, complete(), None)
    decide_on(app, world["candidate"].id)
    with pytest.raises(ServiceError, match="committee"):
        amend(app, world, complete(summary="Later."), "Reason.", lock)
    with app.app_context():
        assert db.session.scalar(select(func.count(ScorecardRevision.id))) == 1


def test_the_interview_ending_long_ago_does_not_stop_a_submission(app, make, world):
    old = make.interview(world["candidate"], world["user"], "values_interview",
                         when=utcnow() - dt.timedelta(days=30))
    run(app, {**world, "interview": old}, scorecards.submit,
        ScorecardData(criteria={"cultural_fit": entry(4, "Clear values.")}), None)

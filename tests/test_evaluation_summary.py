"""The stored evaluation summaries: equal to a live recompute after every write path, checked
by ``hiring evaluations verify``, and read by the committee index at a fixed statement count."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, event, select, update

from hiring.cli import main
from hiring.database import utcnow
from hiring.documents.sample import simple_pdf
from hiring.domain.decision import Outcome
from hiring.extensions import db
from hiring.models import (
    Candidate,
    CandidateDocument,
    CandidateEvaluation,
    CommitteeDecision,
    Interview,
    Requisition,
    Scorecard,
    User,
)
from hiring.services import (
    candidates,
    decisions,
    documents,
    evaluations,
    interviews,
    loops,
    privacy,
    scorecards,
    users,
)
from hiring.services import requisitions as requisition_service
from hiring.services.candidates import CandidateData
from hiring.services.scorecard_input import CriterionEntry, ScorecardData
from tests.views.committee_support import panel
from tests.views.recruiter_support import store_new_version

NOW = utcnow()


def card(**scores: int) -> ScorecardData:
    return ScorecardData(criteria={c: CriterionEntry(score=s, evidence=f"Evidence on {c}.")
                                   for c, s in scores.items()}, summary="A summary.")


def drifts(app) -> list[str]:
    with app.app_context():
        return [d.describe() for d in evaluations.verify()]


def stored(app, candidate_id: int) -> evaluations.Summary | None:
    with app.app_context():
        row = db.session.get(CandidateEvaluation, candidate_id)
        return evaluations.Summary.of(row) if row is not None else None


def step(app, name: str, write: Callable[[], Any]) -> Any:
    """One write as a view makes it (one transaction, committed), then every stored summary
    compared with a live recompute (what ``hiring evaluations verify`` runs)."""
    with app.app_context():
        result = write()
        db.session.commit()
    assert drifts(app) == [], f"after {name}"
    return result


def test_every_write_path_keeps_the_summary_equal_to_a_live_recompute(app, make):
    ivy = make.user("interviewer", name="Ivy", email="ivy@example.com")
    sam, pat, dev = (make.user("interviewer", name=n) for n in ("Sam", "Pat", "Dev"))
    other_sam = make.user("interviewer", name="Sam")
    cora, ada = make.user("committee", name="Cora"), make.user("admin", name="Ada")
    rita = make.user("recruiter", name="Rita")
    req = make.requisition(committee=[cora], recruiters=[rita])
    newer = store_new_version(app)

    def get(model: Any, key: int) -> Any:
        return db.session.get(model, key)

    def interview_of(cid: int, stage: str) -> Interview:
        return db.session.scalar(select(Interview).where(
            Interview.candidate_id == cid, Interview.stage == stage,
            Interview.status != "cancelled"))

    def write_card(use: Any, cid: int, stage: str, who: User, data: ScorecardData,
                   *reason: str) -> int:
        interview = interview_of(cid, stage)
        current = db.session.scalar(select(Scorecard.lock_version).where(
            Scorecard.interview_id == interview.id))
        return use(interview, get(User, who.id), data, *reason, current).scorecard.id

    cid = step(app, "candidate added", lambda: candidates.add_candidate(
        get(Requisition, req.id), CandidateData(name="Cleo"), actor=get(User, rita.id)).id)
    first = stored(app, cid)
    assert (first.outcome, first.weighted_score, first.submitted, first.awaited) == (
        Outcome.INCOMPLETE, None, 0, 0)
    step(app, "candidate updated", lambda: candidates.update_candidate(
        get(Candidate, cid), CandidateData(name="Cleo Cruz")))
    step(app, "candidate moved", lambda: candidates.move_candidate(
        get(Candidate, cid), "phone_screen"))
    resume = step(app, "document attached", lambda: documents.attach(
        get(Candidate, cid), "CV.pdf", simple_pdf("CV"), actor=get(User, rita.id)).id)
    step(app, "second document attached", lambda: documents.attach(
        get(Candidate, cid), "Portfolio.pdf", simple_pdf("Portfolio")))
    step(app, "document removed", lambda: documents.remove(get(CandidateDocument, resume)))
    step(app, "interview assigned", lambda: interviews.assign_interview(
        get(Candidate, cid), stage="phone_screen", interviewer_id=ivy.id,
        scheduled_at=NOW - dt.timedelta(hours=30)))
    assert stored(app, cid).awaited == 1
    step(app, "draft saved", lambda: write_card(scorecards.save_draft, cid, "phone_screen",
                                                ivy, card(coding=3)))
    step(app, "draft saved again", lambda: write_card(scorecards.save_draft, cid,
                                                      "phone_screen", ivy, card(coding=2)))
    step(app, "rubric version changed", lambda: requisition_service.change_rubric_version(
        get(Requisition, req.id), newer.id))
    step(app, "scorecard submitted", lambda: write_card(scorecards.submit, cid, "phone_screen",
                                                        ivy, card(coding=4)))
    assert (stored(app, cid).submitted, stored(app, cid).awaited) == (1, 0)
    step(app, "scorecard amended", lambda: write_card(
        scorecards.amend, cid, "phone_screen", ivy, card(coding=5), "Re-read my notes."))
    step(app, "candidate moved on", lambda: candidates.move_candidate(
        get(Candidate, cid), "technical_interviews"))
    slots = [loops.Slot(stage, who.id) for stage, who in (
        ("system_design_interview", sam), ("coding_interview", pat),
        ("debugging_interview", dev), ("behavioral_interview", ivy))]
    step(app, "loop scheduled", lambda: loops.schedule_round(
        get(Candidate, cid), "technical_interviews", NOW - dt.timedelta(hours=26), slots))
    assert stored(app, cid).awaited == 4

    def reassign() -> None:
        interview = interview_of(cid, "coding_interview")
        interviews.reassign_interview(interview, interviewer_id=other_sam.id,
                                      scheduled_at=interview.scheduled_at,
                                      duration_minutes=interview.duration_minutes)
    step(app, "interview reassigned", reassign)
    step(app, "interview cancelled", lambda: interviews.cancel_interview(
        interview_of(cid, "debugging_interview"), "Moved to next week."))
    step(app, "colleague submitted", lambda: write_card(
        scorecards.submit, cid, "system_design_interview", sam, card(system_design=4)))
    # A draft is never shown, but its author's name is: two Sams are told apart by email.
    step(app, "namesake's draft", lambda: write_card(
        scorecards.save_draft, cid, "coding_interview", other_sam, card(coding=2)))
    # Sam becomes a namesake of Ivy: both are now told apart by email on the debrief.
    step(app, "interviewer renamed", lambda: users.update_profile(
        get(User, sam.id), "Ivy", "sam@example.com"))
    step(app, "requisition renamed", lambda: requisition_service.update_requisition(
        get(Requisition, req.id), requisition_service.RequisitionData(
            title="Staff Engineer", team="Payments", recruiter_ids=[rita.id],
            committee_ids=[cora.id])))
    step(app, "moved to debrief", lambda: candidates.move_candidate(
        get(Candidate, cid), "debrief", confirm_unscored=True))
    decision = step(app, "decision recorded", lambda: decisions.record_decision(
        get(Candidate, cid), "no_offer", "Not enough evidence.", "The panel disagreed.",
        actor=get(User, cora.id)).id)
    step(app, "decision reopened", lambda: decisions.reopen_decision(
        get(CommitteeDecision, decision), "New information.", actor=get(User, ada.id)))
    step(app, "candidate erased", lambda: privacy.erase_candidate(
        get(Candidate, cid), "Request 42", actor=get(User, ada.id)))

    old = step(app, "second candidate", lambda: candidates.add_candidate(
        get(Requisition, req.id), CandidateData(name="Olly")).id)
    step(app, "rejected", lambda: candidates.move_candidate(get(Candidate, old), "rejected"))
    with app.app_context():  # long ago: the time in stage is on no debrief
        db.session.execute(update(Candidate).where(Candidate.id == old).values(
            stage_entered_at=NOW - dt.timedelta(days=400)))
        db.session.commit()
    assert step(app, "retention purge", lambda: len(privacy.purge(365))) == 1
    assert stored(app, old).outcome is Outcome.INCOMPLETE


def run_cli(app, *args: str) -> Any:
    return app.test_cli_runner().invoke(main, list(args))


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_index_reads_the_summaries_and_verify_catches_any_drift(app, client, make):
    cora = make.user("committee", "interviewer", name="Cora Committee")
    offer = panel(make, "offer", committee=cora, name="Olga Offer")
    nope = panel(make, "no_offer", committee=cora, req=offer["req"], name="Nils Nope")
    mine = make.candidate(offer["req"], name="Mona Mine", stage="debrief")
    make.interview(mine, cora, "phone_screen")  # Cora's own scorecard is still to write
    ids = [offer["candidate"].id, nope["candidate"].id, mine.id]

    result = run_cli(app, "evaluations", "verify")  # written past the services: no rows
    assert result.exit_code == 1
    assert f"candidate #{mine.id}: no stored summary" in result.output
    assert "3 of 3 candidate summaries disagree" in result.output
    assert run_cli(app, "evaluations", "rebuild").output == "3 candidate summaries rebuilt.\n"
    result = run_cli(app, "evaluations", "verify")
    assert (result.exit_code, result.output) == (0, "3 candidate summaries agree with the "
                                                    "engine.\n")
    with app.app_context():
        assert db.session.scalars(select(CandidateEvaluation.candidate_id).order_by(
            CandidateEvaluation.candidate_id)).all() == sorted(ids)
        assert evaluations.stored_fingerprint(mine.id) == evaluations.summarise(
            db.session.get(Candidate, mine.id)).fingerprint
        # Tampered: the index shows what is stored (no engine run) ...
        db.session.execute(update(CandidateEvaluation).where(
            CandidateEvaluation.candidate_id == nope["candidate"].id).values(
            outcome="discuss", score_numerator=7, score_denominator=2, submitted=9))
        # ... and a candidate without a row is evaluated live.
        db.session.execute(delete(CandidateEvaluation).where(
            CandidateEvaluation.candidate_id == offer["candidate"].id))
        db.session.commit()
    client.login(cora)
    page = flat(client.get("/committee").get_data(as_text=True))
    assert "Nils Nope Discuss 3.50 bar 4.00 9 submitted" in page
    assert "Olga Offer Offer 4.27 bar 4.00 4 submitted" in page
    # Independence as before: a stored row changes nothing for a viewer who owes a scorecard.
    assert "Mona Mine Submit your scorecard first" in page
    assert "Mona Mine Incomplete" not in page

    result = run_cli(app, "evaluations", "verify")
    assert result.exit_code == 1
    assert f"candidate #{offer['candidate'].id}: no stored summary" in result.output
    assert (f"candidate #{nope['candidate'].id}: outcome discuss != no_offer; "
            "weighted_score 7/2 != 3; submitted 9 != 4") in result.output
    assert "2 of 3 candidate summaries disagree with the engine (1 missing, 1 different)" \
        in result.output
    assert run_cli(app, "evaluations", "rebuild").exit_code == 0
    assert run_cli(app, "evaluations", "verify").exit_code == 0
    page = flat(client.get("/committee").get_data(as_text=True))
    assert "Nils Nope No offer 3.00 bar 4.00 4 submitted" in page


def selects(app, client, url: str) -> list[str]:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_the_committee_index_costs_the_same_statements_at_any_size(app, client, make):
    cora = make.user("committee", name="Cora Committee")
    ivy = make.user("interviewer", name="Ivy")

    def grow(*sizes: int) -> None:
        """A requisition per size, with that many candidates in debrief (one submitted
        scorecard each), one decided and one still interviewing; summaries rebuilt."""
        for size in sizes:
            req = make.requisition(committee=[cora])
            for n in range(size):
                candidate = make.candidate(req, stage="debrief")
                make.scorecard(make.interview(candidate, ivy, "phone_screen"),
                               {"coding": 3 + n % 3})
            make.decision(make.candidate(req, stage="offer"), by=cora)
            make.candidate(req, stage="phone_screen")
        with app.app_context():
            evaluations.refresh_ids(evaluations.all_candidate_ids())
            db.session.commit()

    grow(2, 1)  # 2 requisitions, 3 candidates in debrief
    client.login(cora)
    small = selects(app, client, "/committee")
    grow(5, 4)  # 4 requisitions, 12 candidates in debrief
    large = selects(app, client, "/committee")
    assert len(small) == len(large), (small, large)
    page = client.get("/committee").get_data(as_text=True)
    assert page.count("Open debrief") == 12
    # The figures come from the summaries: no scorecard or score is loaded.
    assert not [s for s in large if "scorecard_scores" in s or
                re.match(r"\s*SELECT scorecards\.", s)]

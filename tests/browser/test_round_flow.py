"""In headless Chromium: a recruiter schedules the technical round's loop in one form, then
moves the candidate from the phone screen straight to the final round, confirming the move
past interviews that have no scorecard yet."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, Interview, StageMove
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

PANEL = {"System Design": "Ana Ames", "Coding": "Bo Bell", "Debugging": "Cy Cole",
         "Behavioral": "Di Dunn"}


def test_recruiter_schedules_a_loop_and_moves_a_candidate_by_round(page, app, make):
    rita = make.user("recruiter", name="Rita Recruiter", email="rita@example.com")
    people = {name: make.user("interviewer", name=name) for name in PANEL.values()}
    candidate = make.candidate(make.requisition(recruiters=[rita]), name="Nora Nakamura",
                               stage="phone_screen")
    make.scorecard(make.interview(candidate, people["Ana Ames"], "phone_screen"), {"coding": 4})

    page.goto("/login")
    page.get_by_label("Email").fill(rita.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/candidates/{candidate.id}")
    assert page.locator(".pipeline [aria-current=step]").inner_text() == "Phone Screen"

    technical = page.locator("section[data-round=technical_interviews]")
    technical.get_by_role("link", name="Schedule Technical Interviews").click()
    page.wait_for_url(re.compile(r"/rounds/technical_interviews/schedule$"))
    page.get_by_label("The loop starts at").fill(f"{utcnow().year + 1}-07-01T09:00")
    for interview, person in PANEL.items():
        page.get_by_label(f"Interviewer for {interview}", exact=True).select_option(
            label=f"{person} ({people[person].email})")
    page.get_by_role("button", name="Schedule the round").click()

    page.wait_for_url(re.compile(rf"/candidates/{candidate.id}$"))
    assert "Technical Interviews: 4 interviews scheduled for Nora Nakamura." in page.content()
    rows = technical.locator("tbody tr")
    assert rows.count() == 4
    for person in PANEL.values():
        assert person in technical.inner_text()
    assert technical.get_by_role("link", name="Schedule Technical Interviews").count() == 0

    # Straight to the final round: the optional take-home is skipped, the technical round's
    # interviews have no scorecard, so the move asks for confirmation first.
    page.get_by_label("Move to").select_option(label="On-site / Final Round")
    page.get_by_label("Note", exact=True).fill("Hiring manager asked to fast-track.")
    page.get_by_role("button", name="Move candidate").click()
    page.wait_for_load_state()
    assert "This move passes interviews with no submitted scorecard" in page.content()
    note = page.get_by_label("Note", exact=True)
    assert note.input_value() == "Hiring manager asked to fast-track."
    page.get_by_label("Move past interviews that have no submitted scorecard").check()
    page.get_by_role("button", name="Move candidate").click()

    page.wait_for_url(re.compile(rf"/candidates/{candidate.id}$"))
    assert "Nora Nakamura moved to On-site / Final Round." in page.content()
    assert page.locator(".pipeline [aria-current=step]").inner_text() == "On-site / Final Round"
    history = page.locator(".timeline").inner_text()
    assert "Skipped Take-Home Assignment (optional)" in history
    assert "Moved past Technical Interviews with nothing scored, confirmed" in history
    with app.app_context():
        assert db.session.get(Candidate, candidate.id).stage == "final_round"
        stages = db.session.scalars(select(Interview.stage).where(
            Interview.candidate_id == candidate.id).order_by(Interview.scheduled_at)).all()
        assert stages[1:] == ["system_design_interview", "coding_interview",
                              "debugging_interview", "behavioral_interview"]
        move = db.session.scalars(select(StageMove).order_by(StageMove.id.desc())).first()
        assert [p["round"] for p in move.passed_rounds] == ["take_home", "technical_interviews"]

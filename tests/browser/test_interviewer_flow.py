"""In headless Chromium: an interviewer writes a scorecard from the queue, and the
committee member sees the candidate's decision change."""

from __future__ import annotations

import re

import pytest

from hiring.extensions import db
from hiring.models import Candidate
from hiring.queries.evaluation import evaluate
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

OTHERS = {"system_design_interview": {"system_design": 4}, "phone_screen": {"coding": 4},
          "debugging_interview": {"debugging": 4}, "values_interview": {"cultural_fit": 4}}


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def outcome_on_candidate_page(page, candidate_id: int) -> str | None:
    page.goto(f"/candidates/{candidate_id}")
    found = page.locator("section.live-decision[data-outcome]")
    return found.first.get_attribute("data-outcome") if found.count() else None


def test_interviewer_scores_and_the_committee_sees_the_decision_change(page, browser,
                                                                       live_server, app,
                                                                       make):
    member = make.user("committee", name="Cora Committee", email="cora@example.com")
    me = make.user("interviewer", name="Ivy Interviewer", email="ivy@example.com")
    req = make.requisition(committee=[member], title="Platform engineer")
    candidate = make.candidate(req, name="Cleo Candidate", stage="behavioral_interview")
    for stage, scores in OTHERS.items():
        make.scorecard(make.interview(candidate, make.user("interviewer"), stage), scores)
    make.interview(candidate, me, "behavioral_interview")  # ownership, mentoring

    committee = browser.new_context(base_url=live_server.url)
    committee.set_default_timeout(10_000)
    member_page = committee.new_page()
    log_in(member_page, member.email)
    member_page.wait_for_url("**/committee")
    before = outcome_on_candidate_page(member_page, candidate.id)

    log_in(page, me.email)
    page.wait_for_url("**/my/interviews")
    page.get_by_role("link", name="Write the scorecard for Cleo Candidate").click()
    page.wait_for_url(re.compile(r"/my/interviews/\d+$"))
    assert page.locator("#reason-ownership").is_hidden()  # shown only for "not assessed"
    page.locator("label[for=score-ownership-5]").click()
    page.fill("#evidence-ownership", "Took over the failing billing migration unasked.")
    page.get_by_role("button", name="Save draft").click()  # in place: the page stays
    page.locator("[data-saved]", has_text="Draft saved at").wait_for()
    assert page.locator("#score-ownership-5").is_checked()

    page.fill("#summary", "Strong owner.")
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_load_state()
    errors = page.locator("#crit-mentoring .field-errors")
    assert "Score Mentoring, or mark it not assessed." in errors.inner_text()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#score-ownership-5").is_checked()
    assert page.input_value("#evidence-ownership") == (
        "Took over the failing billing migration unasked.")
    assert page.input_value("#summary") == "Strong owner."

    page.focus("#score-mentoring-1")  # the keyboard: arrows move through the scale
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.locator("#score-mentoring-4").is_checked()
    page.fill("#evidence-mentoring", "Mentors two juniors; showed their review notes.")
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_load_state()
    assert "submitted" in page.locator(".flashes").inner_text()
    assert page.get_by_text("Submitted r1").first.is_visible()
    assert page.locator("textarea").count() == 0  # read-only now

    with app.app_context():  # the engine's view, whatever the page shows
        stored = db.session.get(Candidate, candidate.id)
        assert evaluate(stored).decision.outcome.value == "offer"
    after = outcome_on_candidate_page(member_page, candidate.id)
    committee.close()
    assert (before, after) == ("incomplete", "offer")  # the live decision partial

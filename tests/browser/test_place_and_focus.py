"""In headless Chromium: a refused form brings the person to its error (focused, visible,
nothing typed lost), and "Save draft" saves the scorecard without leaving the place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hiring.extensions import db
from hiring.models import CommitteeDecision, Scorecard
from tests.browser.test_interviewer_flow import log_in
from tests.views.committee_support import panel

pytestmark = pytest.mark.browser

RATIONALE = "Ownership examples did not hold up under questions."


def test_a_refused_override_brings_the_member_to_the_error(page, app, make):
    member = make.user("committee", name="Cora Committee", email="cora@example.com")
    data = panel(make, "offer", committee=member, name="Olga Okafor")
    log_in(page, member.email)
    page.wait_for_url("**/committee")
    page.goto(f"/candidates/{data['candidate'].id}/debrief")

    page.get_by_label("No offer").check()  # the engine recommends an offer
    page.get_by_label("Rationale").fill(RATIONALE)
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url(re.compile(r"/decision$"))

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_attribute("role") == "alert"
    assert "explain why the committee decides No offer" in summary.inner_text()
    # Above the verdict: the first thing on the page, not under the tables.
    verdict_top = page.locator(".verdict-card").bounding_box()["y"]
    assert summary.bounding_box()["y"] < verdict_top
    assert page.get_by_label("Rationale").input_value() == RATIONALE
    assert page.get_by_label("No offer").is_checked()

    # Its link takes the keyboard to the field that needs the text.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Override justification")).to_be_focused()
    page.keyboard.type("Two references contradicted them.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url(re.compile(r"/debrief$"))
    with app.app_context():
        [row] = db.session.scalars(select(CommitteeDecision)).all()
        assert (row.decision, row.rationale, row.override_justification) == (
            "no_offer", RATIONALE, "Two references contradicted them.")


def stored_draft(app, interview_id: int) -> Scorecard:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
        assert card is not None
        card.content()
        db.session.expunge(card)
        return card


def test_save_draft_keeps_the_place_and_a_second_save_works(page, app, make):
    me = make.user("interviewer", name="Ivy Interviewer", email="ivy@example.com")
    candidate = make.candidate(make.requisition(), name="Cleo Candidate",
                               stage="behavioral_interview")
    interview = make.interview(candidate, me, "behavioral_interview")  # ownership, mentoring
    log_in(page, me.email)
    page.wait_for_url("**/my/interviews")
    page.goto(f"/my/interviews/{interview.id}")
    url = page.url
    navigations: list[str] = []
    page.on("framenavigated",
            lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    page.locator("label[for=score-mentoring-4]").click()
    page.fill("#evidence-mentoring", "Mentors two juniors; showed their review notes.")
    page.locator("#flags").scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 400")
    save = page.get_by_role("button", name="Save draft")
    save.scroll_into_view_if_needed()  # the click would scroll to it: measure from there
    scrolled = page.evaluate("window.scrollY")
    lock_before = page.input_value("input[name=lock_version]")

    save.click()
    expect(page.locator("[data-saved]")).to_contain_text("Draft saved at")
    assert navigations == []
    assert page.url == url
    assert abs(page.evaluate("window.scrollY") - scrolled) <= 2
    expect(save).to_be_focused()
    lock_first = page.input_value("input[name=lock_version]")
    assert lock_first != lock_before
    first = stored_draft(app, interview.id)
    assert (first.status, str(first.lock_version)) == ("draft", lock_first)
    assert first.content()["scores"]["mentoring"]["score"] == 4

    # A second save from the same page is not refused as stale: the lock moved with it.
    page.fill("#summary", "Second pass, after re-reading my notes.")
    save.click()
    expect(page.locator("input[name=lock_version]")).not_to_have_value(lock_first)
    expect(page.locator("[data-save-problem]")).to_be_empty()
    second = stored_draft(app, interview.id)
    assert second.summary == "Second pass, after re-reading my notes."
    assert str(second.lock_version) == page.input_value("input[name=lock_version]")
    assert navigations == []

    page.reload()
    assert page.locator("#score-mentoring-4").is_checked()
    assert page.input_value("#summary") == "Second pass, after re-reading my notes."

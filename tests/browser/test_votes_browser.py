"""In headless Chromium: an interviewer adds a Strong yes to a low score, and the committee
sees the vote beside the formula on the debrief, marked as a disagreement to talk about."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import PASSWORD
from tests.views.committee_support import PEOPLE, panel

pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_vote_shows_beside_the_formula_and_a_disagreement_is_marked(page, browser,
                                                                        live_server, make):
    member = make.user("committee", name="Cora Committee", email="cora@example.com")
    data = panel(make, "incomplete", committee=member, name="Vic Vote")  # debugging awaited
    dev = data["people"]["debugging_interview"]

    log_in(page, dev.email)
    page.goto(f"/my/interviews/{data['interviews']['debugging_interview'].id}")
    vote = page.get_by_role("group", name="Your overall recommendation")
    assert vote.get_by_label("No vote").is_checked()
    assert "never enters the formula" in page.locator("#recommendation").inner_text()
    page.locator("label[for=score-debugging-1]").click()
    page.fill("#evidence-debugging", "Could not find the bug with a debugger attached.")
    vote.get_by_text("Strong yes").click()
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_load_state()
    assert "Overall recommendation: Strong yes" in page.locator(".scorecard-view").inner_text()

    committee = browser.new_context(base_url=live_server.url)
    committee.set_default_timeout(10_000)
    member_page = committee.new_page()
    log_in(member_page, member.email)
    member_page.wait_for_url("**/committee")
    member_page.goto(f"/candidates/{data['candidate'].id}/debrief")
    verdict = member_page.locator(".verdict-card")
    assert "Short of the bar" in verdict.inner_text()
    votes = member_page.locator("#votes")
    assert votes.is_visible()
    # Beside the weighted score: the same row of the verdict card, to its right.
    score_box = member_page.locator(".verdict-numbers").bounding_box()
    votes_box = votes.bounding_box()
    assert votes_box["x"] >= score_box["x"] + score_box["width"]
    assert votes_box["y"] < score_box["y"] + score_box["height"]
    marked = votes.locator(".vote-disagree")
    assert marked.count() == 1
    assert re.search(rf"Strong yes\s+{PEOPLE['debugging_interview']}", marked.inner_text())
    assert "Against the score" in marked.inner_text()
    topics = member_page.locator("ul.topics").inner_text()
    assert "Vote against the score" in topics
    assert "voted Strong yes; the weighted score is below the bar" in topics
    committee.close()

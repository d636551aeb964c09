"""In headless Chromium: a committee member goes from the committee index to a debrief and
records a decision that overrides the engine's recommendation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from hiring.extensions import db
from hiring.models import CommitteeDecision
from tests.support.factories import PASSWORD
from tests.views.committee_support import panel
from tests.views.test_packet import pdf_text

pytestmark = pytest.mark.browser


def test_committee_member_records_a_decision_from_the_index(page, app, make):
    member = make.user("committee", name="Cora Committee", email="cora@example.com")
    data = panel(make, "offer", committee=member, name="Olga Okafor")

    page.goto("/login")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/committee")

    row = page.get_by_role("row").filter(has_text="Olga Okafor")
    assert "Offer" in row.inner_text()
    row.get_by_role("link", name="Open debrief").click()
    page.wait_for_url(re.compile(rf"/candidates/{data['candidate'].id}/debrief$"))
    assert "Meets the bar with a margin of +0.27." in page.locator(".verdict-card").inner_text()

    # The engine recommends an offer; the committee decides otherwise, so it must justify.
    page.get_by_label("No offer").check()
    page.get_by_label("Rationale").fill("Ownership examples did not hold up under questions.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    assert "explain why the committee decides No offer" in page.content()
    assert page.get_by_label("Rationale").input_value().startswith("Ownership examples")
    page.get_by_label("Override justification").fill("Two references contradicted them.")
    page.get_by_role("button", name="Record decision").click()

    page.wait_for_url(re.compile(r"/debrief$"))
    assert "Decision recorded for Olga Okafor: No offer." in page.content()
    decision = page.locator("#decision")
    assert "Override" in decision.inner_text()
    assert "Two references contradicted them." in decision.inner_text()
    assert page.get_by_role("button", name="Record decision").count() == 0
    with app.app_context():
        [row] = db.session.scalars(select(CommitteeDecision)).all()
        assert (row.decision, row.is_override, row.decided_by_id) == ("no_offer", True,
                                                                      member.id)

    # The packet, downloaded as a person would, says what was decided.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF packet").click()
    download = download_info.value
    assert download.suggested_filename == f"debrief-{data['candidate'].id}-olga-okafor.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Olga Okafor" in text
    assert "OVERRIDE" in text
    assert "Two references contradicted them." in text

"""A form refused far down the page says so at the top: a summary (role="alert", focusable,
marked for forms.js to focus) with a link to each field, and what was typed kept."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.views.committee_support import panel


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def summary(page: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_refused_override_is_summarised_above_the_verdict(client, make):
    data = panel(make, "offer")
    client.login(data["committee"])
    response = client.post(f"/candidates/{data['candidate'].id}/decision", data={
        "decision": "no_offer", "rationale": "Our own words stay.", "seen_outcome": "offer"})
    page = text(response)
    box = summary(page)
    for attribute in ('role="alert"', 'tabindex="-1"', "data-error-summary"):
        assert attribute in box
    assert "The decision was not recorded" in box
    assert re.search(r'<a href="#override_justification">[^<]*explain why the committee '
                     r"decides No offer", box)
    assert page.index('class="error-summary"') < page.index("verdict-card")
    assert page.count('id="error-summary"') == 1
    assert "Our own words stay." in page
    assert 'id="override_justification"' in page  # the link's target exists


def test_a_missing_decision_links_to_its_first_choice(client, make):
    data = panel(make, "offer")
    client.login(data["committee"])
    page = text(client.post(f"/candidates/{data['candidate'].id}/decision",
                            data={"rationale": "Typed.", "seen_outcome": "offer"}))
    assert '<a href="#decision-0">Choose offer, no offer or hold.</a>' in summary(page)
    assert 'id="decision-0"' in page


def test_the_debrief_without_errors_has_no_summary(client, make):
    data = panel(make, "offer")
    client.login(data["committee"])
    page = text(client.get(f"/candidates/{data['candidate'].id}/debrief"))
    assert "error-summary" not in page


def test_a_refused_new_user_is_summarised_with_links(client, make):
    client.login(make.user("admin"))
    page = text(client.post("/admin/users/new", data={
        "name": "Nina New", "email": "not-an-email", "roles": ["interviewer"],
        "password": "a long enough password", "confirm": "another long password"}))
    box = summary(page)
    assert re.search(r'<a href="#email">[^<]*email address', box, re.I)
    assert '<a href="#confirm">The two passwords differ.</a>' in box
    assert 'value="Nina New"' in page

"""In headless Chromium: a recruiter finds "Mateo García" by typing ``garcia``, sorts the
candidate list by name with the header, selects every candidate on the page and moves them
to the phone screen in one go. The search runs on both databases; the sorting and the bulk
move, whose SQL tests/views/test_list_tables.py and tests/test_search.py cover on both, on
SQLite."""

from __future__ import annotations

import re

import pytest

from hiring.extensions import db
from hiring.models import Candidate
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


def _recruiter_with_three_candidates(page, make) -> None:
    rita = make.user("recruiter", name="Rita Recruiter", email="rita@example.com")
    req = make.requisition(recruiters=[rita], title="Platform Engineer")
    for name in ["Zoë Zamora", "Mateo García", "Åsa Berg"]:
        make.candidate(req, name=name, email="")
    page.goto("/login")
    page.get_by_label("Email").fill(rita.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/candidates")


def test_search_ignores_accents_and_case(page, make):
    _recruiter_with_three_candidates(page, make)
    for typed, found in [("garcia", "Mateo García"), ("ZOE", "Zoë Zamora"),
                         ("åsa", "Åsa Berg")]:
        page.get_by_label("Name or email").fill(typed)
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url(re.compile(r"q="))
        names = [n.inner_text() for n in page.locator("tbody .stack-title a").all()]
        assert names == [found], typed


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_search_sort_and_bulk_move(page, app, make):
    _recruiter_with_three_candidates(page, make)
    page.get_by_label("Name or email").fill("garcia")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=garcia"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Mateo García" in rows.first.inner_text()

    page.get_by_role("link", name="Clear").click()
    page.get_by_role("link", name=re.compile(r"^Name")).click()
    page.wait_for_url(re.compile(r"sort=name"))
    name_header = page.locator("th", has=page.get_by_role("link", name=re.compile(r"^Name")))
    assert name_header.get_attribute("aria-sort") == "ascending"
    assert [n.inner_text() for n in page.locator("tbody .stack-title a").all()] == [
        "Åsa Berg", "Mateo García", "Zoë Zamora"]

    page.get_by_label("Select every candidate on this page").check()
    assert page.locator("[data-bulk-count]").inner_text() == "(3 selected)"
    page.get_by_label("Select Zoë Zamora").uncheck()
    assert page.locator("[data-bulk-count]").inner_text() == "(2 selected)"
    page.get_by_label("Move to").select_option(label="Phone Screen")
    page.get_by_role("button", name="Move selected").click()
    page.wait_for_url(re.compile(r"/candidates\?sort=name$"))
    assert "2 candidates moved to Phone Screen." in page.content()
    with app.app_context():
        stages = {c.name: c.stage for c in db.session.scalars(db.select(Candidate))}
    assert stages == {"Åsa Berg": "phone_screen", "Mateo García": "phone_screen",
                      "Zoë Zamora": "applied"}

"""A committee member follows the debrief's note on an older rubric version to the diff of
the two versions, then compares them the other way round with the picker (issue 14)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hiring.cli import main
from tests.support.factories import PASSWORD
from tests.test_rubric_sync import rubric_dir
from tests.views.committee_support import panel

pytestmark = pytest.mark.browser


def sync_a_revision(app, tmp_path, monkeypatch) -> None:
    """A second version of senior-engineer, stored as ``hiring rubric sync`` stores one: the
    bar lowered and weight moved from System Design to Coding."""
    folder = rubric_dir(tmp_path, bar="3.5")
    reference = folder / "senior-engineer.yaml"
    text = reference.read_text(encoding="utf-8")
    text = text.replace("    weight: 20\n", "    weight: 25\n", 1)  # coding
    text = text.replace("    weight: 25\n", "    weight: 20\n", 1)  # system design, first
    reference.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app.config["RUBRICS_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(main, ["rubric", "sync"])
    assert "stored  senior-engineer" in result.output, result.output


def test_the_debrief_leads_to_the_diff_of_two_versions(page, app, make, tmp_path,
                                                       monkeypatch):
    member = make.user("committee", name="Cora Committee", email="cora@example.com")
    data = panel(make, "offer", committee=member, name="Olga Okafor")
    sync_a_revision(app, tmp_path, monkeypatch)

    page.goto("/login")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/committee")
    page.goto(f"/candidates/{data['candidate'].id}/debrief")
    note = page.locator(".debrief-version-note")
    expect(note).to_contain_text("differs in the bar (4 → 3.5) and the weights of 2 criteria.")
    note.get_by_role("link", name="See what changed").click()
    page.wait_for_url(re.compile(r"/rubrics/senior-engineer/diff\?from=\w+&to=\w+$"))

    expect(page.get_by_role("heading", name="What changed", level=1)).to_be_visible()
    expect(page.locator(".diff-summary")).to_contain_text(
        "Version 2 differs in the bar (4 → 3.5) and the weights of 2 criteria.")
    bar = page.get_by_role("region", name="Decision policy").get_by_role("row", name="Bar")
    expect(bar.get_by_role("cell")).to_have_text(["4", "3.5"])  # side by side
    weights = page.get_by_role("region", name="Weights")
    coding = weights.get_by_role("row").filter(has_text="Coding")
    expect(coding.get_by_role("img", name="version 1 weight 20 of 100")).to_be_visible()
    expect(coding.get_by_role("img", name="version 2 weight 25 of 100")).to_be_visible()

    # The picker compares any two: the other way round reads as the reverse change.
    for field, number in (("Older version", 2), ("Newer version", 1)):
        select = page.get_by_label(field)
        select.select_option(select.locator("option", has_text=f"Version {number} ")
                             .get_attribute("value"))
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".diff-summary")).to_contain_text(
        "Version 1 differs in the bar (3.5 → 4)")

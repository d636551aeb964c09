"""A recruiter opens each report through the navigation and downloads each report's CSV."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.factories import PASSWORD
from tests.views.test_reports import TRUTH, seed

pytestmark = pytest.mark.browser

REPORTS = [("Calibration", "Interviewer calibration", "Per interviewer, all criteria"),
           ("Agreement", "Inter-rater agreement", "Per criterion, everything in scope"),
           ("Turnaround and funnel", "Turnaround and funnel",
            "Scorecard turnaround per interviewer"),
           ("Adverse impact", "Adverse impact", "Gender: selection per step")]


def test_each_report_opens_and_downloads_its_csv(page, make):
    recruiter = make.user("recruiter", name="Rita Recruiter", email="rita@example.com")
    panel = {"lenient": make.user("interviewer", name="Zoë Lenient"),
             "severe": make.user("interviewer", name="Sev Severe"),
             "steady": make.user("interviewer", name="Sam Steady")}
    req = make.requisition(recruiters=[recruiter], title="Backend")
    seed(make, req, panel, TRUTH[:3])  # enough for every table to have rows

    page.goto("/login")
    page.get_by_label("Email").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/requisitions")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.wait_for_url("**/reports")
    page.get_by_role("link", name="Interviewer calibration").click()
    for index, (tab, title, table) in enumerate(REPORTS):
        if index:  # the first report was opened from the index: no second load of it
            page.get_by_role("navigation", name="Reports").get_by_role("link",
                                                                       name=tab).click()
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        section = page.get_by_role("region", name=table)
        with page.expect_download() as download_info:
            section.get_by_role("link", name="Download CSV").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".csv")
        text = Path(download.path()).read_bytes().decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)))
        assert len(header) >= 5, (title, header)
        if tab == "Calibration":
            assert "Zoë Lenient" in text
            assert page.locator("svg[role=img] title").count() >= 1

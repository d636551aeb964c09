"""In headless Chromium: a recruiter attaches a résumé on the candidate page, and the
interviewer reads it inline in the interview kit (the frame loads the PDF itself)."""

from __future__ import annotations

import re

import pytest

from hiring.documents.sample import simple_pdf
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

RESUME = simple_pdf("Nora Fairweather: résumé", ["Ten years of Rust and PostgreSQL"])


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_recruiter_uploads_a_resume_and_the_interviewer_reads_it_in_the_kit(page, make):
    rita = make.user("recruiter", name="Rita Recruiter", email="rita@example.com")
    ivan = make.user("interviewer", name="Ivan Interviewer", email="ivan@example.com")
    req = make.requisition(recruiters=[rita], title="Platform engineer")
    candidate = make.candidate(req, name="Nora Fairweather", stage="phone_screen")
    interview = make.interview(candidate, ivan, "phone_screen")

    log_in(page, rita.email)
    page.goto(f"/candidates/{candidate.id}")
    page.get_by_label("Résumé or other document").set_input_files(
        {"name": "Nora CV.pdf", "mimeType": "application/pdf", "buffer": RESUME})
    page.get_by_role("button", name="Attach").click()
    page.wait_for_url(re.compile(rf"/candidates/{candidate.id}#documents$"))
    assert "Nora CV.pdf attached." in page.locator(".flash").first.inner_text()
    assert page.locator("#documents .document-list li").count() == 1

    page.context.clear_cookies()
    log_in(page, ivan.email)
    with page.expect_response(re.compile(r"/documents/\d+$")) as framed:
        page.goto(f"/my/interviews/{interview.id}")
    response = framed.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="Nora CV.pdf"'
    assert page.frame(name="kit-document").url == response.url  # the viewer shows it
    frame = page.locator("iframe.document-frame")
    assert frame.get_attribute("title") == "Nora CV.pdf"
    assert frame.is_visible()
    assert frame.bounding_box()["height"] >= 400

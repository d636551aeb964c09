"""In headless Chromium: an admin creates an account without a password, hands over the
invitation link (no SMTP here), the new colleague chooses a password with it and logs in;
the same link a second time is refused with a page that says why."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp
import pytest

from tests.support.factories import PASSWORD

# The flow, not the database, is under test here (tests/services/test_account_links.py runs
# on both): SQLite only keeps CI's browser time down.
pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]
CHOSEN = "tangerine orbit cello harbour"


def log_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_invitation_link_works_once(page, make):
    admin = make.user("admin", name="Ada Admin", email="ada@example.com")
    log_in(page, "ada@example.com", PASSWORD)
    page.wait_for_url("**/login/code")
    page.get_by_label("Code").fill(pyotp.TOTP(admin.totp_secret).now())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/users")

    page.goto("/admin/users/new")
    page.get_by_label("Name").fill("Nina Novak")
    page.get_by_label("Email").fill("nina@example.com")
    page.get_by_text("Interviewer", exact=True).click()
    page.get_by_role("button", name="Create user").click()
    link = urlsplit(page.get_by_label("The link").input_value()).path  # under BASE_URL
    assert link.startswith("/account/link/")
    page.get_by_role("button", name="Log out").click()

    page.goto(link)
    assert page.get_by_role("heading", name="Welcome, Nina Novak").is_visible()
    page.get_by_label("New password").fill(CHOSEN)
    page.get_by_label("Repeat the password").fill(CHOSEN)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/login")
    assert "Your password is set" in page.content()
    log_in(page, "nina@example.com", CHOSEN)
    page.wait_for_url("**/my/interviews")
    page.get_by_role("button", name="Log out").click()

    page.goto(link)
    assert page.get_by_role("heading", name="This link does not work").is_visible()
    assert "This link has been used already" in page.content()
    page.get_by_role("link", name="Ask for a new link").click()
    page.wait_for_url("**/account/forgot")

"""In headless Chromium: an admin without TOTP is sent to set it up, scans nothing (the key
is typed as an authenticator app would read it), and then logs in with a code."""

from __future__ import annotations

import pyotp
import pytest

from hiring.database import utcnow
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_admin_enrols_and_logs_in_with_a_code(page, make):
    make.user("admin", name="Ada Admin", email="ada@example.com", totp=False)
    log_in(page, "ada@example.com")
    page.wait_for_url("**/account/mfa")
    page.get_by_role("button", name="Set up an authenticator app").click()
    page.wait_for_url("**/account/mfa")
    qr = page.locator("img.qr-code")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # the SVG rendered
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-step verification").click()
    assert page.locator("ol.recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved them").click()
    page.wait_for_url("**/admin/users")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "ada@example.com")
    page.wait_for_url("**/login/code")
    page.get_by_label("Code").fill(totp.generate_otp(totp.timecode(utcnow()) + 1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/users")
    assert "Ada Admin" in page.content()

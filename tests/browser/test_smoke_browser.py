import pytest

from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_login_in_chromium(page, make):
    user = make.user("recruiter", email="rita@example.com", name="Rita")
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/requisitions")
    assert "Rita" in page.content()

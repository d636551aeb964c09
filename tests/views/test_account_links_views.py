"""The pages of the one-time links: the admin's invitation (shown once without SMTP), the
public "forgot your password?" form, and the link's own page."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.extensions import db
from hiring.models import AccountLink, OutboxMessage, User

PASSWORD = "tangerine orbit cello harbour"


def html(response) -> str:
    return response.get_data(as_text=True)


def shown_link(page: str) -> str:
    """The path of the link an admin page shows (without SMTP, the admin hands it over)."""
    found = re.search(r'value="http://localhost:5000(/account/link/[^"]+)"', page)
    assert found, page
    return found.group(1)


def test_a_new_user_without_a_password_gets_a_link_the_admin_sees_once(app, make, client):
    client.login(make.user("admin"))
    response = client.post("/admin/users/new", data={
        "name": "Nina Novak", "email": "nina@example.test", "roles": ["interviewer"]})
    assert response.status_code == 200
    page = html(response)
    assert "Give this link to Nina Novak" in page
    assert "no-store" in response.headers["Cache-Control"]
    path = shown_link(page)
    with app.app_context():
        nina = db.session.scalar(select(User).where(User.email == "nina@example.test"))
        assert nina is not None
        assert nina.roles == {"interviewer"}
        assert db.session.scalar(select(OutboxMessage.kind)) == "account-invite"
        nina_id = nina.id
    edit = html(client.get(f"/admin/users/{nina_id}"))
    assert "is open until" in edit
    assert path not in edit  # stored hashed: never shown again
    # A second link replaces the first.
    again = client.post(f"/admin/users/{nina_id}/link")
    assert again.status_code == 200
    newer = shown_link(html(again))
    client.post("/logout")
    assert client.get(path).status_code == 410
    assert "replaced by a newer one" in html(client.get(path))
    assert client.get(newer).status_code == 200


def test_a_new_user_with_a_password_gets_no_link(app, make, client):
    client.login(make.user("admin"))
    response = client.post("/admin/users/new", data={
        "name": "Nina Novak", "email": "nina@example.test", "roles": ["interviewer"],
        "password": PASSWORD, "confirm": "something else"})
    assert "The two passwords differ." in html(response)
    response = client.post("/admin/users/new", data={
        "name": "Nina Novak", "email": "nina@example.test", "roles": ["interviewer"],
        "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AccountLink)) is None


def test_no_link_for_a_deactivated_account(app, make, client):
    client.login(make.user("admin"))
    gone = make.user("interviewer", active=False)
    response = client.post(f"/admin/users/{gone.id}/link", follow_redirects=True)
    assert "reactivate the account before sending a link" in html(response)
    with app.app_context():
        assert db.session.scalar(select(AccountLink)) is None


def test_the_forgot_form_answers_the_same_for_any_email(app, make, client):
    make.user("interviewer", email="ivan@example.test")
    assert "Forgot your password?" in html(client.get("/login"))
    pages = []
    for email in ("ivan@example.test", "nobody@example.test"):
        response = client.post("/account/forgot", data={"email": email})
        assert response.status_code == 200
        pages.append(html(response).replace(email, "EMAIL"))
    assert pages[0] == pages[1]
    bad = client.post("/account/forgot", data={"email": "not an email"})
    assert "Enter an email address" in html(bad)
    for _ in range(3):
        client.post("/account/forgot", data={"email": "nobody@example.test"})
    throttled = client.post("/account/forgot", data={"email": "nobody@example.test"})
    assert throttled.status_code == 429
    assert "Too many requests" in html(throttled)


def test_the_link_page_sets_the_password_then_refuses_clearly(app, make, client):
    admin = make.user("admin")
    ivan = make.user("interviewer", name="Ivan Petrov", email="ivan@example.test")
    client.login(admin)
    path = shown_link(html(client.post(f"/admin/users/{ivan.id}/link")))
    client.post("/logout")
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "ivan@example.test" in html(page)
    weak = client.post(path, data={"password": "IvanPetrov2026!", "confirm": "IvanPetrov2026!"})
    assert weak.status_code == 200
    assert "Do not build it from your name or email address." in html(weak)
    differ = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD + "x"})
    assert "The two passwords differ." in html(differ)
    done = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert done.status_code == 302
    assert done.location.endswith("/login")
    assert "Log in with it" in html(client.get("/login"))
    used = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert used.status_code == 410
    assert "This link has been used already" in html(used)
    assert client.get("/account/link/made-up").status_code == 404

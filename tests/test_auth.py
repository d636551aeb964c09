"""Logging in and out: the password form, throttling, sessions, redirects, the audit trail."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest
from sqlalchemy import select

from hiring.extensions import db
from hiring.models import AuditEvent, User
from hiring.services import users as accounts
from tests.support.factories import PASSWORD
from tests.support.mfa import fresh_code

LOGIN_ERROR = "Email or password is not right, or the account is inactive."
THROTTLED = "Too many failed attempts."
COOKIE = "hiring_session"


def login(client, email: str, password: str = PASSWORD, next: str | None = None):
    """The password form, then for a user with TOTP (every admin) the code step too."""
    url = "/login" + (f"?next={quote(next, safe='')}" if next else "")
    response = client.post(url, data={"email": email, "password": password})
    if response.headers.get("Location") == "/login/code":
        response = client.post("/login/code",
                               data={"code": fresh_code(client.application, email)})
    return response


def logged_in(client) -> bool:
    return not client.get("/").headers.get("Location", "").startswith("/login")


def form_error(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('role="alert">', 1)[1].split("</div>", 1)[0] if 'role="alert"' in html \
        else ""


def audit_events(app, action: str | None = None) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def edit_user(app, user_id: int, change) -> None:
    with app.app_context():
        change(db.session.get(User, user_id))
        db.session.commit()


# -- the password form ----------------------------------------------------------------------

def test_login_with_the_password_form(client, make):
    user = make.user("admin", email="ada@example.test")
    assert client.get("/login").status_code == 200
    response = login(client, "  ADA@example.test ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/admin/users"
    with client.session_transaction() as session:
        assert session["_user_id"] == user.get_id()


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, make):
    make.user("admin", email="ada@example.test")
    wrong = login(client, "ada@example.test", "not the right password")
    unknown = login(client, "nobody@example.test", "not the right password")
    assert wrong.status_code == unknown.status_code == 200
    assert LOGIN_ERROR in form_error(wrong)
    assert form_error(wrong) == form_error(unknown)
    assert "not the right password" not in wrong.get_data(as_text=True)
    assert not logged_in(client)


def test_an_inactive_user_cannot_log_in(client, make):
    make.user("admin", email="gone@example.test", active=False)
    response = login(client, "gone@example.test")
    assert LOGIN_ERROR in form_error(response)
    assert not logged_in(client)


def test_the_form_checks_its_fields(client):
    response = login(client, "", "")
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


def test_logging_out_takes_a_post_with_the_token(client, make):
    make.user("admin", email="ada@example.test")
    login(client, "ada@example.test")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert logged_in(client)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert not logged_in(client)


# -- where the login leads ------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "/\t/evil.example", "\\\\evil.example", "evil.example/x",
])
def test_next_only_goes_to_local_paths(client, make, target):
    make.user("admin", email="ada@example.test")
    response = login(client, "ada@example.test", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_keeps_a_local_path_with_its_query(client, make):
    make.user("admin", email="ada@example.test")
    response = login(client, "ada@example.test", next="/candidates?x=1")
    assert response.headers["Location"] == "/candidates?x=1"


def test_a_protected_page_sends_to_login_and_back(client, make):
    make.user("admin", email="ada@example.test")
    location = client.get("/admin/audit?action=auth.login").headers["Location"]
    assert location.startswith("/login?next=")
    response = client.post(location, data={"email": "ada@example.test", "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"  # an admin: the code step first
    response = client.post("/login/code",
                           data={"code": fresh_code(client.application, "ada@example.test")})
    assert response.headers["Location"] == "/admin/audit?action=auth.login"


def test_a_logged_in_user_is_sent_home_from_the_login_page(client, make):
    client.login(make.user("admin"))
    assert client.get("/login").headers["Location"] == "/"


# -- the session ----------------------------------------------------------------------------

def session_cookie_header(response) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    return header


def test_the_session_cookie_is_httponly_and_lax_and_secure_over_https(app, client, make):
    make.user("admin", email="ada@example.test")
    client.get("/login")
    header = session_cookie_header(login(client, "ada@example.test"))
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header

    visitor = app.test_client()
    over_https = session_cookie_header(visitor.get("/login", base_url="https://localhost"))
    assert "Secure" in over_https
    assert "HttpOnly" in over_https
    assert "SameSite=Lax" in over_https


def test_login_starts_a_new_session(client, make):
    user = make.user("admin", email="ada@example.test")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted_before_login"] = "attacker's value"
        token_before = session["csrf_token"]
    cookie_before = client.get_cookie(COOKIE).value
    login(client, "ada@example.test")
    assert client.get_cookie(COOKIE).value != cookie_before
    with client.session_transaction() as session:
        assert "planted_before_login" not in session
        assert session.get("csrf_token") != token_before
        assert session["_user_id"] == user.get_id()


def test_deactivating_a_user_ends_their_live_session(app, client, make):
    user = make.user("admin", email="ada@example.test")
    login(client, "ada@example.test")
    assert client.get("/admin/users").status_code == 200
    edit_user(app, user.id, accounts.deactivate)
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_role_change_takes_effect_on_the_next_request(app, client, make):
    user = make.user("admin", "interviewer", email="ada@example.test")
    login(client, "ada@example.test")
    assert client.get("/admin/users").status_code == 200
    edit_user(app, user.id, lambda u: accounts.set_roles(u, ["interviewer"]))
    assert client.get("/admin/users").status_code == 403
    edit_user(app, user.id, lambda u: accounts.set_roles(u, ["interviewer", "admin"]))
    assert client.get("/admin/users").status_code == 200


# -- throttling -----------------------------------------------------------------------------

def test_too_many_failures_lock_the_account_even_for_the_right_password(app, client, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 3
    user = make.user("admin", email="ada@example.test")
    for _ in range(3):
        assert login(client, "ada@example.test", "wrong password!").status_code == 200
    response = login(client, "ada@example.test", PASSWORD)
    assert response.status_code == 429
    assert THROTTLED in form_error(response)
    assert "Try again in 1 minute," in form_error(response)  # growing delays: 30 s first
    assert not logged_in(client)
    [event] = audit_events(app, "auth.login_throttled")  # one summary, no typed email
    assert (event.actor_label, event.object_id) == ("", str(user.id))
    # another account from the same address is not locked by this one
    make.user("admin", email="bob@example.test")
    assert login(client, "bob@example.test").status_code == 302


def test_a_successful_login_resets_the_account_count(app, client, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 3
    make.user("admin", email="ada@example.test")
    for _ in range(2):
        login(client, "ada@example.test", "wrong password!")
    assert login(client, "ada@example.test").status_code == 302
    client.post("/logout")
    for _ in range(2):
        login(client, "ada@example.test", "wrong password!")
    assert login(client, "ada@example.test").status_code == 302


def test_a_new_password_from_an_administrator_unlocks_the_account(app, client, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 2
    user = make.user("admin", email="ada@example.test")
    for _ in range(2):
        login(client, "ada@example.test", "wrong password!")
    assert login(client, "ada@example.test").status_code == 429
    edit_user(app, user.id, lambda u: accounts.set_password(u, "a brand new passphrase"))
    assert login(client, "ada@example.test", "a brand new passphrase").status_code == 302


def test_too_many_failures_from_one_address_lock_that_address(app, client, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 100
    app.config["LOGIN_THROTTLE_PER_ADDRESS"] = 3
    make.user("admin", email="ada@example.test")
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for n in range(3):
        login(client, f"guess{n}@example.test", "wrong password!")
    response = login(client, "ada@example.test", PASSWORD)
    assert response.status_code == 429
    assert THROTTLED in form_error(response)

    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert login(elsewhere, "ada@example.test", PASSWORD).status_code == 302


# -- the audit trail and the logs -----------------------------------------------------------

def test_logins_are_audited_with_the_address_and_failures_only_counted(app, client, make):
    user = make.user("admin", email="ada@example.test")
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    login(client, "ada@example.test", "wrong password!")
    login(client, "nobody@example.test", "wrong password!")
    login(client, "ada@example.test")
    client.post("/logout")
    # Failures go to the throttle's counters (tests/test_throttle.py), not one row each.
    assert audit_events(app, "auth.login_failed") == []
    [ok] = audit_events(app, "auth.login")
    assert (ok.actor_id, ok.actor_label, ok.object_id, ok.ip) == (
        user.id, "ada@example.test", str(user.id), "203.0.113.9")
    assert len(audit_events(app, "auth.logout")) == 1


def test_no_password_reaches_the_audit_trail_or_the_logs(app, client, make, caplog):
    caplog.set_level(logging.DEBUG)
    # SQL statements as SQLALCHEMY_ECHO logs them: with their parameters unless hidden.
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    typed = ["first typed password 1", "mistyped password 22", "second typed password 333"]
    admin = make.user("admin", email="ada@example.test")
    client.login(admin)
    client.post("/admin/users/new", data={
        "name": "Nina New", "email": "nina@example.test", "roles": ["interviewer"],
        "password": typed[0], "confirm": typed[0]})
    nina = app.test_client()
    login(nina, "nina@example.test", typed[1])
    login(nina, "nina@example.test", typed[0])
    with app.app_context():
        nina_id = db.session.scalar(select(User.id).where(User.email == "nina@example.test"))
    client.post(f"/admin/users/{nina_id}/password",
                data={"password": typed[2], "confirm": typed[2]})
    login(app.test_client(), "nina@example.test", typed[2])

    events = audit_events(app)
    assert {"user.created", "auth.login", "user.password_changed"} <= {
        e.action for e in events}
    for event in events:
        recorded = json.dumps([event.before, event.after, event.actor_label, event.object_id,
                               event.action])
        assert "argon2" not in recorded
        assert not [p for p in typed if p in recorded]
    assert caplog.records, "the flow logged nothing: the check would prove nothing"
    assert not [p for p in typed if p in caplog.text]
    assert "argon2" not in caplog.text

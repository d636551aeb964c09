"""Two-step verification: TOTP enrolment, the login's second step, recovery codes, admins."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select, text

from hiring.cli import main
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, RecoveryCode, TotpAuthenticator, User
from tests.support.factories import PASSWORD


def page(response) -> str:
    return response.get_data(as_text=True)


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.id)))
        db.session.expunge_all()
        return found


def now_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def next_code(secret: str) -> str:
    """The code of the next time step: accepted now too (clock drift), and not yet used."""
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(utcnow()) + 1)


def wrong_code(secret: str) -> str:
    """Six digits that are no code of the accepted window (nor the steps next to it)."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(utcnow())
    valid = {totp.generate_otp(s) for s in range(current - 2, current + 3)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in valid)


def password_step(client, user, next: str | None = None):
    url = "/login" + (f"?next={next}" if next else "")
    return client.post(url, data={"email": user.email, "password": PASSWORD})


def logged_in(client) -> bool:
    return not client.get("/welcome").headers.get("Location", "").startswith("/login")


def enrol(client) -> tuple[str, list[str]]:
    """Set up an authenticator through the pages; returns its secret and recovery codes."""
    assert client.post("/account/mfa/begin").status_code == 302
    html = page(client.get("/account/mfa"))
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    response = client.post("/account/mfa/confirm", data={"code": now_code(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</li>",
                       page(response))
    return secret, codes


# -- enrolment ------------------------------------------------------------------------------

def test_enrolment_shows_a_qr_code_and_needs_a_first_code(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    assert "Set up an authenticator app" in page(client.get("/account/mfa"))
    client.post("/account/mfa/begin")
    html = page(client.get("/account/mfa"))
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml[^"]+"', html)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    refused = client.post("/account/mfa/confirm", data={"code": wrong_code(secret)})
    assert "That code is not right." in page(refused)
    with app.app_context():
        assert db.session.get(TotpAuthenticator, user.id).confirmed_at is None
    # Not active yet: the login asks for no code.
    assert password_step(app.test_client(), user).headers["Location"] == "/"
    response = client.post("/account/mfa/confirm", data={"code": now_code(secret)})
    codes = re.findall(r"<li>([A-Z2-7-]{19})</li>", page(response))
    assert len(set(codes)) == 10
    assert "Two-step verification" in page(client.get("/account/mfa"))
    assert "10 recovery codes left" in page(client.get("/account/mfa"))
    assert [e.action for e in events(app, "mfa.enabled")] == ["mfa.enabled"]


def test_the_secret_and_codes_are_stored_encrypted_or_hashed(app, client, make):
    client.login(make.user("interviewer"))
    secret, codes = enrol(client)
    with app.app_context():
        dump = repr(db.session.execute(text("SELECT * FROM totp_authenticators")).all())
        dump += repr(db.session.execute(text("SELECT * FROM recovery_codes")).all())
        dump += repr(db.session.execute(text("SELECT * FROM audit_events")).all())
    assert secret not in dump
    assert secret.encode() not in dump.encode()
    assert not [c for c in codes if c in dump or c.replace("-", "") in dump]


def test_the_new_forms_need_the_csrf_token(app, client, make):
    user = make.user("interviewer", totp=True)
    client.login(user)
    for url in ("/account/mfa/begin", "/account/mfa/confirm", "/account/mfa/disable",
                "/account/mfa/recovery-codes"):
        code = now_code(user.totp_secret)
        assert client.post(url, csrf=False, data={"code": code, "current_code": code,
                                                  "password": PASSWORD}).status_code == 400
    with app.app_context():  # nothing was turned off, started or replaced
        assert db.session.get(TotpAuthenticator, user.id).last_counter is None
        assert db.session.scalar(select(db.func.count(RecoveryCode.id))) == 0
    anonymous = app.test_client()
    password_step(anonymous, user)
    response = anonymous.post("/login/code", csrf=False,
                              data={"code": now_code(user.totp_secret)})
    assert response.status_code == 400
    assert not logged_in(anonymous)


# -- the login's second step ----------------------------------------------------------------

def test_the_login_asks_for_a_code_after_the_password(app, client, make):
    user = make.user("interviewer", totp=True)
    response = password_step(client, user, next="/my/interviews")
    assert response.headers["Location"] == "/login/code"
    assert "Two-step verification" in page(client.get("/login/code"))
    refused = client.post("/login/code", data={"code": wrong_code(user.totp_secret)})
    assert refused.status_code == 200
    assert "That code is not right." in page(refused)
    assert not logged_in(client)
    response = client.post("/login/code", data={"code": now_code(user.totp_secret)})
    assert response.headers["Location"] == "/my/interviews"
    assert logged_in(client)
    [refusal] = events(app, "mfa.code_refused")
    assert refusal.after == {"reason": "wrong code", "failures_in_a_row": 1}


@pytest.mark.parametrize("path", ["/", "/welcome", "/my/interviews", "/account/mfa",
                                  "/account/password", "/admin/users", "/admin/audit"])
def test_no_page_opens_between_the_password_and_the_code(client, make, path):
    user = make.user("admin", "interviewer")
    password_step(client, user)
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get(path).headers["Location"].startswith("/login")
    assert client.post("/account/mfa/begin").headers["Location"].startswith("/login")


def test_a_used_code_is_refused_the_second_time(app, client, make):
    user = make.user("interviewer", totp=True)
    code = now_code(user.totp_secret)
    password_step(client, user)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    again = app.test_client()
    password_step(again, user)
    response = again.post("/login/code", data={"code": code})
    assert "That code was used already." in page(response)
    assert not logged_in(again)


def test_five_wrong_codes_pause_the_second_step(app, client, make):
    user = make.user("interviewer", totp=True)
    password_step(client, user)
    for _ in range(5):
        client.post("/login/code", data={"code": wrong_code(user.totp_secret)})
    response = client.post("/login/code", data={"code": now_code(user.totp_secret)})
    assert "Too many wrong codes." in page(response)
    assert not logged_in(client)


def test_the_second_step_expires(app, client, make):
    user = make.user("interviewer", totp=True)
    password_step(client, user)
    app.config["MFA_PENDING_SECONDS"] = -1
    response = client.post("/login/code", data={"code": now_code(user.totp_secret)})
    assert response.headers["Location"] == "/login"
    assert not logged_in(client)


def test_a_password_change_cancels_a_waiting_second_step(app, client, make):
    user = make.user("interviewer", totp=True)
    password_step(client, user)
    with app.app_context():
        db.session.get(User, user.id).session_version += 1
        db.session.commit()
    response = client.post("/login/code", data={"code": now_code(user.totp_secret)})
    assert response.headers["Location"] == "/login"
    assert not logged_in(client)


# -- recovery codes -------------------------------------------------------------------------

def test_a_recovery_code_logs_in_once(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    _secret, codes = enrol(client)
    first = app.test_client()
    password_step(first, user)
    response = first.post("/login/code", data={"code": codes[3].lower()}, follow_redirects=True)
    assert "You used a recovery code; 9 left." in page(response)
    assert logged_in(first)
    second = app.test_client()
    password_step(second, user)
    assert "That code is not right." in page(second.post("/login/code",
                                                         data={"code": codes[3]}))
    assert not logged_in(second)
    [used] = events(app, "mfa.recovery_code_used")
    assert used.after == {"recovery_codes_left": 9}


def test_new_recovery_codes_replace_the_old_ones(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    secret, old = enrol(client)
    response = client.post("/account/mfa/recovery-codes",
                           data={"current_code": wrong_code(secret)})
    assert "That code is not right." in page(response)
    response = client.post("/account/mfa/recovery-codes",
                           data={"current_code": next_code(secret)})
    new = re.findall(r"<li>([A-Z2-7-]{19})</li>", page(response))
    assert len(new) == 10
    assert not set(new) & set(old)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(RecoveryCode.id))) == 10
    other = app.test_client()
    password_step(other, user)
    assert "That code is not right." in page(other.post("/login/code", data={"code": old[0]}))


# -- turning it off, admins, the CLI --------------------------------------------------------

def test_turning_it_off_needs_the_password_and_a_code(app, client, make):
    user = make.user("interviewer", totp=True)
    client.login(user)
    code = now_code(user.totp_secret)
    response = client.post("/account/mfa/disable", data={"password": "not it", "code": code})
    assert "That is not your password." in page(response)
    response = client.post("/account/mfa/disable",
                           data={"password": PASSWORD, "code": wrong_code(user.totp_secret)})
    assert "That code is not right." in page(response)
    with app.app_context():
        assert db.session.get(TotpAuthenticator, user.id) is not None
    response = client.post("/account/mfa/disable", data={"password": PASSWORD, "code": code})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(TotpAuthenticator, user.id) is None
    assert len(events(app, "mfa.disabled")) == 1
    assert password_step(app.test_client(), user).headers["Location"] == "/"


def test_an_admin_without_totp_is_sent_to_set_it_up_first(app, client, make):
    admin = make.user("admin", totp=False)
    client.login(admin)
    for path in ("/admin/users", "/admin/audit", "/welcome", "/account/password"):
        assert client.get(path).headers["Location"] == "/account/mfa", path
    assert client.post("/admin/users/new", data={}).headers["Location"] == "/account/mfa"
    assert "Required for administrators." in page(client.get("/account/mfa"))
    enrol(client)
    assert client.get("/admin/users").status_code == 200


def test_an_admin_who_turns_it_off_must_set_it_up_again(app, client, make):
    admin = make.user("admin")
    client.login(admin)
    client.post("/account/mfa/disable",
                data={"password": PASSWORD, "code": now_code(admin.totp_secret)})
    assert client.get("/admin/users").headers["Location"] == "/account/mfa"


def test_the_cli_resets_a_locked_out_user(app, make):
    user = make.user("interviewer", totp=True)
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["users", "reset-mfa", user.email])
    assert result.exit_code == 0, result.output
    assert "two-step verification reset" in result.output
    with app.app_context():
        assert db.session.get(TotpAuthenticator, user.id) is None
    [event] = events(app, "mfa.reset")
    assert (event.object_id, event.actor_label) == (str(user.id), "cli")
    assert "has no two-step verification" in runner.invoke(
        main, ["users", "reset-mfa", user.email]).output
    assert runner.invoke(main, ["users", "reset-mfa", "nobody@example.test"]).exit_code == 2


def test_the_admin_user_page_says_whether_it_is_on(app, client, make):
    client.login(make.user("admin"))
    on, off = make.user("interviewer", totp=True), make.user("interviewer")
    assert re.search(r"Two-step verification</dt>\s*<dd[^>]*>On<",
                     page(client.get(f"/admin/users/{on.id}")))
    assert re.search(r"Two-step verification</dt>\s*<dd[^>]*>Off<",
                     page(client.get(f"/admin/users/{off.id}")))

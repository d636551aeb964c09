"""The password policy wherever a password is set, and the user's own change of password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.cli import main
from hiring.demo_content import DEMO_PASSWORD, PEOPLE
from hiring.extensions import db
from hiring.models import AuditEvent, User
from hiring.security import verify_password
from hiring.services.passwords import password_problems
from tests.support.factories import PASSWORD

NEW_PASSWORD = "plum orbit kettle ravine"
EMAIL, NAME = "ada.lovelace@example.test", "Ada Lovelace"
FROM_ME = "Do not build it from your name or email address."


def page(response) -> str:
    return response.get_data(as_text=True)


def password_is(app, user_id: int, password: str) -> bool:
    with app.app_context():
        return verify_password(db.session.get(User, user_id).password_hash, password)


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.id)))
        db.session.expunge_all()
        return found


# -- the policy -----------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "message"), [
    ("tiny", "Use at least 12 characters."),
    ("elevenchars", "Use at least 12 characters."),
    ("password1234", "This is a very common password."),
    ("qwertyuiop123", "This is a very common password."),
    ("asdfghjkl;'zx", "Straight rows of keys are easy to guess."),
    ("iloveyou2024!", "This is similar to a commonly used password."),
    ("ada.lovelace@example.test", FROM_ME),
    ("lovelace-example-99", FROM_ME),
    ("AdaLovelace1815!", FROM_ME),  # zxcvbn alone scores it 3: the own-words rule refuses it
    ("ecalevol.ada2026", FROM_ME),  # reversed
    ("zzzzzzzzzzzzzzzz", "Do not repeat a single character."),
    ("                ", "Do not repeat a single character."),
])
def test_weak_passwords_are_refused_with_a_reason(password, message):
    problems = password_problems(password, email=EMAIL, name=NAME)
    assert problems, password
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "plum orbit kettle ravine", "7tJ#qv9!Lm2@xR",
    DEMO_PASSWORD,
])
def test_strong_passwords_pass(password):
    assert password_problems(password, email=EMAIL, name=NAME) == []


def test_the_demo_password_passes_for_every_demo_login():
    assert all(password_problems(DEMO_PASSWORD, email=email, name=name) == []
               for _key, name, email, _roles in PEOPLE)


def test_a_very_long_password_is_checked_without_refusing_it():
    assert password_problems(("plum orbit kettle ravine " * 40).strip()) == []


# -- wherever a password is set -------------------------------------------------------------

def test_the_cli_refuses_a_password_built_from_the_name(app):
    result = app.test_cli_runner().invoke(main, [
        "users", "create", EMAIL, "--name", NAME, "--password", "AdaLovelace1815!"])
    assert result.exit_code == 2
    assert FROM_ME in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == EMAIL)) is None


def test_an_admin_cannot_create_an_account_with_a_common_password(app, client, make):
    client.login(make.user("admin"))
    response = client.post("/admin/users/new", data={
        "name": NAME, "email": EMAIL, "roles": ["interviewer"],
        "password": "password1234", "confirm": "password1234"})
    assert response.status_code == 200
    assert "This is a very common password." in page(response)
    assert events(app, "user.created") == []


def test_an_admin_reset_checks_the_account_s_own_email(app, client, make):
    client.login(make.user("admin"))
    user = make.user("interviewer", email=EMAIL, name=NAME)
    weak = "lovelace-example-99"
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": weak, "confirm": weak})
    assert response.status_code == 200
    assert FROM_ME in page(response)
    assert password_is(app, user.id, PASSWORD)


# -- the user's own change ------------------------------------------------------------------

def change(client, current: str, new: str, confirm: str | None = None, **kwargs):
    return client.post("/account/password", data={
        "current_password": current, "password": new,
        "confirm": new if confirm is None else confirm}, **kwargs)


def test_the_own_change_needs_the_current_password(app, client, make):
    user = make.user("interviewer", email=EMAIL, name=NAME)
    client.login(user)
    assert client.get("/account/password").status_code == 200
    response = change(client, "not my password at all", NEW_PASSWORD)
    assert response.status_code == 200
    assert "That is not your current password." in page(response)
    assert password_is(app, user.id, PASSWORD)
    assert NEW_PASSWORD not in page(response)
    [refused] = events(app, "user.password_change_refused")
    assert refused.actor_id == user.id
    assert events(app, "user.password_changed") == []


def test_the_own_change_applies_the_policy(app, client, make):
    user = make.user("interviewer", email=EMAIL, name=NAME)
    client.login(user)
    response = change(client, PASSWORD, "AdaLovelace1815!")
    assert FROM_ME in page(response)
    assert "The two passwords differ." in page(change(client, PASSWORD, NEW_PASSWORD, "other"))
    assert "different from the current" in page(change(client, PASSWORD, PASSWORD))
    assert password_is(app, user.id, PASSWORD)


def test_the_own_change_ends_the_other_sessions_and_keeps_this_one(app, client, make):
    user = make.user("interviewer", email=EMAIL, name=NAME)
    other = app.test_client()
    other.login(user)
    client.login(user)
    response = change(client, PASSWORD, NEW_PASSWORD, follow_redirects=True)
    assert "Your password is changed; your other sessions have ended." in page(response)
    assert password_is(app, user.id, NEW_PASSWORD)
    assert client.get("/welcome").status_code == 200
    assert other.get("/welcome").headers["Location"].startswith("/login")
    [event] = events(app, "user.password_changed")
    assert event.actor_id == user.id
    assert NEW_PASSWORD not in repr((event.before, event.after))


def test_wrong_current_passwords_are_limited(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    for _ in range(5):
        assert "not your current password" in page(change(client, "wrong guess here", "x"))
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert "Too many wrong attempts" in page(response)
    assert password_is(app, user.id, PASSWORD)


def test_the_own_change_needs_the_csrf_token(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    response = client.post("/account/password", csrf=False, data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert password_is(app, user.id, PASSWORD)


def test_the_own_change_needs_a_login(client):
    assert client.get("/account/password").headers["Location"].startswith("/login")

"""``hiring users create|set-roles|deactivate|list`` through the real command group."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import AuditEvent, User
from hiring.security import verify_password

PASSWORD = "a long enough cli password"


@pytest.fixture
def hiring(app):
    runner = app.test_cli_runner()

    def run(*args: str, **kwargs):
        return runner.invoke(main, list(args), **kwargs)

    return run


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            user.roles  # noqa: B018 - load the roles before leaving the session
            db.session.expunge(user)
        return user


def test_create_with_a_password_and_roles(app, hiring):
    result = hiring("users", "create", "Nina@Example.test", "--name", "Nina New",
                    "--role", "interviewer", "--role", "committee", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert "created nina@example.test with roles: committee, interviewer" in result.output
    nina = user_by_email(app, "nina@example.test")
    assert nina is not None
    assert nina.roles == {"interviewer", "committee"}
    with app.app_context():
        assert verify_password(db.session.get(User, nina.id).password_hash, PASSWORD)
    assert PASSWORD not in result.output


def test_create_prompts_for_the_password_when_not_given(app, hiring):
    result = hiring("users", "create", "nina@example.test", "--name", "Nina",
                    input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert user_by_email(app, "nina@example.test") is not None


def test_a_duplicate_email_exits_2_with_a_message(app, hiring, make):
    make.user("admin", email="ada@example.test")
    result = hiring("users", "create", "ADA@example.test", "--name", "Another Ada",
                    "--password", PASSWORD)
    assert result.exit_code == 2
    assert "An account with this email exists already." in result.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count(User.id))) == 1


def test_a_weak_password_or_a_bad_email_exits_2(app, hiring):
    weak = hiring("users", "create", "nina@example.test", "--name", "Nina",
                  "--password", "short")
    assert weak.exit_code == 2
    assert "password: Use at least 12 characters." in weak.output
    bad = hiring("users", "create", "not-an-email", "--name", "Nina", "--password", PASSWORD)
    assert bad.exit_code == 2
    assert "email:" in bad.output
    assert user_by_email(app, "nina@example.test") is None


def test_an_unknown_role_is_refused_by_click(app, hiring):
    result = hiring("users", "create", "nina@example.test", "--name", "Nina",
                    "--role", "owner", "--password", PASSWORD)
    assert result.exit_code == 2
    assert "Invalid value for '--role'" in result.output
    assert user_by_email(app, "nina@example.test") is None
    result = hiring("users", "set-roles", "nina@example.test", "root")
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_set_roles_replaces_them_and_is_audited(app, hiring, make):
    user = make.user("interviewer", email="ivan@example.test")
    result = hiring("users", "set-roles", "ivan@example.test", "recruiter", "committee")
    assert result.exit_code == 0, result.output
    assert "ivan@example.test: committee, recruiter" in result.output
    assert user_by_email(app, "ivan@example.test").roles == {"recruiter", "committee"}
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "user.roles_changed")).all()
        assert (event.object_type, event.object_id) == ("user", str(user.id))
        assert event.before == {"roles": ["interviewer"]}
        assert event.after == {"roles": ["committee", "recruiter"]}
    assert hiring("users", "set-roles", "ivan@example.test").exit_code == 0
    assert user_by_email(app, "ivan@example.test").roles == set()


def test_set_roles_of_an_unknown_user_exits_2(hiring):
    result = hiring("users", "set-roles", "ghost@example.test", "admin")
    assert result.exit_code == 2
    assert "no user with email ghost@example.test" in result.output


def test_deactivate_ends_the_users_sessions(app, hiring, make, client):
    user = make.user("interviewer", email="ivan@example.test")
    client.login(user)
    assert client.get("/welcome").status_code == 200
    result = hiring("users", "deactivate", "IVAN@example.test")
    assert result.exit_code == 0, result.output
    assert "its sessions have ended" in result.output
    assert user_by_email(app, "ivan@example.test").active is False
    response = client.get("/welcome")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == "user.deactivated")) == 1


def test_list_shows_accounts_roles_and_state(hiring, make):
    make.user("admin", "recruiter", name="Ada Admin", email="ada@example.test")
    make.user("interviewer", name="Ivo Gone", email="ivo@example.test", active=False)
    result = hiring("users", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    [ada] = [line for line in lines if line.startswith("ada@example.test")]
    [ivo] = [line for line in lines if line.startswith("ivo@example.test")]
    assert "Ada Admin" in ada
    assert "admin,recruiter" in ada
    assert "(inactive)" not in ada
    assert "(inactive)" in ivo


def test_create_with_an_invitation_prints_the_link_once_without_smtp(app, hiring, client):
    result = hiring("users", "create", "nina@example.test", "--name", "Nina Novak",
                    "--role", "interviewer", "--invite")
    assert result.exit_code == 0, result.output
    assert "no SMTP configured" in result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://localhost:5000/account/link/")
    path = link.removeprefix("http://localhost:5000")
    assert client.get(path).status_code == 200
    newer = hiring("users", "link", "nina@example.test")
    assert newer.exit_code == 0, newer.output
    assert client.get(path).status_code == 410  # the new link replaced it
    assert hiring("users", "create", "x@example.test", "--name", "X", "--invite",
                  "--password", PASSWORD).exit_code == 2
    with app.app_context():
        actors = set(db.session.scalars(select(AuditEvent.actor_label).where(
            AuditEvent.action == "user.link_issued")))
    assert actors == {"cli"}

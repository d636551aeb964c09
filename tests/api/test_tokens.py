"""Personal access tokens: how a caller is (not) let in, what is recorded, where tokens come
from (the account page, ``hiring users token``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from hiring.cli import main
from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import ApiToken, AuditEvent, User
from hiring.services.users import deactivate
from tests.api.support import call, token_for


def _problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    return body


def test_missing_malformed_and_unknown_tokens_get_401_with_a_challenge(app, client, make):
    make.user("recruiter")
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer hrg_nope"},
                    {"Authorization": "Bearer "}):
        response = client.get("/api/v1/requisitions", headers=headers)
        _problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_revoked_and_deactivated_tokens_stop_working(app, client, make):
    user = make.user("recruiter")
    live, expired, revoked = (make.api_token(user) for _ in range(3))
    with make.session() as s:
        s.get(ApiToken, expired.id).expires_at = utcnow() - dt.timedelta(seconds=1)
        s.get(ApiToken, revoked.id).revoked_at = utcnow()
    assert call(client, "GET", "/requisitions", live.secret).status_code == 200
    for token in (expired, revoked):
        _problem(call(client, "GET", "/requisitions", token.secret), 401)
    with make.session() as s:
        deactivate(s.get(User, user.id))
    _problem(call(client, "GET", "/requisitions", live.secret), 401)


def test_the_session_cookie_is_never_enough(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    assert client.get("/my/interviews").status_code == 200
    _problem(client.get("/api/v1/interviews"), 401)
    # A write with the cookie and no token: refused before any CSRF or view runs.
    _problem(client.put("/api/v1/interviews/1/scorecard", json={}), 401)


def test_each_use_is_recorded_once_and_only_the_hash_is_stored(app, client, make):
    token = make.api_token(make.user("recruiter"))
    assert call(client, "GET", "/requisitions", token.secret).status_code == 200
    with app.app_context():
        row = db.session.get(ApiToken, token.id)
        assert row.last_used_at is not None
        assert row.token_hash == token_hash(token.secret) != token.secret
        assert token.secret.startswith(row.prefix)
        uses = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api.request"))
        assert [(e.after["method"], e.after["path"]) for e in uses] == [
            ("GET", "/api/v1/requisitions")]


def test_an_admin_without_a_second_factor_is_refused(app, client, make):
    token = make.api_token(make.user("admin", totp=False))
    _problem(call(client, "GET", "/requisitions", token.secret), 403)


def test_the_cli_prints_the_token_once_and_it_works(app, client, make):
    user = make.user("recruiter", email="rita@example.com")
    result = app.test_cli_runner().invoke(
        main, ["users", "token", "rita@example.com", "--name", "report script",
               "--expires-days", "7"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert "not shown again" in result.stderr
    assert call(client, "GET", "/requisitions", secret).status_code == 200
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
        assert row.name == "report script"
        assert dt.timedelta(days=6) < row.expires_at - utcnow() <= dt.timedelta(days=7)
    bad = app.test_cli_runner().invoke(main, ["users", "token", "rita@example.com",
                                              "--name", "x", "--expires-days", "0"])
    assert bad.exit_code == 2


def test_the_account_page_shows_a_new_token_once_and_revokes_it(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    page = client.post("/account/tokens", data={"name": "my laptop", "expires_days": "30"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    start = html.index(row.prefix)
    secret = html[start:html.index("<", start)]
    assert call(client, "GET", "/interviews", secret).status_code == 200
    again = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in again
    assert "my laptop" in again
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    _problem(call(client, "GET", "/interviews", secret), 401)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action.in_(["api_token.created", "api_token.revoked"]))) == 2


def test_the_cli_revokes_a_token_by_name(app, client, make):
    user = make.user("recruiter", email="rita@example.com")
    leaked, kept = make.api_token(user, "leaked"), make.api_token(user, "kept")
    result = app.test_cli_runner().invoke(main, ["users", "token-revoke", "rita@example.com",
                                                 "leaked"])
    assert result.exit_code == 0, result.output
    assert "revoked 1 token(s)" in result.output
    assert call(client, "GET", "/requisitions", leaked.secret).status_code == 401
    assert call(client, "GET", "/requisitions", kept.secret).status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "api_token.revoked"))
        assert event.actor_label == "cli"
    again = app.test_cli_runner().invoke(main, ["users", "token-revoke", "rita@example.com",
                                                "leaked"])
    assert again.exit_code != 0
    assert "no unrevoked token called 'leaked'" in again.output


def test_an_admin_revokes_someone_elses_token_from_their_admin_page(app, client, make):
    """A leaked token is stopped without locking its owner out; nobody else may."""
    owner, other = make.user("interviewer", name="Ivo Owner"), make.user("recruiter")
    secret = token_for(make, owner)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == owner.id))
    client.login(other)
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert call(client, "GET", "/interviews", secret).status_code == 200
    client.login(make.user("admin"))
    page = client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert 'id="tokens"' in page
    assert f'action="/account/tokens/{token_id}/revoke"' in page
    answer = client.post(f"/account/tokens/{token_id}/revoke")
    assert answer.headers["Location"].endswith(f"/admin/users/{owner.id}#tokens")
    _problem(call(client, "GET", "/interviews", secret), 401)
    page = client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert "Revoked" in page
    assert f'action="/account/tokens/{token_id}/revoke"' not in page
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "api_token.revoked"))
        assert event.after["user_id"] == owner.id
        assert event.actor_id != owner.id

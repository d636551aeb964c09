"""Failed-login throttling that cannot lock the real user out, counted without audit spam.

Per (account, address) with growing delays, plus a high limit per address whatever the
account; the client address comes from X-Forwarded-For only behind configured proxies.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hiring.app import create_app
from hiring.config import ConfigError
from hiring.extensions import db
from hiring.models import AuditEvent, LoginAttempt, UserSession
from hiring.services import throttle
from tests.conftest import app_config
from tests.support.client import CSRFClient
from tests.support.factories import PASSWORD

ATTACKER = "203.0.113.66"
OFFICE_PROXY = "198.51.100.1"
HOME = "192.0.2.10"
WRONG = "not the password at all"


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def login(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def audit_rows(app) -> list[AuditEvent]:
    """The audit rows about logging in (the set-up stored the rubrics, audited too)."""
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.startswith("auth.")).order_by(AuditEvent.id)))
        db.session.expunge_all()
        return rows


# -- no lock-out weapon ---------------------------------------------------------------------

def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(app, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 5
    make.user("interviewer", email="ivan@example.test")
    attacker = from_address(app, ATTACKER)
    for _ in range(5):
        assert login(attacker, "ivan@example.test", WRONG).status_code == 200
    refused = login(attacker, "ivan@example.test", PASSWORD)  # even the right password
    assert refused.status_code == 429
    assert "Too many failed attempts. Try again in 1 minute," in refused.get_data(as_text=True)

    assert login(from_address(app, HOME), "ivan@example.test").status_code == 302


def test_typos_of_colleagues_behind_one_proxy_do_not_lock_each_other_out(app, make):
    make.user("interviewer", email="ivan@example.test")
    office = from_address(app, OFFICE_PROXY)
    for n in range(30):  # someone behind the proxy tries many addresses, far below the limit
        assert login(office, f"guess{n}@example.test", WRONG).status_code == 200
    assert login(from_address(app, OFFICE_PROXY), "ivan@example.test").status_code == 302


def test_the_per_address_limit_stops_spraying_and_only_from_that_address(app, make):
    app.config["LOGIN_THROTTLE_PER_ADDRESS"] = 10
    make.user("interviewer", email="ivan@example.test")
    spray = from_address(app, ATTACKER)
    for n in range(10):
        assert login(spray, f"guess{n}@example.test", WRONG).status_code == 200
    assert login(spray, "ivan@example.test").status_code == 429
    assert login(from_address(app, HOME), "ivan@example.test").status_code == 302


def test_a_right_password_resets_the_count_of_that_account_and_address(app, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 3
    make.user("interviewer", email="ivan@example.test")
    client = from_address(app, HOME)
    for _ in range(2):
        login(client, "ivan@example.test", WRONG)
    assert login(client, "ivan@example.test").status_code == 302
    client.post("/logout")
    for _ in range(2):
        login(client, "ivan@example.test", WRONG)
    assert login(client, "ivan@example.test").status_code == 302


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900), (40, 900)])
def test_delays_double_after_the_free_tries_up_to_the_window(failures, seconds):
    limits = throttle.Limits(window_minutes=15, per_account=5, per_address=100,
                             base_delay_seconds=30)
    assert throttle.delay_after(failures, limits) == dt.timedelta(seconds=seconds)


def test_each_further_failure_waits_longer(app, make):
    make.user("interviewer", email="ivan@example.test")
    limits = throttle.Limits(window_minutes=15, per_account=2, per_address=100,
                             base_delay_seconds=30)
    with app.test_request_context(environ_base={"REMOTE_ADDR": ATTACKER}):
        for _ in range(2):
            throttle.record_failure("ivan@example.test", ATTACKER, None, limits)
        last = db.session.scalar(select(func.max(LoginAttempt.last_failure_at)))
        first = throttle.check("IVAN@example.test ", ATTACKER, limits, now=last)
        assert first is not None
        assert (first.scope, first.seconds) == ("account", 30)
        assert throttle.check("ivan@example.test", ATTACKER, limits,
                              now=last + dt.timedelta(seconds=31)) is None
        assert throttle.check("ivan@example.test", HOME, limits, now=last) is None
        throttle.record_failure("ivan@example.test", ATTACKER, None, limits)
        last = db.session.scalar(select(func.max(LoginAttempt.last_failure_at)))
        second = throttle.check("ivan@example.test", ATTACKER, limits, now=last)
        assert second is not None
        assert (second.scope, second.seconds) == ("account", 60)
        db.session.rollback()


# -- aggregated, not audited try by try -----------------------------------------------------

def test_refused_and_failed_attempts_add_no_audit_row_each(app, make):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 3
    user = make.user("interviewer", email="ivan@example.test")
    attacker = from_address(app, ATTACKER)
    typed = [f"<script>{n}</script>@evil.example" for n in range(5)]
    for email in typed:
        login(attacker, email, WRONG)
    for _ in range(10):  # three failures, then seven refusals
        login(attacker, "ivan@example.test", WRONG)

    rows = audit_rows(app)
    assert [(r.action, r.object_type, r.object_id, r.actor_label, r.ip) for r in rows] == [
        ("auth.login_throttled", "user", str(user.id), "", ATTACKER)]
    assert rows[0].after == {"scope": "account", "failures": 3, "window_minutes": 15}
    with app.app_context():
        counters = db.session.execute(select(LoginAttempt)).scalars().all()
        assert sum(c.failures for c in counters if c.account_key == "") == 8
        assert sum(c.refused for c in counters) == 7
        dumped = json.dumps([[c.account_key, c.address] for c in counters])
    assert not [t for t in [*typed, "ivan@example.test"] if t in dumped]


def test_a_throttle_on_an_unknown_account_is_summarised_without_the_typed_email(app):
    app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 2
    attacker = from_address(app, ATTACKER)
    for _ in range(4):
        login(attacker, "nobody-here@example.test", WRONG)
    [row] = audit_rows(app)
    assert (row.action, row.object_type, row.object_id, row.actor_label) == (
        "auth.login_throttled", "login", "", "")
    assert "nobody-here" not in json.dumps([row.before, row.after])


def test_the_per_address_throttle_is_summarised_once(app):
    app.config["LOGIN_THROTTLE_PER_ADDRESS"] = 4
    spray = from_address(app, ATTACKER)
    for n in range(8):
        login(spray, f"guess{n}@example.test", WRONG)
    [row] = audit_rows(app)
    assert (row.action, row.after["scope"], row.after["failures"]) == (
        "auth.login_throttled", "address", 4)


def test_old_counters_are_pruned(app, make):
    limits = throttle.Limits(window_minutes=15, per_account=5, per_address=100,
                             base_delay_seconds=30)
    with app.test_request_context():
        db.session.add(LoginAttempt(account_key="old", address=ATTACKER,
                                    window_start=throttle.window_start(
                                        dt.datetime(2020, 1, 1, tzinfo=dt.UTC), limits),
                                    failures=3, refused=0,
                                    last_failure_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
        db.session.flush()
        throttle.record_failure("x@example.test", HOME, None, limits)
        keys = set(db.session.scalars(select(LoginAttempt.account_key)))
        assert "old" not in keys
        db.session.rollback()


# -- the client address behind a reverse proxy ----------------------------------------------

def session_address(app, user_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(UserSession.ip).where(UserSession.user_id == user_id)
                                 .order_by(UserSession.id.desc()))


@pytest.fixture
def proxied_app(app, database_url: str, tmp_path: Path):
    """The same database behind one trusted proxy (the ``app`` fixture emptied it)."""
    proxied = create_app(app_config(database_url, tmp_path / "proxied", TRUSTED_PROXIES=1,
                                    TRUSTED_PROXY_ADDRESSES=OFFICE_PROXY))
    proxied.test_client_class = CSRFClient
    yield proxied
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(app, make):
    assert app.config["TRUSTED_PROXIES"] == 0
    user = make.user("interviewer", email="ivan@example.test")
    client = from_address(app, OFFICE_PROXY)
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.250"
    assert login(client, "ivan@example.test").status_code == 302
    assert session_address(app, user.id) == OFFICE_PROXY


def test_x_forwarded_for_names_the_client_behind_a_configured_proxy(proxied_app, make):
    user = make.user("interviewer", email="ivan@example.test")
    client = from_address(proxied_app, OFFICE_PROXY)
    # A client may send its own header; the proxy appends the address it saw: the last one.
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "10.9.9.9, 203.0.113.250"
    assert login(client, "ivan@example.test").status_code == 302
    assert session_address(proxied_app, user.id) == "203.0.113.250"


def test_a_client_reaching_the_app_past_the_proxy_cannot_pick_its_address(proxied_app, make):
    """With a proxy configured, X-Forwarded-For from any other peer is dropped: someone who
    reaches an app server directly is counted (and recorded) by their own address."""
    user = make.user("interviewer", email="ivan@example.test")
    direct = from_address(proxied_app, ATTACKER)
    direct.environ_base["HTTP_X_FORWARDED_FOR"] = HOME
    assert login(direct, "ivan@example.test").status_code == 302
    assert session_address(proxied_app, user.id) == ATTACKER


def test_behind_a_proxy_the_throttle_counts_each_client_apart(proxied_app, make):
    proxied_app.config["LOGIN_THROTTLE_PER_ACCOUNT"] = 2
    make.user("interviewer", email="ivan@example.test")
    attacker = from_address(proxied_app, OFFICE_PROXY)
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = ATTACKER
    for _ in range(2):
        login(attacker, "ivan@example.test", WRONG)
    assert login(attacker, "ivan@example.test").status_code == 429
    colleague = from_address(proxied_app, OFFICE_PROXY)
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = HOME
    assert login(colleague, "ivan@example.test").status_code == 302


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_trusted_proxies_setting_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("HIRING_TRUSTED_PROXIES", value)
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3"})


def test_trusted_proxies_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HIRING_TRUSTED_PROXIES", "2")
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert app.config["TRUSTED_PROXIES"] == 2

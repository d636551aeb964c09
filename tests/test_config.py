"""Configuration: the order of sources, the secret key rule, database URLs, no I/O at start."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from hiring.app import create_app
from hiring.config import ConfigError
from hiring.extensions import db

STRONG = "kJ8vQ2-xN5pL7wR4tY9zB3mC6fH1dG0sA_eU"
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Only what a test sets: no HIRING_* variable of the machine leaks in."""
    for name in list(os.environ):
        if name.startswith("HIRING_"):
            monkeypatch.delenv(name)


def make_app(tmp_path: Path, **overrides: object):
    return create_app({"INSTANCE_PATH": str(tmp_path),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3",
                       **overrides})


# -- the secret key -------------------------------------------------------------------------

def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        make_app(tmp_path)  # production is the default


@pytest.mark.parametrize("key", ["dev", "changeme", "x" * 31, "a" * 64,
                                 "0123456789" * 4, "passwordpasswordpasswordpassword"])
def test_production_refuses_a_short_or_weak_secret_key(tmp_path, key):
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        make_app(tmp_path, SECRET_KEY=key)


def test_a_hex_key_is_strong_enough(tmp_path):
    assert make_app(tmp_path, SECRET_KEY=secrets.token_hex(16)).config["SECRET_KEY"]


def test_production_starts_with_a_strong_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HIRING_SECRET_KEY", STRONG)
    app = make_app(tmp_path)
    assert app.config["SECRET_KEY"] == STRONG
    assert app.config["ENV"] == "production"
    assert not app.config["TESTING"]


@pytest.mark.parametrize("env", ["development", "testing"])
def test_development_and_testing_work_without_a_key(tmp_path, env):
    first, second = make_app(tmp_path, ENV=env), make_app(tmp_path, ENV=env)
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]  # random, never a default


def test_an_unknown_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HIRING_ENV", "staging")
    with pytest.raises(ConfigError, match="HIRING_ENV"):
        make_app(tmp_path)


# -- the order of sources -------------------------------------------------------------------

def test_defaults_then_instance_file_then_environment_then_overrides(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        f"SECRET_KEY = {STRONG!r}\n"
        "PAGE_SIZE = 11\nOVERDUE_HOURS = 12\nLOGIN_THROTTLE_PER_ACCOUNT = 13\n")
    monkeypatch.setenv("HIRING_OVERDUE_HOURS", "22")
    monkeypatch.setenv("HIRING_LOGIN_THROTTLE_PER_ACCOUNT", "23")
    app = make_app(tmp_path, LOGIN_THROTTLE_PER_ACCOUNT=33)
    assert app.config["LOGIN_THROTTLE_PER_ADDRESS"] == 100  # default
    assert app.config["PAGE_SIZE"] == 11  # instance file over the default
    assert app.config["OVERDUE_HOURS"] == 22  # environment over the file (parsed as a number)
    assert app.config["LOGIN_THROTTLE_PER_ACCOUNT"] == 33  # overrides over everything
    assert app.config["SECRET_KEY"] == STRONG


def test_the_instance_folder_comes_from_the_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(f"SECRET_KEY = {STRONG!r}\nPAGE_SIZE = 7\n")
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert app.instance_path == str(tmp_path.resolve())
    assert app.config["PAGE_SIZE"] == 7


def test_the_default_database_is_a_file_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/hiring.sqlite3"


@pytest.mark.parametrize("url", ["postgres://u:p@db.example:5432/hiring",
                                 "postgresql://u:p@db.example:5432/hiring"])
def test_postgres_urls_are_pointed_at_psycopg_3(tmp_path, monkeypatch, url):
    monkeypatch.setenv("HIRING_DATABASE_URL", url)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example:5432/hiring"


# -- no I/O in the factory ------------------------------------------------------------------

def test_create_app_does_not_touch_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("HIRING_DATABASE_URL", UNREACHABLE)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://nobody@127.0.0.1:1/x"
    with app.app_context():
        with pytest.raises(Exception, match=r"127\.0\.0\.1"):  # it is unreachable indeed
            db.session.execute(db.text("SELECT 1"))
        db.session.rollback()
        db.engine.dispose()


def test_create_app_creates_no_file(tmp_path):
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance), "ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert not instance.exists()


def test_session_and_hashing_settings(tmp_path):
    config = make_app(tmp_path, ENV="testing").config
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["ARGON2_MEMORY_COST"] >= 19 * 1024
    assert config["ARGON2_TIME_COST"] >= 2
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True

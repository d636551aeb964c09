"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is a throwaway cluster started here. Locally, a machine without the
server binaries skips those tests with the reason shown; under CI (CI=true) that is a
failure, so a broken set-up can never pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from hiring.app import create_app
from hiring.extensions import db
from hiring.models.audit import guard_statements, unguard_statements
from hiring.packet.jobs import wait_for_jobs
from hiring.rubric_files import PROJECT_ROOT
from tests.support.client import CSRFClient
from tests.support.factories import Factory
from tests.support.live import LiveServer, start_gunicorn
from tests.support.postgres import PostgresServer, PostgresUnavailable, start_postgres

BACKENDS = ("sqlite", "postgresql")
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
# argon2id with small costs: the tests log in hundreds of times.
FAST_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1}
_schema_ready: set[str] = set()


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        if under_ci():
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        server.create_database("hiring_test")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'hiring.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.url("hiring_test")


# Jobs run in the test's own process unless a test starts workers (tests/tasks/): the same
# job functions, without a worker process per test.
IN_PROCESS_JOBS = {"TASK_QUEUE": "in-process"}


def app_config(database_url: str, instance: Path, **extra: object) -> dict[str, object]:
    return {"ENV": "testing", "SECRET_KEY": TEST_SECRET, "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(instance), "RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
            **FAST_HASHING, **IN_PROCESS_JOBS, **extra}


def reset_database(url: str) -> None:
    """An empty schema with the shipped rubrics stored, as after ``make run``'s set-up."""
    from hiring.services.rubrics import sync_directory

    if url not in _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready.add(url)
    tables = [t.name for t in db.metadata.sorted_tables]
    # The audit trail refuses DELETE/TRUNCATE by trigger: only this reset lifts the guard,
    # inside its own transaction, and puts it back before committing.
    for statement in unguard_statements(db.engine.dialect.name):
        db.session.execute(text(statement))
    if db.engine.dialect.name == "postgresql":
        # DELETE, not TRUNCATE: on a test's handful of rows it takes 14 ms where TRUNCATE
        # takes 180 (a new file per table), and the reset runs before every test.
        deletes = "; ".join(f"DELETE FROM {t}" for t in reversed(tables))  # noqa: S608
        db.session.execute(text(deletes))
        db.session.execute(text(  # RESTART IDENTITY: every sequence of the schema starts at 1
            "SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = current_schema()"))
    else:
        for table in reversed(tables):
            db.session.execute(text(f"DELETE FROM {table}"))  # noqa: S608
        has_sequence = db.session.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).first()
        if has_sequence:
            db.session.execute(text("DELETE FROM sqlite_sequence"))
    for statement in guard_statements(db.engine.dialect.name):
        db.session.execute(text(statement))
    sync_directory(PROJECT_ROOT / "rubrics")
    db.session.commit()


@dataclass
class _SharedApp:
    app: Flask
    config: dict[str, object]
    extensions: set[str]


_shared_apps: dict[str, _SharedApp] = {}


def _test_app(database_url: str, instance: Path) -> Flask:
    app = create_app(app_config(database_url, instance))
    app.test_client_class = CSRFClient
    return app


@pytest.fixture
def app(request: pytest.FixtureRequest, database_url: str,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on an emptied database.

    One app per database serves every test: ``create_app`` costs 50-75 ms (URL rules
    compiled, the API's OpenAPI document built) and the suite has thousands of tests. Each
    test gets it with its configuration and extensions as created, whatever the test before
    changed. A test that adds routes (Flask refuses that after a first request) is marked
    ``fresh_app`` and gets its own.
    """
    shared = None
    if request.node.get_closest_marker("fresh_app"):
        app = _test_app(database_url, tmp_path_factory.mktemp("instance"))
    else:
        shared = _shared_apps.get(database_url)
        if shared is None:
            made = _test_app(database_url, tmp_path_factory.mktemp("instance"))
            shared = _shared_apps[database_url] = _SharedApp(made, dict(made.config),
                                                             set(made.extensions))
        app = shared.app
    with app.app_context():
        reset_database(database_url)
        db.session.remove()
    yield app
    wait_for_jobs(120)  # packet jobs still running would write into the next test's data
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if shared is not None:
        app.config.clear()
        app.config.update(shared.config)
        for name in set(app.extensions) - shared.extensions:
            del app.extensions[name]


@pytest.fixture
def client(app: Flask) -> CSRFClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def make(app: Flask) -> Factory:
    return Factory(app)


@pytest.fixture(scope="session")
def live_server(database_url: str,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn serving the app on the same database as the ``app`` fixture of each test.

    Tests write their data through ``make`` (the ``app`` fixture empties the database first),
    then drive the server over HTTP.
    """
    instance = tmp_path_factory.mktemp("live-instance")
    setup = create_app(app_config(database_url, instance))
    with setup.app_context():
        reset_database(database_url)
        db.session.remove()
        db.engine.dispose()
    env = {"HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": database_url, "HIRING_INSTANCE_PATH": str(instance),
           "HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
           **{f"HIRING_{k}": str(v) for k, v in {**FAST_HASHING, **IN_PROCESS_JOBS}.items()}}
    server = start_gunicorn(env, instance / "gunicorn.log")
    yield server
    server.stop()


BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; browsers are never downloaded."""
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        if under_ci():
            pytest.fail("Chromium is required under CI (Debian package 'chromium')")
        pytest.skip("Chromium not installed (Debian package 'chromium')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: LiveServer, app: Flask) -> Iterator[object]:
    """A fresh browser context on the served app, with the database emptied by ``app``."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                      "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()

"""Background jobs on a real PostgreSQL with real ``hiring worker`` processes.

The database ``hiring_tasks`` holds our tables and procrastinate's; each test starts with
both empty and starts the workers it needs (a few seconds each), with short heartbeats so
that a killed worker's job is handed on at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from hiring.app import create_app
from hiring.extensions import db
from tests.conftest import app_config, reset_database
from tests.support.client import CSRFClient
from tests.support.factories import Factory
from tests.support.postgres import PostgresServer
from tests.support.workers import FAST_QUEUE, reset_queue


@pytest.fixture(scope="session", params=["postgresql"])  # the id says which database
def queue_url(postgres: PostgresServer) -> str:
    postgres.create_database("hiring_tasks")
    return postgres.url("hiring_tasks")


@pytest.fixture
def queue_config(queue_url: str, tmp_path: Path) -> dict[str, object]:
    """The settings of the app under test and of its workers (same database, same rules)."""
    return app_config(queue_url, tmp_path / "instance", **FAST_QUEUE)


@pytest.fixture
def queue_app(queue_url: str, queue_config: dict[str, object]) -> Iterator[Flask]:
    app = create_app(queue_config)
    app.test_client_class = CSRFClient
    with app.app_context():
        reset_database(queue_url)
        db.session.remove()
    reset_queue(queue_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def queue_make(queue_app: Flask) -> Factory:
    return Factory(queue_app)

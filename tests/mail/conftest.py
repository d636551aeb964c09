"""Mail tests: the app sends to a real SMTP server (aiosmtpd) started for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from hiring.app import create_app
from hiring.extensions import db
from tests.conftest import app_config, reset_database
from tests.support.client import CSRFClient
from tests.support.smtp import SmtpServer

BASE_URL = "http://hiring.test"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(database_url: str, tmp_path: Path, smtp: SmtpServer) -> Iterator[Flask]:
    app = create_app(app_config(database_url, tmp_path / "instance", SMTP_HOST=smtp.host,
                                SMTP_PORT=smtp.port, SMTP_TIMEOUT_SECONDS=5,
                                BASE_URL=BASE_URL, MAIL_FROM="hiring@hiring.test"))
    app.test_client_class = CSRFClient
    with app.app_context():
        reset_database(database_url)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def hiring(app: Flask):
    """Run a ``hiring`` command against the test app; returns click's Result."""
    from hiring.cli import main

    runner = app.test_cli_runner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args))

    return run

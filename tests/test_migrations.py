"""Migrations are reviewed code: an empty database upgraded to head matches the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from hiring.app import create_app
from hiring.extensions import db
from hiring.rubric_files import PROJECT_ROOT
from hiring.tasks.schema import include_name
from tests.conftest import app_config

VERSIONS = PROJECT_ROOT / "migrations" / "versions"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    server = request.getfixturevalue("postgres")
    server.create_database("hiring_migrations")
    return server.url("hiring_migrations")


def test_upgrade_from_empty_matches_the_models(empty_database: str, tmp_path: Path) -> None:
    app = create_app(app_config(empty_database, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "models and migrations disagree: run hiring db migrate"
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        # The task queue's tables are PostgreSQL's only (SQLite runs jobs in-process).
        assert ("procrastinate_jobs" in tables) == empty_database.startswith("postgresql")
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        if empty_database.startswith("postgresql"):  # no function or type of the queue left
            with db.engine.connect() as connection:
                assert connection.execute(text(
                    "SELECT (SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%')"
                    " + (SELECT count(*) FROM pg_type WHERE typname LIKE 'procrastinate%')"
                )).scalar() == 0
        db.engine.dispose()


def test_revisions_are_named_and_date_prefixed() -> None:
    files = sorted(p.name for p in VERSIONS.glob("*.py"))
    assert files, "no migrations"
    for name in files:
        date, _, rest = name.partition("_")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date), name
        assert rest.count("_") >= 1, f"{name}: a revision needs a descriptive name"

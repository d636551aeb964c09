"""The audit trail is append-only in the database itself, not only in the ORM.

Raw SQL (what a script, a console or a foreign-key action would run) is refused by triggers
on both backends; deleting or deactivating a user leaves every audit row as it was.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from hiring.extensions import db
from hiring.models import AuditEvent, User
from hiring.models.audit import GUARD_MESSAGE, AuditTrailIsAppendOnly
from hiring.services import audit
from hiring.services.users import deactivate


def _one_event(app, make) -> tuple[int, int]:
    """A user and one audit event they caused: (user id, event id)."""
    user = make.user("admin", email="auditor@example.com")
    with app.app_context():
        event = audit.record("user.updated", db.session.get(User, user.id),
                             actor=db.session.get(User, user.id), after={"name": "Ann"})
        db.session.commit()
        return user.id, event.id


def _rows(app) -> list[tuple]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(text(
            "SELECT id, at, actor_id, actor_label, action, object_type, object_id, ip "
            "FROM audit_events ORDER BY id")).all()]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'forged'",
    "UPDATE audit_events SET actor_id = NULL",
    "DELETE FROM audit_events",
    "DELETE FROM audit_events WHERE id = :id",
])
def test_raw_sql_cannot_change_or_delete_audit_rows(app, make, statement):
    _, event_id = _one_event(app, make)
    before = _rows(app)
    with app.app_context():
        with pytest.raises(IntegrityError, match=GUARD_MESSAGE):
            db.session.execute(text(statement), {"id": event_id})
        db.session.rollback()
    assert _rows(app) == before


def test_truncate_is_refused_on_postgresql(app, make):
    _one_event(app, make)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE (its DELETE is refused above)")
        count = db.session.scalar(select(func.count(AuditEvent.id)))
        with pytest.raises(IntegrityError, match=GUARD_MESSAGE):
            db.session.execute(text("TRUNCATE audit_events"))
        db.session.rollback()
        assert db.session.scalar(select(func.count(AuditEvent.id))) == count


def test_appending_still_works_with_the_guard_on(app, make):
    _one_event(app, make)
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEvent.id)))
        db.session.execute(text(
            "INSERT INTO audit_events (at, actor_label, action, object_type, object_id, ip) "
            "VALUES (CURRENT_TIMESTAMP, '', 'raw.append', '', '', '')"))
        db.session.commit()
        assert db.session.scalar(select(func.count(AuditEvent.id))) == count + 1


def test_the_orm_refuses_too(app, make):
    _, event_id = _one_event(app, make)
    with app.app_context():
        event = db.session.get(AuditEvent, event_id)
        event.action = "forged"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()


def test_deleting_a_user_leaves_their_audit_rows_as_they_were(app, make):
    user_id, _ = _one_event(app, make)
    before = _rows(app)
    with app.app_context():
        # No code path deletes accounts; a database administrator still might.
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
        db.session.commit()
        assert db.session.get(User, user_id) is None
    assert _rows(app) == before
    assert before[-1][2:4] == (user_id, "auditor@example.com")


def test_deactivating_a_user_rewrites_no_audit_row(app, make):
    user_id, _ = _one_event(app, make)
    before = _rows(app)
    with app.app_context():
        deactivate(db.session.get(User, user_id))
        db.session.commit()
    after = _rows(app)
    assert after[:len(before)] == before
    assert [row[4] for row in after[len(before):]] == ["user.deactivated"]


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'guarded.sqlite3'}"
    server = request.getfixturevalue("postgres")
    server.create_database("hiring_audit_guard")
    return server.url("hiring_audit_guard")


def test_the_migration_guards_the_trail_after_withholding_old_personal_data(migrated_url,
                                                                            tmp_path):
    """Databases made by migrations get the same guard as create_all; personal data that
    older versions wrote into the trail is withheld first, or it could never be erased."""
    from flask_migrate import downgrade, upgrade

    from hiring.app import create_app
    from tests.conftest import app_config

    app = create_app(app_config(migrated_url, tmp_path / "instance"))
    with app.app_context():
        upgrade(revision="a3_committee_decisions")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO audit_events (at, actor_label, action, object_type, object_id, "
                "after, ip) VALUES (CURRENT_TIMESTAMP, 'rita@example.test', "
                "'candidate.created', 'candidate', '1', :after, '')"),
                {"after": '{"name": "Olga Older", "stage": "applied", "links": []}'})
        upgrade(revision="b4_audit_guard_erasure")
        with db.engine.connect() as connection:
            after = connection.execute(text("SELECT after FROM audit_events")).scalar_one()
            after = after if isinstance(after, dict) else json.loads(after)
            assert after == {"name": audit.WITHHELD, "stage": "applied", "links": []}
            for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
                with pytest.raises(IntegrityError, match=GUARD_MESSAGE):
                    connection.execute(text(statement))
                connection.rollback()
        downgrade(revision="a3_committee_decisions")
        with db.engine.begin() as connection:  # the guard goes with the revision
            connection.execute(text("DELETE FROM audit_events"))
        downgrade(revision="base")
        db.engine.dispose()

"""Helpers shared by the recruiter's service and view tests."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from hiring.domain.rubric_loader import rubric_from_snapshot
from hiring.extensions import db
from hiring.models import AuditEvent, RubricVersion
from hiring.services.rubrics import latest_version_of, store


def store_new_version(app: Flask, rubric_id: str = "senior-engineer",
                      change: Callable[[dict[str, Any]], None] | None = None) -> RubricVersion:
    """A newer stored version of a rubric: by default only its title changes."""
    with app.app_context():
        base = latest_version_of(rubric_id)
        assert base is not None
        snapshot = copy.deepcopy(base.snapshot)
        snapshot["title"] = f"{snapshot['title']} (revised)"
        if change:
            change(snapshot)
        version, created = store(rubric_from_snapshot(snapshot, "test"), "test")
        assert created
        db.session.commit()
        db.session.refresh(version)
        db.session.expunge(version)
        return version


def rename_phone_screen(snapshot: dict[str, Any]) -> None:
    """The phone screen renamed, as a stage and as the round that holds it."""
    for stage in snapshot["stages"]:
        if stage["id"] == "phone_screen":
            stage["id"] = "recruiter_screen"
    for held in snapshot.get("rounds", []):
        if held["id"] == "phone_screen":
            held["id"] = "recruiter_screen"
        held["interviews"] = ["recruiter_screen" if s == "phone_screen" else s
                              for s in held["interviews"]]


def audit_events(action: str) -> list[AuditEvent]:
    """Audit events with this action (call inside an app context)."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


@contextmanager
def count_statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app runs inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)

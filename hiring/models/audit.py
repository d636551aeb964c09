"""The append-only audit trail, guarded by the ORM and by the database itself.

The database refuses UPDATE and DELETE on ``audit_events`` (and TRUNCATE on PostgreSQL) with
triggers, so no code path, raw SQL or foreign-key action can rewrite history. The triggers are
created by the migration and, for schemas made with ``create_all`` (tests, ``make run``), by
the ``after_create`` listeners below: both paths get the same guard.

The actor is kept as a plain id plus a label snapshot, not a foreign key: deleting or
deactivating a user never touches the trail (an ``ON DELETE SET NULL`` would be an UPDATE).
Rows hold no candidate's personal data (see ``hiring.services.audit``), which is what lets
erasure leave the trail untouched and countable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DDL, JSON, Index, String, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

GUARD_MESSAGE = "audit_events is append-only"

# Kept literally in the b4 migration too: a migration must not change when this file does.
_GUARD = {
    "sqlite": (
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}: UPDATE refused'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}: DELETE refused'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION USING MESSAGE = '{GUARD_MESSAGE}: ' || TG_OP || ' refused', "
        "ERRCODE = 'restrict_violation'; END $$",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()",
    ),
}
_UNGUARD = {
    "sqlite": ("DROP TRIGGER IF EXISTS audit_events_no_update",
               "DROP TRIGGER IF EXISTS audit_events_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                   "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events"),
}


def guard_statements(dialect: str) -> tuple[str, ...]:
    """The SQL that makes ``audit_events`` append-only on this database."""
    return _GUARD.get(dialect, ())


def unguard_statements(dialect: str) -> tuple[str, ...]:
    """The SQL that drops the guard's triggers: only for emptying a test database (and the
    migration's downgrade); the app never runs it."""
    return _UNGUARD.get(dialect, ())


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_action_at", "action", "at"),
        Index("ix_audit_events_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column()  # users.id, no foreign key: see above
    actor_label: Mapped[str] = mapped_column(String(254), default="")  # email, kept if deleted
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str] = mapped_column(String(45), default="")


for _dialect, _statements in _GUARD.items():
    for _statement in _statements:
        # DDL() formats with %: the statements hold no % sign.
        event.listen(AuditEvent.__table__, "after_create",
                     DDL(_statement).execute_if(dialect=_dialect))


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise AuditTrailIsAppendOnly(f"audit event {target.id} cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state: ORMExecuteState) -> None:
    """``update(AuditEvent)`` / ``delete(AuditEvent)`` skip the mapper events above."""
    if (state.is_update or state.is_delete) and AuditEvent.__mapper__ in state.all_mappers:
        raise AuditTrailIsAppendOnly("audit events cannot be changed or deleted")

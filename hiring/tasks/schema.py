"""procrastinate's tables, types and functions in our database: created and dropped by an
Alembic revision (``migrations/versions/2026-12-01_f1_task_queue.py``), never compared with
our models.

The SQL is procrastinate's own (``SchemaManager.get_schema()``) for the version pinned in
pyproject.toml (a minor version range: its schema moves with minor versions). A later minor
version comes with a new revision that runs procrastinate's migration files in order.
"""

from __future__ import annotations

from typing import Any

PREFIX = "procrastinate_"


def is_queue_object(name: str | None) -> bool:
    return bool(name) and str(name).startswith(PREFIX)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name``: autogenerate and ``flask db check`` leave procrastinate's
    tables (and their indexes) alone, as they are no model of ours."""
    if type_ == "table":
        return not is_queue_object(name)
    if type_ in ("index", "unique_constraint", "column"):
        return not is_queue_object((parent_names or {}).get("table_name"))
    return True


def create_sql() -> str:
    """procrastinate's schema, as its package ships it."""
    from procrastinate.schema import SchemaManager

    return SchemaManager.get_schema()


DROP_SQL = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DO $$ DECLARE f regprocedure; BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
        WHERE p.proname LIKE 'procrastinate\\_%'
          AND p.pronamespace = current_schema()::regnamespace
    LOOP EXECUTE 'DROP FUNCTION ' || f || ' CASCADE'; END LOOP;
END $$;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_status,
    procrastinate_job_event_type CASCADE;
"""


def drop_sql() -> str:
    """Everything ``create_sql`` made: the tables (their triggers go with them), every
    ``procrastinate_*`` function of the current schema, then the types."""
    return DROP_SQL

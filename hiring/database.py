"""Database set-up for SQLite (embedded default) and PostgreSQL (production).

SQLite under concurrent requests: WAL lets readers run beside the one writer, and a write
transaction must take the write lock when it begins (``BEGIN IMMEDIATE``). A deferred
transaction that reads and then writes fails with "database is locked" when another writer
got there first, and the busy timeout cannot save it. Requests that only read (GET, HEAD)
begin deferred transactions so that they never wait for the writer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, g, has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC times")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def engine_options(app: Flask) -> dict[str, Any]:
    url: str = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
        options.setdefault("connect_args", {}).update(
            {"timeout": timeout, "check_same_thread": False})
    else:
        options.setdefault("pool_pre_ping", True)
    return options


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Pragmas on every connection and BEGIN IMMEDIATE for transactions that may write."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if (has_request_context() and request.method in READ_ONLY_METHODS
                and not g.get("writes_begun")):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def begin_writes() -> None:
    """In a GET request that must also write (a packet cached, a download audited): end the
    read transaction and make the next one take the write lock when it begins.

    Do the slow work (rendering) before calling this, so the lock is held only briefly.
    """
    from hiring.extensions import db

    db.session.commit()  # nothing was written: this only ends the read transaction
    g.writes_begun = True

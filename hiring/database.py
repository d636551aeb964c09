"""Database set-up for SQLite (embedded default) and PostgreSQL (production).

SQLite under concurrent requests: WAL lets readers run beside the one writer, and a write
transaction must take the write lock when it begins (``BEGIN IMMEDIATE``). A deferred
transaction that reads and then writes fails with "database is locked" when another writer
got there first, and the busy timeout cannot save it. Requests that only read (GET, HEAD)
begin deferred transactions so that they never wait for the writer.

A request that does slow work before it writes (a login's argon2 check, a PDF rendered) reads
first and takes the write lock only when it writes, so the lock is never held across the slow
part: the view is marked ``@reads_first`` (or is a GET), and calls ``begin_writes()`` just
before its first write. The same view structure holds on PostgreSQL, where a lock wait is
bounded by ``lock_timeout``; a lock timeout that still happens is answered with 503 (see
``is_lock_timeout`` and hiring/errors.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import ColumnElement, DateTime, Integer, any_, bindparam, event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from hiring import write_queue

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
LOCK_TIMEOUT_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
F = TypeVar("F", bound=Callable[..., Any])


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
        # A lock wait ends, like SQLite's busy timeout, and is answered with 503.
        lock_timeout = int(app.config["POSTGRES_LOCK_TIMEOUT_MS"])
        options.setdefault("connect_args", {}).setdefault(
            "options", f"-c lock_timeout={lock_timeout}")
    return options


def refresh_statistics(connection: Connection) -> None:
    """ANALYZE: the query planner's statistics. Without them SQLite guesses that a filter on
    the viewer's requisitions keeps few rows and sorts them all for one page of the newest
    candidates (27 ms for 20,000) instead of walking ``ix_candidates_newest`` (0.3 ms).
    PostgreSQL's autovacuum keeps its own; on SQLite run ``hiring optimize`` after a bulk
    import and from cron (README, Mail)."""
    connection.exec_driver_sql("ANALYZE")


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Pragmas on every connection, and BEGIN IMMEDIATE, after a turn in the writers' queue
    (hiring/write_queue.py), for transactions that may write."""

    queue = write_queue.queue_file(engine.url.database)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        if queue is not None:
            write_queue.open_turn(record.info, queue)
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if reading_now():
            connection.exec_driver_sql("BEGIN")
            return
        write_queue.take_turn(connection.connection.info, busy_timeout_ms / 1000)
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        write_queue.end_turn(record.info)  # after COMMIT or ROLLBACK: the next writer's turn

    @event.listens_for(engine, "invalidate")
    @event.listens_for(engine, "close")
    def on_close(_dbapi_connection: Any, record: Any, *_exception: Any) -> None:
        write_queue.close_turn(record.info)


def reads_first(view: F) -> F:
    """Mark a view whose POST reads and does slow work before it writes (a login verifying a
    password): its transactions begin deferred, like a GET's, until it calls
    ``begin_writes()``. Put it directly above the function, under the route and gate.
    """
    view.reads_first = True  # type: ignore[attr-defined]
    return view


def reading_now() -> bool:
    """Whether this request's next transaction only reads (deferred on SQLite).

    True for GET/HEAD/OPTIONS and for ``@reads_first`` views until ``begin_writes()``, and
    after a lock timeout while the error page is rendered; False outside requests (CLI),
    unless a job or command called ``reads_only()`` (packets read before they render).
    """
    if not has_request_context():
        return has_app_context() and bool(g.get("reads_only")) and not g.get("writes_begun")
    if g.get("writes_begun"):
        return False
    if g.get("reads_only") or request.method in READ_ONLY_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "reads_first", False))


def begin_writes() -> None:
    """End the request's read transaction; the next one takes the write lock as it begins.

    For a GET that must also write (a packet cached, a download audited) and for a
    ``@reads_first`` POST: do the slow work (rendering, password hashing) before calling
    this, so the lock is held only for the writes. Objects loaded so far are expired and
    read again, inside the write transaction, when next used: check what the write depends
    on after this call, not before.
    """
    from hiring.extensions import db

    db.session.commit()  # nothing was written (see _no_writes_while_reading): ends the read
    g.writes_begun = True
    g.reads_only = False


def reads_only() -> None:
    """After a lock timeout: roll back and read (deferred) for the rest of the request, so
    the page that says "busy" can be rendered without waiting for the lock again."""
    from hiring.extensions import db

    db.session.rollback()
    g.writes_begun = False
    g.reads_only = True


def is_lock_timeout(error: BaseException) -> bool:
    """Whether a database error means "another writer held the lock too long": SQLite's busy
    timeout, PostgreSQL's lock_timeout, a serialization failure or a deadlock. Sending the
    same request again later can succeed, so it is answered with 503, not 500."""
    original = getattr(error, "orig", None)
    if isinstance(original, sqlite3.OperationalError):
        message = str(original)
        return "database is locked" in message or "database table is locked" in message
    return getattr(original, "sqlstate", None) in LOCK_TIMEOUT_SQLSTATES


@event.listens_for(Session, "before_flush")
def _no_writes_while_reading(session: Session, _context: Any, _instances: Any) -> None:
    """A ``@reads_first`` view that writes before ``begin_writes()`` would write in a deferred
    SQLite transaction, which fails at once when another writer committed since it began.
    Refuse it on every backend, so that tests on either catch the mistake."""
    if not (session.new or session.dirty or session.deleted) or not has_request_context():
        return
    if request.method not in READ_ONLY_METHODS and reading_now():
        raise RuntimeError(f"{request.endpoint} writes before begin_writes(): call it first")


def among(column: ColumnElement[int], ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN ids`` for a list that may be long (the committee index's 400 candidates).
    On PostgreSQL it is ``= ANY(array)``: one parameter, so the statement's text and plan do
    not change with the list (400 placeholders took 3 ms to plan); IN elsewhere."""
    from hiring.extensions import db

    values = list(ids)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(Integer)))
    return column.in_(values)

"""A lock held too long by another writer answers 503 with Retry-After, never 500, and the
form comes back with what was typed; nothing is stored.

The lock is real: another connection holds it (SQLite: a BEGIN IMMEDIATE transaction;
PostgreSQL: LOCK TABLE ... IN EXCLUSIVE MODE, which lets reads through and stops writes),
and the app under test waits only 0.2 s for it.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask, request
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from hiring.app import create_app
from hiring.database import begin_writes, reads_first
from hiring.extensions import db
from hiring.mail import outbox
from hiring.mail.outbox import Letter, enqueue
from hiring.mail.sender import record_outcome
from hiring.models import AuditEvent, CommitteeDecision, OutboxMessage, Scorecard, User
from hiring.permissions import public
from hiring.services import audit
from tests.conftest import app_config
from tests.support.client import CSRFClient
from tests.support.factories import PASSWORD, Factory
from tests.views.committee_support import panel


@pytest.fixture
def impatient(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on the database ``app`` prepared, waiting 0.2 s for a lock instead of 15 s."""
    busy = create_app(app_config(database_url, tmp_path / "impatient",
                                 SQLITE_BUSY_TIMEOUT_MS=200, POSTGRES_LOCK_TIMEOUT_MS=200))
    busy.test_client_class = CSRFClient
    yield busy
    with busy.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def writes_blocked(app: Flask, table: str, *, in_queue: bool = False) -> Iterator[None]:
    """Another connection holds the lock that writing ``table`` needs, until the block ends.

    ``in_queue``: on SQLite, a connection of the app itself, holding its turn in the
    writers' queue (hiring/write_queue.py) rather than SQLite's lock from outside.
    """
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and in_queue:
        with app.app_context(), db.engine.begin():
            yield
        return
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(url.database or "", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with app.app_context(), db.engine.connect() as other:
        other.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            other.rollback()


def count(app: Flask, query) -> int:
    with app.app_context():
        return db.session.scalar(query) or 0


def assert_busy(response) -> str:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    page = html.unescape(response.get_data(as_text=True))
    assert "send it again in a few seconds" in page
    return page


def test_a_scorecard_submitted_while_locked_comes_back_typed(impatient, make: Factory):
    req = make.requisition()
    person = make.user("interviewer")
    interview = make.interview(make.candidate(req), person)
    client = impatient.test_client()
    client.login(person)
    typed = {"action": "submit", "lock_version": "", "score-coding": "4",
             "evidence-coding": "Wrote <a> parser & its tests in 20 minutes.",
             "summary": "Typed during a busy moment."}
    with writes_blocked(impatient, "scorecards"):
        page = assert_busy(client.post(f"/my/interviews/{interview.id}", data=typed))
    assert "Wrote <a> parser & its tests in 20 minutes." in page
    assert "Typed during a busy moment." in page
    assert count(impatient, select(func.count(Scorecard.id))) == 0
    # Sent again once the lock is free, it is stored.
    assert client.post(f"/my/interviews/{interview.id}", data=typed).status_code == 302
    assert count(impatient, select(func.count(Scorecard.id))) == 1


def test_a_draft_saved_in_place_while_locked_gets_a_json_503(impatient, make: Factory):
    req = make.requisition()
    person = make.user("interviewer")
    interview = make.interview(make.candidate(req), person)
    client = impatient.test_client()
    client.login(person)
    with writes_blocked(impatient, "scorecards"):
        response = client.post(f"/my/interviews/{interview.id}",
                               headers={"Accept": "application/json"},
                               data={"action": "save", "lock_version": "",
                                     "evidence-coding": "Half a thought."})
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "send it again" in response.get_json()["message"]
    assert count(impatient, select(func.count(Scorecard.id))) == 0


def test_a_decision_recorded_while_locked_comes_back_typed(impatient, make: Factory):
    data = panel(make, "offer")
    client = impatient.test_client()
    client.login(data["committee"])
    with writes_blocked(impatient, "committee_decisions"):
        page = assert_busy(client.post(
            f"/candidates/{data['candidate'].id}/decision",
            data={"decision": "offer", "rationale": "Our <own> words, kept.",
                  "seen_outcome": "offer"}))
    assert "Our <own> words, kept." in page
    assert count(impatient, select(func.count(CommitteeDecision.id))) == 0


def test_a_login_while_locked_keeps_the_email_and_not_the_password(impatient,
                                                                    make: Factory):
    person = make.user("interviewer", email="busy.login@example.com")
    client = impatient.test_client()
    with writes_blocked(impatient, "audit_events"):
        page = assert_busy(client.post("/login", data={"email": "busy.login@example.com",
                                                       "password": PASSWORD}))
    assert 'value="busy.login@example.com"' in page
    assert PASSWORD not in page
    assert count(impatient, select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "auth.login")) == 0
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_form_without_its_own_busy_page_offers_the_fields_again(impatient, make: Factory):
    @impatient.route("/test/busy-write", methods=["POST"])
    @public
    def busy_write() -> str:
        audit.record("test.write", actor_label=request.form["note"])
        db.session.commit()
        return "stored"

    client = impatient.test_client()
    with writes_blocked(impatient, "audit_events"):
        response = client.post("/test/busy-write",
                               data={"note": "Kept <text>", "password": "not echoed"})
    page = assert_busy(response)
    assert 'name="note" value="Kept <text>"' in page
    assert "not echoed" not in page


@pytest.mark.fresh_app
def test_a_read_first_view_may_not_write_before_begin_writes(app, make: Factory):
    @app.route("/test/reads-first", methods=["POST"])
    @public
    @reads_first
    def early_write() -> str:
        audit.record("test.early", actor_label="x")
        db.session.flush()
        return "written"

    @app.route("/test/reads-then-writes", methods=["POST"])
    @public
    @reads_first
    def late_write() -> str:
        begin_writes()
        audit.record("test.late", actor_label="x")
        db.session.commit()
        return "written"

    client = app.test_client()
    with pytest.raises(RuntimeError, match="begin_writes"):
        client.post("/test/reads-first")
    assert client.post("/test/reads-then-writes").status_code == 200
    assert count(app, select(func.count(AuditEvent.id)).where(
        AuditEvent.action.like("test.%"))) == 1


def test_a_writer_whose_turn_never_comes_gets_the_same_503(impatient, make: Factory):
    req = make.requisition()
    person = make.user("interviewer")
    interview = make.interview(make.candidate(req), person)
    client = impatient.test_client()
    client.login(person)
    typed = {"action": "submit", "lock_version": "", "score-coding": "3",
             "evidence-coding": "Queued behind another writer.", "summary": ""}
    with writes_blocked(impatient, "scorecards", in_queue=True):
        page = assert_busy(client.post(f"/my/interviews/{interview.id}", data=typed))
    assert "Queued behind another writer." in page
    assert client.post(f"/my/interviews/{interview.id}", data=typed).status_code == 302


def test_an_api_write_while_locked_is_a_503_problem(impatient, make: Factory):
    person = make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition()), person)
    auth = {"Authorization": f"Bearer {make.api_token(person).secret}"}
    client = impatient.test_client()
    path = f"/api/v1/interviews/{interview.id}/scorecard"
    etag = client.get(path, headers=auth).headers["ETag"]
    with writes_blocked(impatient, "scorecards"):
        response = client.put(path, json={"summary": "Typed during a busy moment."},
                              headers={**auth, "If-Match": etag})
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"].isdigit()
    assert "Send it again in a few seconds" in response.get_json()["detail"]
    assert count(impatient, select(func.count(Scorecard.id))) == 0


def test_a_sent_mark_is_tried_again_after_a_busy_moment(impatient, make: Factory):
    """A message that went out must be marked sent, or the next pass sends it again: the
    outcome's commit is tried again when another writer held the table too long."""
    person = make.user("interviewer")
    with impatient.app_context():
        enqueue("reminder", db.session.get(User, person.id),
                Letter(subject="Hi", text="Hi.", html="<p>Hi.</p>"))
        db.session.commit()
        message_id = outbox.claim(1)[0]
        db.session.commit()
        with ExitStack() as lock:
            if db.engine.dialect.name == "sqlite":  # as writes_blocked, in this app context
                other = sqlite3.connect(db.engine.url.database or "", isolation_level=None)
                other.execute("BEGIN IMMEDIATE")
                lock.callback(other.close)
                lock.callback(other.execute, "ROLLBACK")
            else:
                other = lock.enter_context(db.engine.connect())
                other.execute(text("LOCK TABLE mail_outbox IN EXCLUSIVE MODE"))
                lock.callback(other.rollback)
            tries = []

            def other_writer_done(_session, _transaction) -> None:
                tries.append(1)
                lock.close()  # the other writer commits after our first try timed out

            event.listen(db.session(), "after_soft_rollback", other_writer_done)
            record_outcome(message_id, "", max_attempts=5)
            event.remove(db.session(), "after_soft_rollback", other_writer_done)
        assert tries  # the first try did meet the lock
        db.session.expire_all()
        assert db.session.get(OutboxMessage, message_id).state == "sent"

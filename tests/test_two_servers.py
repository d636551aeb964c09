"""N app servers behave as one: two gunicorn servers and two ``hiring worker`` processes on one
throwaway PostgreSQL, each server with an instance folder of its own, as on two machines.

Nothing may live in one process: a session made on A works on B and ends on both; the login
throttle counts the attempts made on both; a decision recorded on A is seen on B at once; a
packet asked for on A is rendered by a worker and handed out by B; a mail is sent once
although both workers poll the outbox; an erasure on A leaves B nothing to show. Everything
happens over HTTP, as a browser would; the test's own app only writes the data and reads the
database. PostgreSQL only: the several-server set-up is PostgreSQL's (SQLite is one file on
one machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import LargeBinary, func, select, text

from hiring.app import create_app
from hiring.extensions import db
from hiring.mail.outbox import Letter, enqueue
from hiring.models import Candidate, OutboxMessage, Packet, User
from hiring.rubric_files import PROJECT_ROOT
from hiring.services import evaluations
from hiring.services.rubrics import sync_directory
from hiring.services.self_identification import create_invitation
from tests.conftest import FAST_HASHING, TEST_SECRET, app_config
from tests.support.client import TOKEN_IN_PAGE
from tests.support.factories import PASSWORD, Factory
from tests.support.live import LiveServer, start_gunicorn
from tests.support.mfa import fresh_code
from tests.support.postgres import PostgresServer
from tests.support.smtp import SmtpServer
from tests.support.workers import WorkerProcess, start_workers
from tests.views.committee_support import panel
from tests.views.test_committee import seen_outcome
from tests.views.test_packet import pdf_text

pytestmark = [pytest.mark.server, pytest.mark.pdf]

WAIT_SECONDS = 90  # a bound, so that something stuck fails the test instead of hanging it
FREE_FAILURES = 3  # LOGIN_THROTTLE_PER_ACCOUNT on both servers
SETTINGS = {
    "TASK_QUEUE": "auto",  # procrastinate on PostgreSQL, as in production
    "TASK_OUTBOX_CRON": "* * * * * *",  # every second, so that both workers keep polling
    "LOGIN_THROTTLE_PER_ACCOUNT": FREE_FAILURES,
    "PDF_WORKERS": 1,
    "MAIL_FROM": "hiring@hiring.test",
    "BASE_URL": "http://hiring.test",
}


@dataclass
class Cluster:
    app: Flask  # the test's own: writes the data, reads what the servers and workers wrote
    make: Factory
    a: LiveServer
    b: LiveServer
    smtp: SmtpServer
    workers: list[WorkerProcess]


def _env(url: str, smtp: SmtpServer, instance: Path) -> dict[str, str]:
    settings = {**SETTINGS, **FAST_HASHING, "SMTP_HOST": smtp.host, "SMTP_PORT": smtp.port,
                "RUBRICS_DIR": PROJECT_ROOT / "rubrics", "INSTANCE_PATH": instance}
    return {"HIRING_ENV": "production", "HIRING_SECRET_KEY": TEST_SECRET,
            "HIRING_DATABASE_URL": url, **{f"HIRING_{k}": str(v) for k, v in settings.items()}}


def eventually(check: Callable[[], Any], what: str) -> Any:
    """``check()``'s first truthy result, polled until WAIT_SECONDS have passed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting: {what}")


def scalar(app: Flask, statement: Any) -> Any:
    with app.app_context():
        try:
            return db.session.scalar(statement)
        finally:
            db.session.remove()


@pytest.fixture(scope="module")
def cluster(postgres: PostgresServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    postgres.create_database("hiring_two_servers")
    url = postgres.url("hiring_two_servers")
    base = tmp_path_factory.mktemp("two-servers")
    smtp = SmtpServer()
    smtp.start()
    app = create_app(app_config(url, base / "test", **SETTINGS, SMTP_HOST=smtp.host,
                                SMTP_PORT=smtp.port))
    workers: list[WorkerProcess] = []
    servers: list[LiveServer] = []
    try:
        with app.app_context():
            upgrade()  # the schema as production gets it, procrastinate's tables included
            sync_directory(PROJECT_ROOT / "rubrics")
            db.session.commit()
            db.session.remove()
        for name in ("a", "b"):
            (base / name).mkdir()
        with ThreadPoolExecutor(2) as pool:  # all four at once; each stopped below if started
            starting = [pool.submit(start_gunicorn, _env(url, smtp, base / name),
                                    base / f"gunicorn-{name}.log", workers=1, threads=4,
                                    options=["--preload"], ready_seconds=WAIT_SECONDS)
                        for name in "ab"]
            try:
                workers = start_workers(_env(url, smtp, base / "worker"), [
                    (base / f"{name}.log", ["--name", name]) for name in ("worker-1", "worker-2")])
            finally:
                wait(starting)
                servers = [f.result() for f in starting if f.exception() is None]
        for future in starting:
            future.result()  # a server that did not start fails the set-up with its log
        eventually(lambda: scalar(app, text("SELECT count(*) FROM procrastinate_workers")) == 2,
                   "both workers registered with the queue")
        yield Cluster(app, Factory(app), servers[0], servers[1], smtp, workers)
    finally:
        for process in [*(w.process for w in workers), *(s.process for s in servers)]:
            process.terminate()  # all at once: each then ends its running work in parallel
        for worker in workers:
            worker.stop()
        for server in servers:
            server.stop()
        smtp.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# -- a browser, over HTTP --------------------------------------------------------------------

class Browser(requests.Session):
    """Cookies kept, connections not: a kept-alive socket the server closed meanwhile (its
    keep-alive is short, and a loaded machine slow) would be a reset on the next request."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)
        finally:
            self.close()


def token(browser: Browser, url: str) -> str:
    page = browser.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    found = TOKEN_IN_PAGE.search(page.text)
    assert found, f"no form on {url}"
    return found.group(1)


def try_login(server: LiveServer, email: str, password: str = PASSWORD,
              browser: Browser | None = None) -> requests.Response:
    browser = browser or Browser()
    data = {"email": email, "password": password,
            "csrf_token": token(browser, f"{server.url}/login")}
    return browser.post(f"{server.url}/login", data=data, timeout=30, allow_redirects=False)


def log_in(server: LiveServer, email: str) -> Browser:
    browser = Browser()
    response = try_login(server, email, browser=browser)
    assert response.status_code == 302, response.text[:300]
    return browser


def follows_to_login(response: requests.Response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


# -- the checks ------------------------------------------------------------------------------

def test_a_session_made_on_a_works_on_b_and_a_logout_on_b_ends_it_on_a(cluster):
    cluster.make.user("committee", email="cora@example.com")
    browser = log_in(cluster.a, "cora@example.com")
    assert browser.get(f"{cluster.b.url}/committee", timeout=30,
                       allow_redirects=False).status_code == 200
    copy = Browser()  # the same cookie in a second tab (or someone else's hands)
    copy.cookies.update(browser.cookies)

    logout = browser.post(f"{cluster.b.url}/logout", timeout=30, allow_redirects=False,
                          data={"csrf_token": token(browser, f"{cluster.b.url}/committee")})

    assert follows_to_login(logout)
    assert follows_to_login(copy.get(f"{cluster.a.url}/committee", timeout=30,
                                     allow_redirects=False))


def test_the_throttle_counts_failed_logins_made_on_both_servers(cluster):
    cluster.make.user("interviewer", email="ivan@example.com")
    for server in (cluster.a, cluster.b, cluster.a):  # 2 on A and 1 on B: the free ones
        failed = try_login(server, "ivan@example.com", "not the password")
        assert failed.status_code == 200
        assert "Email or password is not right" in failed.text
    # Counted apart, B would have seen one failure and let the right password in.
    refused = try_login(cluster.b, "ivan@example.com")
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.text
    assert try_login(cluster.a, "ivan@example.com").status_code == 429


def test_a_decision_recorded_on_a_is_seen_on_b_at_once(cluster):
    data = panel(cluster.make, "offer", name="Dana Decided")
    cid = data["candidate"].id
    member = log_in(cluster.a, data["committee"].email)
    page = member.get(f"{cluster.a.url}/candidates/{cid}/debrief", timeout=30).text
    form = {"decision": "offer", "rationale": "Strong on every criterion, said on A.",
            "seen_outcome": seen_outcome(page), "csrf_token": TOKEN_IN_PAGE.search(page).group(1)}

    recorded = member.post(f"{cluster.a.url}/candidates/{cid}/decision", data=form,
                           timeout=30, allow_redirects=False)

    assert recorded.status_code == 302
    on_b = member.get(f"{cluster.b.url}/candidates/{cid}/debrief", timeout=30).text
    assert "Strong on every criterion, said on A." in on_b
    assert 'name="rationale"' not in on_b  # decided: B offers no second decision form


def _packet_from(browser: Browser, server: LiveServer, cid: int) -> bytes:
    """Wait for the person's packet job on ``server``'s status endpoint, then download it
    there."""
    status_url = f"{server.url}/candidates/{cid}/packet/status"
    state = eventually(lambda: (s := browser.get(status_url, timeout=30).json())["state"] in (
        "ready", "failed") and s, "the packet job to end")
    assert state["state"] == "ready", state
    download = browser.get(f"{server.url}/candidates/{cid}/packet.pdf", timeout=30,
                           allow_redirects=False)
    assert download.status_code == 200, download.status_code
    assert download.headers["Content-Type"] == "application/pdf"
    return download.content


def test_a_packet_asked_for_on_a_is_rendered_by_a_worker_and_downloaded_from_b(cluster):
    data = panel(cluster.make, "offer", name="Pat Packet")
    cid = data["candidate"].id
    member = log_in(cluster.a, data["committee"].email)

    asked = member.get(f"{cluster.a.url}/candidates/{cid}/packet.pdf", timeout=30,
                       allow_redirects=False)

    assert asked.status_code == 303  # queued: A renders nothing in the request
    pdf = _packet_from(member, cluster.b, cid)
    assert pdf.startswith(b"%PDF")
    stored = scalar(cluster.app, select(Packet.pdf).where(Packet.candidate_id == cid))
    assert stored == pdf
    # The queue's record: the render job ran once, on a registered worker.
    runs = scalar(cluster.app, text(
        "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'hiring.render_packet' "
        "AND status = 'succeeded' AND worker_id IS NOT NULL"))
    assert runs >= 1


def test_a_mail_is_sent_once_although_both_workers_poll(cluster):
    people = [cluster.make.user("interviewer", email=f"mail{n}@example.com") for n in range(8)]
    with cluster.app.app_context():
        for person in people:
            enqueue("reminder", db.session.get(User, person.id),
                    Letter(subject=f"For {person.email}", text="Hello.", html="<p>Hello.</p>"),
                    dedupe_key=f"two-servers:{person.id}")
        db.session.commit()
        db.session.remove()

    eventually(lambda: scalar(cluster.app, select(func.count(OutboxMessage.id)).where(
        OutboxMessage.state != "sent")) == 0, "every message sent")
    # Let both workers run a few more passes over the outbox: nothing may go out again.
    passes = text("SELECT count(*), count(DISTINCT worker_id) FROM procrastinate_jobs "
                  "WHERE status = 'succeeded' AND task_name = 'hiring.send_outbox'")
    with cluster.app.app_context():
        before = db.session.execute(passes).one()[0]
        db.session.remove()

    def more_passes_by_both() -> bool:
        with cluster.app.app_context():
            try:
                done, workers = db.session.execute(passes).one()
            finally:
                db.session.remove()
        return done >= before + 3 and workers == 2

    eventually(more_passes_by_both, "three more outbox passes, both workers among them")

    received = sorted(r for m in cluster.smtp.messages for r in m.recipients
                      if r.startswith("mail"))
    assert received == sorted(p.email for p in people)


def _admin(cluster: Cluster) -> Browser:
    """An admin (admins must have a second step): the password on A, the code on B."""
    admin = cluster.make.user("admin", email="ada@example.com")
    browser = Browser()
    step = try_login(cluster.a, admin.email, browser=browser)
    assert step.status_code == 302
    assert "/login/code" in step.headers["Location"]
    done = browser.post(f"{cluster.b.url}/login/code", timeout=30, allow_redirects=False, data={
        "code": fresh_code(cluster.app, admin.email),
        "csrf_token": token(browser, f"{cluster.b.url}/login/code")})
    assert done.status_code == 302
    assert "/login" not in done.headers["Location"]
    return browser


def _bytes_kept(app: Flask, cid: int) -> dict[str, int]:
    """Rows holding bytes about the candidate, in every table with a binary column and a
    ``candidate_id`` (the packet cache, and whatever later joins it)."""
    kept = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if "candidate_id" in table.c and any(
                    isinstance(column.type, LargeBinary) for column in table.c):
                kept[table.name] = db.session.scalar(
                    select(func.count()).select_from(table)
                    .where(table.c.candidate_id == cid)) or 0
        db.session.remove()
    return kept


def test_erasing_a_candidate_on_a_leaves_b_nothing_to_show(cluster):
    name = "Erin Erasable"
    data = panel(cluster.make, "offer", name=name)
    cid = data["candidate"].id
    with cluster.app.app_context():
        evaluations.refresh_ids([cid])  # the stored summary the committee index reads
        link = create_invitation(db.session.get(Candidate, cid), actor=None).token
        db.session.commit()
        db.session.remove()
    member = log_in(cluster.b, data["committee"].email)
    member.get(f"{cluster.b.url}/candidates/{cid}/packet.pdf", timeout=30)
    assert name in pdf_text(_packet_from(member, cluster.b, cid))
    assert _bytes_kept(cluster.app, cid)["packets"] == 1
    assert name in member.get(f"{cluster.b.url}/committee", timeout=30).text
    assert Browser().get(f"{cluster.b.url}/self-id/{link}", timeout=30).status_code == 200

    admin = _admin(cluster)
    erase_url = f"{cluster.a.url}/admin/candidates/{cid}/erase"
    erased = admin.post(erase_url, timeout=30, allow_redirects=False, data={
        "reason": "Request REF-2026-7", "confirm": "y", "csrf_token": token(admin, erase_url)})
    assert erased.status_code == 302, erased.text[:300]

    assert set(_bytes_kept(cluster.app, cid).values()) == {0}
    with cluster.app.app_context():
        assert evaluations.verify([cid]) == []  # the summary is the tombstone's, not stale
        db.session.remove()
    index = member.get(f"{cluster.b.url}/committee", timeout=30).text
    assert name not in index
    debrief = member.get(f"{cluster.b.url}/candidates/{cid}/debrief", timeout=30)
    assert debrief.status_code == 200
    assert name not in debrief.text
    assert Browser().get(f"{cluster.b.url}/self-id/{link}", timeout=30).status_code == 404
    # No packet left to hand out: B queues a new one, of the tombstone.
    again = member.get(f"{cluster.b.url}/candidates/{cid}/packet.pdf", timeout=30,
                       allow_redirects=False)
    assert again.status_code == 303
    tombstone = pdf_text(_packet_from(member, cluster.b, cid))
    assert f"Erased candidate #{cid}" in tombstone
    assert name not in tombstone

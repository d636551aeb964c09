"""Reads of candidate data are logged (who, when, what, which candidate), apart from the
audit trail, and admins read the log; a GET takes the write lock only after rendering."""

from __future__ import annotations

import sqlite3

import pytest
from flask import template_rendered
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.models import AccessRecord, AuditEvent
from hiring.services.privacy import erase_candidate
from tests.support.packets import fetch_packet
from tests.views.committee_support import panel


def records(app) -> list[tuple[int | None, int, str]]:
    with app.app_context():
        return [(r.user_id, r.candidate_id, r.kind) for r in
                db.session.scalars(select(AccessRecord).order_by(AccessRecord.id))]


def test_reading_a_candidate_page_debrief_and_packet_is_logged(app, client, make):
    data = panel(make, "offer")
    cora = data["committee"]
    cid = data["candidate"].id
    client.login(cora)
    with app.app_context():
        trail = db.session.scalar(select(func.count(AuditEvent.id)))
    assert client.get(f"/candidates/{cid}").status_code == 200
    assert client.get(f"/candidates/{cid}/debrief").status_code == 200
    assert records(app) == [(cora.id, cid, "candidate"), (cora.id, cid, "debrief")]
    with app.app_context():  # page reads stay out of the append-only trail
        assert db.session.scalar(select(func.count(AuditEvent.id))) == trail
    assert fetch_packet(client, cid).status_code == 200
    assert records(app)[-1] == (cora.id, cid, "packet")


def test_refused_or_blocked_reads_are_not_logged(app, client, make):
    data = panel(make, "offer")
    outsider = make.user("committee", name="Not On This Committee")
    client.login(outsider)
    cid = data["candidate"].id
    assert client.get(f"/candidates/{cid}/debrief").status_code in (403, 404)
    assert client.get(f"/candidates/{cid}").status_code in (403, 404)
    assert records(app) == []


def test_a_get_holds_no_write_lock_while_it_renders(app, client, make, tmp_path):
    """Another writer can take SQLite's write lock while the page renders (the log row is
    written afterwards, in a short write of its own)."""
    data = panel(make, "offer")
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL has no database-wide write lock")
        path = db.engine.url.database
    outcomes: list[str] = []

    def try_to_write(_sender, **_extra) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            outcomes.append("free")
        except sqlite3.OperationalError as exc:
            outcomes.append(str(exc))
        finally:
            other.close()

    client.login(data["committee"])
    with template_rendered.connected_to(try_to_write, app):
        assert client.get(f"/candidates/{data['candidate'].id}/debrief").status_code == 200
    assert outcomes
    assert set(outcomes) == {"free"}
    assert len(records(app)) == 1


def test_admins_read_the_log_filtered_and_paged(app, client, make):
    data = panel(make, "offer")
    other = panel(make, "offer", committee=data["committee"], req=data["req"],
                  name="Other Person")
    cora = data["committee"]
    client.login(cora)
    for _ in range(3):
        client.get(f"/candidates/{data['candidate'].id}")
    client.get(f"/candidates/{other['candidate'].id}/debrief")
    client.logout()
    app.config["PAGE_SIZE"] = 2
    client.login(make.user("admin"))
    page = client.get("/admin/access-log").get_data(as_text=True)
    assert page.count("<tr>") == 3  # header + 2 rows: a second page exists
    assert "rel=\"next\"" in page
    assert "Debrief" in page
    assert cora.email in page
    page = client.get(f"/admin/access-log?candidate={other['candidate'].id}").get_data(
        as_text=True)
    assert page.count("<tr>") == 2
    assert "Other Person" in page
    page = client.get(f"/admin/access-log?user={cora.email.upper()}").get_data(as_text=True)
    assert page.count("<tr>") == 3
    page = client.get("/admin/access-log?user=nobody@example.test").get_data(as_text=True)
    assert "No read matches these filters." in page


@pytest.mark.parametrize(("query", "status"), [
    ("candidate=abc", 200), ("candidate=-4", 200), ("candidate=" + "9" * 23, 200),
    ("page=abc", 200), ("user=a%00b@example.test", 400)])
def test_bad_filters_are_explained_not_a_500(app, client, make, query, status):
    client.login(make.user("admin"))
    response = client.get(f"/admin/access-log?{query}")
    assert response.status_code == status


def test_a_huge_page_number_is_a_400(app, client, make):
    client.login(make.user("admin"))
    assert client.get("/admin/access-log?page=" + "9" * 23).status_code == 400


def test_erasure_keeps_the_log_and_it_names_only_the_tombstone(app, client, make):
    data = panel(make, "offer", name="Tilda Tombstone")
    cid = data["candidate"].id
    client.login(data["committee"])
    client.get(f"/candidates/{cid}")
    with app.app_context():
        erase_candidate(db.session.get(type(data["candidate"]), cid), "Request 9")
        db.session.commit()
    assert records(app) == [(data["committee"].id, cid, "candidate")]
    client.logout()
    client.login(make.user("admin"))
    page = client.get(f"/admin/access-log?candidate={cid}").get_data(as_text=True)
    assert f"Erased candidate #{cid}" in page
    assert "Tilda" not in page


def test_a_packet_made_on_the_command_line_is_logged_for_its_reader(app, make, tmp_path):
    from hiring.cli import main

    data = panel(make, "offer")
    cid = data["candidate"].id
    result = app.test_cli_runner().invoke(main, [
        "packet", str(cid), "--as", data["committee"].email, "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 0, result.output
    assert records(app) == [(data["committee"].id, cid, "packet")]

"""Retention: ``hiring privacy purge`` erases candidates a set time after their final state."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from hiring.cli import main
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate
from hiring.services.privacy import purge

DAY = dt.timedelta(days=1)


def candidate(make, req, stage: str, days_ago: int, name: str) -> int:
    return make.candidate(req, name=name, stage=stage,
                          stage_entered_at=utcnow() - days_ago * DAY).id


def names(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Candidate.id, Candidate.name)).all())


def world(make) -> dict[str, int]:
    req = make.requisition()
    return {
        "old_rejected": candidate(make, req, "rejected", 400, "Olga Old"),
        "old_hired": candidate(make, req, "hired", 366, "Hal Hired"),
        "old_withdrawn": candidate(make, req, "withdrawn", 1000, "Wim Withdrawn"),
        "recent_rejected": candidate(make, req, "rejected", 364, "Rae Recent"),
        "old_but_active": candidate(make, req, "debrief", 900, "Ada Active"),
    }


def test_purge_erases_only_candidates_past_retention_after_a_final_state(app, make):
    ids = world(make)
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "3 candidate(s) erased after the 365-day retention period" in result.output
    after = names(app)
    for key in ("old_rejected", "old_hired", "old_withdrawn"):
        assert after[ids[key]] == f"Erased candidate #{ids[key]}"
    assert after[ids["recent_rejected"]] == "Rae Recent"
    assert after[ids["old_but_active"]] == "Ada Active"
    assert "Olga" not in result.output  # cron mails the output: ids and counts only


def test_purge_is_idempotent(app, make):
    world(make)
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["privacy", "purge"]).exit_code == 0
    with app.app_context():
        events = db.session.scalar(select(func.count(AuditEvent.id)))
    again = runner.invoke(main, ["privacy", "purge"])
    assert again.exit_code == 0
    assert "0 candidate(s) erased" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_dry_run_lists_and_changes_nothing(app, make):
    ids = world(make)
    before = names(app)
    result = app.test_cli_runner().invoke(main, ["privacy", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would erase candidate #{ids['old_rejected']} (rejected since" in result.output
    assert f"#{ids['recent_rejected']} " not in result.output
    assert "3 candidate(s) past the 365-day retention period; dry run: nothing erased" in (
        result.output)
    assert names(app) == before


def test_the_period_comes_from_the_configuration_or_the_option(app, make):
    ids = world(make)
    app.config["RETENTION_DAYS"] = 950
    result = app.test_cli_runner().invoke(main, ["privacy", "purge", "--dry-run"])
    assert "1 candidate(s) past the 950-day" in result.output
    result = app.test_cli_runner().invoke(main, ["privacy", "purge", "--days", "300"])
    assert "4 candidate(s) erased after the 300-day" in result.output
    assert names(app)[ids["old_but_active"]] == "Ada Active"
    app.config["RETENTION_DAYS"] = "soon"
    bad = app.test_cli_runner().invoke(main, ["privacy", "purge"])
    assert bad.exit_code == 2
    assert "HIRING_RETENTION_DAYS" in bad.output


def test_an_overlapping_run_erases_nobody_twice(app, make):
    """A second run started while the first still holds its rows erases nobody: PostgreSQL
    skips the rows the first run locked, SQLite makes it wait for the first to commit."""
    world(make)
    second: list[object] = []

    def second_run() -> None:
        with app.app_context():
            try:
                second.append(len(purge(365)))
                db.session.commit()
            except Exception as exc:  # reported by the assertion below
                second.append(exc)

    with app.app_context():
        assert len(purge(365)) == 3  # not committed yet: its rows stay locked
        thread = threading.Thread(target=second_run)
        thread.start()
        if db.engine.dialect.name == "postgresql":
            thread.join()  # the second run ran to its end while the first held the rows
            db.session.commit()
        else:
            db.session.commit()  # the second run waits for the write lock until now
            thread.join()
    assert second == [0]
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "candidate.erased")) == 3


def test_the_privacy_page_counts_who_is_past_the_period(app, client, make):
    world(make)
    client.login(make.user("admin"))
    page = client.get("/admin/privacy").get_data(as_text=True)
    assert "<dt>Past the period now</dt><dd>3 candidates</dd>" in page
    assert app.test_cli_runner().invoke(main, ["privacy", "purge"]).exit_code == 0
    page = client.get("/admin/privacy").get_data(as_text=True)
    assert "<dt>Past the period now</dt><dd>0 candidates</dd>" in page
    assert "<dt>Erased so far</dt><dd>3 candidates</dd>" in page

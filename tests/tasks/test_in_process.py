"""Jobs in the web process (SQLite's default, and TASK_QUEUE=in-process): a job starts when
the transaction that stored it commits, never after a rollback; a packet job left rendering
is only finished by a run the queue hands it to; the periodic jobs do what their commands
do; ``hiring worker`` says why it has nothing to do; the queue's settings are checked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from hiring.app import create_app
from hiring.config import ConfigError
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, OutboxMessage, Packet, PacketJob
from hiring.packet.jobs import render_packet_job, request_job, wait_for_jobs
from hiring.tasks import jobs
from hiring.tasks.enqueue import enqueue_packet
from tests.conftest import app_config
from tests.views.committee_support import panel


def job_state(app, job_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(PacketJob.state).where(PacketJob.id == job_id))


def finished_at(app, job_id: int):
    with app.app_context():
        return db.session.scalar(select(PacketJob.finished_at).where(PacketJob.id == job_id))


@pytest.mark.pdf
def test_a_packet_job_starts_when_its_transaction_commits_never_after_a_rollback(app, make):
    data = panel(make, "offer")
    cid, uid = data["candidate"].id, data["committee"].id
    with app.app_context():
        job, new = request_job(cid, uid)
        assert new
        job_id = job.id
        db.session.commit()
        enqueue_packet(job_id)
        db.session.rollback()  # the job is not started, and not by the next commit either
        db.session.execute(update(Candidate).where(Candidate.id == cid).values(
            name="Casey Renamed"))
        db.session.commit()
    assert wait_for_jobs(60)
    assert job_state(app, job_id) == "queued"
    with app.app_context():
        enqueue_packet(job_id)
        assert wait_for_jobs(0)  # nothing runs before the commit
        db.session.commit()
    assert wait_for_jobs(60)
    assert job_state(app, job_id) == "ready"


@pytest.mark.pdf
def test_a_rendering_job_is_left_alone_unless_the_queue_hands_it_over(app, make):
    data = panel(make, "offer")
    with app.app_context():
        job = PacketJob(candidate_id=data["candidate"].id, requested_by_id=data["committee"].id,
                        state="rendering")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    render_packet_job(job_id, app)  # another run has it: not this one's to render
    assert job_state(app, job_id) == "rendering"
    render_packet_job(job_id, app, take_over=True)  # its worker died: this run finishes it
    assert job_state(app, job_id) == "ready"
    finished = finished_at(app, job_id)
    render_packet_job(job_id, app, take_over=True)  # a finished job is never run again
    assert finished_at(app, job_id) == finished
    with app.app_context():
        assert db.session.scalar(select(func.count(Packet.id))) == 1


def test_the_periodic_jobs_do_what_their_commands_do(app, make):
    req = make.requisition()
    ivan = make.user("interviewer", name="Ivan Owes")
    make.interview(make.candidate(req, name="Olga Overdue"), ivan,
                   when=utcnow() - dt.timedelta(hours=3))
    gone = make.candidate(req, name="Rex Rejected", stage="rejected",
                          stage_entered_at=utcnow() - dt.timedelta(days=400)).id
    assert jobs.queue_reminders(app) == 1
    assert jobs.queue_reminders(app) == 0  # the next is due in 24 hours
    assert jobs.purge_retention(app) == 1
    assert jobs.send_outbox(app) == 0  # no SMTP host: the reminder waits in the outbox
    with app.app_context():
        assert db.session.get(Candidate, gone).erased_at is not None
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.state == "queued")) == 1


def test_hiring_worker_and_background_batches_say_the_web_process_runs_the_jobs(app, database_url):
    from hiring.cli import main

    result = app.test_cli_runner().invoke(main, ["worker"])
    assert result.exit_code == 2
    if database_url.startswith("sqlite"):
        assert "hiring worker needs PostgreSQL" in result.output
        assert "hiring mail send" in result.output
    else:  # the tests' own setting: TASK_QUEUE=in-process
        assert "TASK_QUEUE is 'in-process'" in result.output
    batch = app.test_cli_runner().invoke(main, ["packet", "--requisition", "1", "--as",
                                                "cora@example.com", "--background"])
    assert batch.exit_code == 2
    assert "--background queues a requisition's packets for `hiring worker`" in batch.output


@pytest.mark.parametrize(("settings", "message"), [
    ({"TASK_QUEUE": "celery"}, "'celery' is not one of auto, procrastinate, in-process"),
    ({"TASK_QUEUE": "procrastinate"}, "procrastinate keeps its queue in PostgreSQL"),
    ({"TASK_STALLED_SECONDS": 0}, "TASK_STALLED_SECONDS (HIRING_TASK_STALLED_SECONDS): 0 is"),
    ({"TASK_HEARTBEAT_SECONDS": "soon"}, "'soon' is not a number of seconds above 0"),
])
def test_the_queue_settings_are_checked_at_start(tmp_path: Path, settings, message):
    config = app_config(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "instance",
                        **settings)
    with pytest.raises(ConfigError, match=re.escape(message)):
        create_app(config)


def test_the_queue_schedules_each_periodic_job_from_its_setting(tmp_path: Path):
    """Reminders, the purge and the rest are the queue's own periodic tasks (no loop or cron
    of ours), each at the time its setting says; building the schedule opens no connection."""
    from hiring.tasks import queue as task_queue

    crons = {"TASK_OUTBOX_CRON": "*/2 * * * *", "TASK_REMINDERS_CRON": "*/7 * * * *",
             "TASK_PURGE_CRON": "10 4 * * *", "TASK_STALLED_CRON": "*/3 * * * *",
             "TASK_PRUNE_CRON": "20 5 * * *"}
    app = create_app(app_config("postgresql+psycopg://nobody@127.0.0.1:1/none",
                                tmp_path / "instance", TASK_QUEUE="procrastinate", **crons))
    schedule = {task.task.name: task.cron for task in
                task_queue.queue_for(app).periodic_registry.periodic_tasks.values()}
    assert schedule == {
        task_queue.SEND_OUTBOX: crons["TASK_OUTBOX_CRON"],
        task_queue.QUEUE_REMINDERS: crons["TASK_REMINDERS_CRON"],
        task_queue.PURGE_RETENTION: crons["TASK_PURGE_CRON"],
        task_queue.RETRY_STALLED: crons["TASK_STALLED_CRON"],
        task_queue.PRUNE_JOBS: crons["TASK_PRUNE_CRON"],
    }

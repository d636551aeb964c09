"""Workers on PostgreSQL: a packet asked for on the web is rendered by a worker, never by
the request; a worker killed mid-job leaves its job to another, one packet is stored and
no mail goes out twice;
two workers polling the same queue run each job once and send each mail once."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.mail.outbox import Letter, enqueue
from hiring.models import OutboxMessage, Packet, PacketJob, User
from hiring.packet.jobs import request_job, wait_for_jobs
from hiring.tasks.enqueue import enqueue_packet
from hiring.tasks.queue import SEND_OUTBOX, packet_lock, queue_for
from tests.support.smtp import SmtpServer
from tests.support.workers import (
    connect,
    job_rows,
    spawn_worker,
    start_worker,
    start_workers,
    starts_per_job,
    wait_started,
    wait_until,
    worker_env,
)
from tests.views.committee_support import panel

pytestmark = pytest.mark.pdf


def packet_job(app, candidate_id: int) -> PacketJob | None:
    with app.app_context():
        db.session().expire_on_commit = False
        job = db.session.scalar(select(PacketJob).where(PacketJob.candidate_id == candidate_id))
        db.session.commit()
        return job


def packets_of(app, candidate_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Packet.id))
                                 .where(Packet.candidate_id == candidate_id)) or 0


def hiring(app, *args: str):  # type: ignore[no-untyped-def]
    from hiring.cli import main

    return app.test_cli_runner().invoke(main, list(args))


def store_is_blocked(queue_url: str) -> bool:
    """A session waits for the lock on ``packets``: a worker has rendered and wants to store."""
    with connect(queue_url) as conn:
        return conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                            "AND relation = 'packets'::regclass").fetchone()[0] > 0


def test_a_worker_killed_mid_job_leaves_it_to_another_and_one_packet_is_stored(
        queue_app, queue_make, queue_url, queue_config, tmp_path):
    data = panel(queue_make, "offer")
    cid, me = data["candidate"].id, data["committee"]
    client = queue_app.test_client()
    client.login(me)
    status = f"/candidates/{cid}/packet/status"

    asked = client.get(f"/candidates/{cid}/packet.pdf")
    assert (asked.status_code, asked.location) == (303, f"/candidates/{cid}/packet")
    # The request only queued it: nothing renders in this process, the queue holds one job.
    assert wait_for_jobs(0)
    job = packet_job(queue_app, cid)
    assert job is not None
    assert job.state == "queued"
    [(queued_id, state, lock)] = job_rows(queue_url)
    assert (state, lock) == ("todo", packet_lock(job.id))
    assert client.get(status).json["state"] == "queued"
    assert "Waiting for a free renderer" in client.get(asked.location).get_data(as_text=True)

    # Mail waits in the outbox meanwhile: however the kill falls, each goes out once.
    smtp = SmtpServer()
    smtp.start()
    subjects = [f"Message {n}" for n in range(6)]
    with queue_app.app_context():
        recipient = db.session.get(User, me.id)
        for subject in subjects:
            enqueue("reminder", recipient, Letter(subject=subject, text="t", html="<p>h</p>"))
        db.session.commit()
    env = worker_env({**queue_config, "SMTP_HOST": smtp.host, "SMTP_PORT": smtp.port,
                      "TASK_OUTBOX_CRON": "* * * * * *"})
    with connect(queue_url) as holder:  # the store must wait: the worker dies before it
        holder.execute("LOCK TABLE packets IN SHARE MODE")
        doomed = start_worker(env, tmp_path / "doomed.log", "--concurrency", "1")
        try:
            wait_until(lambda: store_is_blocked(queue_url), what="the render and the store")
            assert client.get(status).json["state"] == "rendering"
            # The next worker starts meanwhile: it cannot take the job while it runs.
            rescuer = spawn_worker(env, tmp_path / "rescuer.log")
        finally:
            doomed.kill()
        holder.rollback()
    try:
        assert packets_of(queue_app, cid) == 0
        other = panel(queue_make, "offer", req=data["req"], committee=me, name="Dana Debrief")
        wait_started([rescuer])
        wait_until(lambda: client.get(status).json["state"] == "ready",
                   what="the stalled job to be retried (rescuer.log)")
        # A batch from the command line goes to the workers too.
        batch = hiring(queue_app, "packet", "--requisition", str(data["req"].id), "--as",
                       me.email, "--background")
        assert batch.exit_code == 0, batch.output
        assert "1 packet(s) queued for the workers, 0 already queued, 1 in the cache" in (
            batch.output)
        wait_until(lambda: packets_of(queue_app, other["candidate"].id) == 1,
                   what="the batch's packet")
        wait_until(lambda: len(smtp.messages) >= len(subjects), what="the outbox to be sent")
    finally:
        rescuer.stop()
        smtp.stop()
    assert Counter(m.message["Subject"] for m in smtp.messages) == Counter(subjects)
    written = hiring(queue_app, "packet", "--requisition", str(data["req"].id), "--as",
                     me.email, "-o", str(tmp_path / "packets"))
    assert written.exit_code == 0, written.output
    assert written.output.count(" pages (cached)") == 2
    assert packets_of(queue_app, cid) == 1
    assert packet_job(queue_app, cid).state == "ready"
    assert starts_per_job(queue_url)[queued_id] == 2  # the killed run and the retry
    assert {i: s for i, s, _ in job_rows(queue_url)}[queued_id] == "succeeded"
    download = client.get(f"/candidates/{cid}/packet.pdf")
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Packet-Cache"] == "miss"  # rendered for this person


def test_two_workers_run_each_job_once_and_send_each_mail_once(
        queue_app, queue_make, queue_url, queue_config, tmp_path):
    smtp = SmtpServer()
    smtp.start()
    ivan = queue_make.user("interviewer", email="ivan@example.com")
    subjects = [f"Message {n}" for n in range(12)]
    with queue_app.app_context():
        recipient = db.session.get(User, ivan.id)
        for subject in subjects:
            enqueue("reminder", recipient, Letter(subject=subject, text="t", html="<p>h</p>"))
        db.session.commit()
    # A failing packet too: the page then says why, from the worker.
    data = panel(queue_make, "offer")
    client = queue_app.test_client()
    client.login(data["committee"])
    cid = data["candidate"].id
    assert client.get(f"/candidates/{cid}/packet.pdf").status_code == 303

    config = {**queue_config, "SMTP_HOST": smtp.host, "SMTP_PORT": smtp.port,
              "TASK_OUTBOX_CRON": "* * * * * *", "PDF_MAX_PAGES": 1}
    env = worker_env(config)
    workers = start_workers(env, [(tmp_path / f"worker{n}.log", ()) for n in (1, 2)])
    try:
        with connect(queue_url) as conn:  # passes asked for at once, besides the schedule's
            for _ in range(4):
                queue_for(queue_app).configure_task(SEND_OUTBOX, connection=conn).defer()

        def all_sent() -> bool:
            with queue_app.app_context():
                return db.session.scalar(select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.state != "sent")) == 0

        wait_until(all_sent, what="the outbox to be sent")
        wait_until(lambda: client.get(f"/candidates/{cid}/packet/status").json["state"]
                   == "failed", what="the packet job to fail")
        wait_until(lambda: all(s in ("succeeded", "failed") for _, s, _ in job_rows(
            queue_url, SEND_OUTBOX)), what="the outbox passes to end")
    finally:
        for worker in workers:
            worker.stop()
        smtp.stop()
    received = Counter(m.message["Subject"] for m in smtp.messages)
    assert received == Counter(subjects)  # every message once, none twice
    passes = job_rows(queue_url, SEND_OUTBOX)
    assert len(passes) >= 5  # the four asked for and the schedule's
    assert set(starts_per_job(queue_url).values()) == {1}  # no job ran twice
    status = client.get(f"/candidates/{cid}/packet/status").json
    assert status["reason"].startswith("the packet has ")
    assert status["reason"].endswith("pages; the limit is 1")
    assert "the limit is 1" in client.get(f"/candidates/{cid}/packet").get_data(as_text=True)


def test_a_packet_job_is_queued_in_the_transaction_that_stores_it(queue_app, queue_make,
                                                                   queue_url):
    data = panel(queue_make, "offer")
    cid, uid = data["candidate"].id, data["committee"].id
    with queue_app.app_context():
        job, _ = request_job(cid, uid)
        enqueue_packet(job.id)
        assert len(job_rows(queue_url)) == 0  # not visible before the commit
        db.session.rollback()  # a request that failed: neither row nor job
    assert job_rows(queue_url) == []
    with queue_app.app_context():
        job, _ = request_job(cid, uid)
        job_id = job.id
        enqueue_packet(job_id)
        db.session.commit()
    assert [(s, lock) for _, s, lock in job_rows(queue_url)] == [("todo", packet_lock(job_id))]
    assert wait_for_jobs(0)  # and nothing started in this process

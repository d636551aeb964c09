"""Web packets made by a background job: the states its page and status endpoint show, the
job as a plain function, a cache hit without building the debrief, independence on every
packet endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, CandidateEvaluation, PacketJob
from hiring.packet import cache, jobs
from hiring.packet.jobs import NOT_FINISHED, render_packet_job, wait_for_jobs
from hiring.services import evaluations
from tests.support.packets import fetch_packet
from tests.views.committee_support import panel

pytestmark = pytest.mark.pdf


def urls(cid: int) -> dict[str, str]:
    return {"pdf": f"/candidates/{cid}/packet.pdf", "page": f"/candidates/{cid}/packet",
            "status": f"/candidates/{cid}/packet/status"}


def add_job(app, cid: int, user_id: int, **fields) -> int:
    with app.app_context():
        job = PacketJob(candidate_id=cid, requested_by_id=user_id, **fields)
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_job_goes_from_queued_to_ready_and_the_page_then_downloads(app, client, make):
    data = panel(make, "offer")
    cid, me = data["candidate"].id, data["committee"]
    url = urls(cid)
    client.login(me)
    job_id = add_job(app, cid, me.id)  # as the download stores it, before the job runs

    page = client.get(url["page"])
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Waiting for a free renderer" in body
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in body
    assert f'data-packet-status="{url["status"]}"' in body
    assert "js/packet.js" in body
    assert f'href="{url["page"]}"' in body  # "Check again" without JavaScript
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get(url["status"]).json == {"state": "queued", "reason": None,
                                              "download": url["pdf"], "page": url["page"]}

    render_packet_job(job_id, app)  # the plain function a task queue will call

    assert client.get(url["status"]).json["state"] == "ready"
    ready = client.get(url["page"])
    assert (ready.status_code, ready.location) == (303, url["pdf"])
    first = client.get(url["pdf"])
    assert first.mimetype == "application/pdf"
    assert first.headers["X-Packet-Cache"] == "miss"  # rendered for this person
    assert client.get(url["pdf"]).headers["X-Packet-Cache"] == "hit"


def test_a_rendering_job_an_abandoned_one_and_asking_again(app, client, make):
    data = panel(make, "offer")
    cid, me = data["candidate"].id, data["committee"]
    url = urls(cid)
    client.login(me)
    job_id = add_job(app, cid, me.id, state="rendering", started_at=utcnow())
    assert "Rendering the packet" in client.get(url["page"]).get_data(as_text=True)
    assert client.get(url["status"]).json["state"] == "rendering"
    # Asking again while it renders joins the same job.
    assert client.get(url["pdf"]).status_code == 303
    with app.app_context():
        assert db.session.scalars(select(PacketJob.id)).all() == [job_id]
        db.session.get(PacketJob, job_id).started_at = utcnow() - dt.timedelta(hours=2)
        db.session.commit()
    # Its process died: told as failed, and asking again makes a new job.
    status = client.get(url["status"]).json
    assert (status["state"], status["reason"]) == ("failed", NOT_FINISHED)
    body = client.get(url["page"]).get_data(as_text=True)
    assert NOT_FINISHED in body
    assert f'href="{url["pdf"]}">Try again' in body
    assert "noscript" not in body
    assert download_after_job(app, client, cid).status_code == 200
    with app.app_context():  # the abandoned job was replaced by the one that made it
        [(state, started)] = db.session.execute(select(PacketJob.state,
                                                       PacketJob.started_at)).all()
    assert state == "ready"
    assert utcnow() - started < dt.timedelta(hours=1)


def download_after_job(app, client, cid):
    response = fetch_packet(client, cid)
    assert wait_for_jobs(120)
    return response


def test_a_hit_is_served_from_the_stored_fingerprint_without_building_the_debrief(
        app, client, make, monkeypatch):
    data = panel(make, "offer")
    cid = data["candidate"].id
    client.login(data["committee"])
    assert fetch_packet(client, cid).status_code == 200
    with app.app_context():
        evaluations.refresh_ids([cid])
        db.session.commit()
    built = []
    real = cache.build_debrief

    def spy(candidate: Candidate):
        built.append(candidate.id)
        return real(candidate)

    monkeypatch.setattr(cache, "build_debrief", spy)
    hit = client.get(urls(cid)["pdf"])
    assert (hit.status_code, hit.headers["X-Packet-Cache"]) == (200, "hit")
    assert built == []
    with app.app_context():  # no stored summary: the debrief is built for the key
        db.session.execute(delete(CandidateEvaluation))
        db.session.commit()
    again = client.get(urls(cid)["pdf"])
    assert (again.status_code, again.headers["X-Packet-Cache"]) == (200, "hit")
    assert again.data == hit.data
    assert built == [cid]


def test_independence_and_reach_hold_on_every_packet_endpoint(app, client, make):
    member = make.user("committee", "interviewer", name="Hugo Holds")
    data = panel(make, "offer", committee=member)
    cid = data["candidate"].id
    make.interview(data["candidate"], member, "phone_screen",
                   when=utcnow() - dt.timedelta(hours=1))
    outsider = make.user("committee", name="Otto Outsider")
    make.requisition(committee=[outsider])
    client.login(member)
    for url in urls(cid).values():
        response = client.get(url)
        assert response.status_code == 403, url
        assert "your scorecard comes first" in response.get_data(as_text=True)
    client.login(outsider)
    for url in urls(cid).values():
        assert client.get(url).status_code == 404, url
    with app.app_context():
        assert db.session.scalar(select(func.count(PacketJob.id))) == 0
    assert jobs.wait_for_jobs(1)


def test_a_stale_stored_fingerprint_is_mended_by_the_render_so_the_next_download_hits(
        app, client, make):
    data = panel(make, "offer")
    cid, me = data["candidate"].id, data["committee"]
    url = urls(cid)
    client.login(me)
    with app.app_context():
        evaluations.refresh_ids([cid])
        db.session.get(CandidateEvaluation, cid).fingerprint = "0" * 64  # a forgotten refresh
        db.session.commit()
    assert client.get(url["pdf"]).status_code == 303
    wait_for_jobs()
    assert client.get(url["pdf"]).headers["X-Packet-Cache"] == "miss"
    assert client.get(url["pdf"]).headers["X-Packet-Cache"] == "hit"  # not a render loop
    with app.app_context():
        assert evaluations.verify([cid]) == []


def test_on_the_task_queue_a_long_wait_is_not_abandonment(app, make):
    """A backlog or a dead worker is the queue's to resolve (stalled-job retry): asking again
    must join the job, not replace it and render the same packet twice."""
    from hiring.packet.jobs import is_abandoned

    data = panel(make, "offer")
    cid, me = data["candidate"].id, data["committee"]
    job_id = add_job(app, cid, me.id, state="queued")
    later = utcnow() + dt.timedelta(hours=3)
    with app.app_context():
        job = db.session.get(PacketJob, job_id)
        assert is_abandoned(job, later)  # in this process: it was lost with a restart
        app.config["TASK_QUEUE"] = "procrastinate"
        assert not is_abandoned(job, later)

"""The recruiter's candidate pages: add, edit, list with filters and paging, detail, moves."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Requisition, StageMove
from hiring.queries.paging import page_number, page_size
from tests.views.recruiter_support import count_statements


def _stage(app, candidate_id):
    with app.app_context():
        return db.session.get(Candidate, candidate_id).stage


def test_add_candidate_then_see_the_page(app, client, make):
    rita = make.user("recruiter", name="Rita Recruiter")
    req = make.requisition(recruiters=[rita])
    client.login(rita)
    response = client.post(f"/requisitions/{req.id}/candidates/new", data={
        "name": "Ada Lovelace", "email": "ada@example.com", "source": "Referral",
        "links": "https://ada.example/cv", "notes": "Wants remote."})
    assert response.status_code == 302
    response = client.get(response.headers["Location"])
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Ada Lovelace" in page
    assert 'href="https://ada.example/cv" rel="noopener noreferrer nofollow"' in page
    assert '<li class="current" aria-current="step">Applied' in page
    assert "Added\n            by Rita Recruiter" in page


def test_bad_candidate_input_keeps_what_was_typed(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    client.login(rita)
    response = client.post(f"/requisitions/{req.id}/candidates/new", data={
        "name": "Ada", "email": "ada@example.com", "source": "Job board",
        "links": "https://ok.example\njavascript:alert(1)", "notes": "Typed notes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 2 is not an http(s) web address: javascript:alert(1)" in page
    assert 'value="Job board"' in page
    assert "Typed notes" in page
    response = client.post(f"/requisitions/{req.id}/candidates/new",
                           data={"name": "", "email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert "Enter the candidate&#39;s name." in page
    assert 'value="not-an-email"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_edit_candidate_and_tampered_ids_are_out_of_reach(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    mine = make.candidate(make.requisition(recruiters=[rita]), name="Mine")
    theirs = make.candidate(make.requisition(recruiters=[rob]), name="Theirs")
    client.login(rita)
    assert 'value="Mine"' in client.get(f"/candidates/{mine.id}/edit").get_data(as_text=True)
    response = client.post(f"/candidates/{mine.id}/edit", data={"name": "Mine Renamed"})
    assert response.status_code == 302
    assert client.post(f"/candidates/{theirs.id}/edit", data={"name": "X"}).status_code == 404
    assert client.post(f"/candidates/{theirs.id}/move",
                       data={"stage": "debrief"}).status_code == 404
    with app.app_context():
        assert db.session.get(Candidate, mine.id).name == "Mine Renamed"
        assert db.session.get(Candidate, theirs.id).name == "Theirs"
    assert _stage(app, theirs.id) == "applied"


def test_edit_candidate_with_bad_input_keeps_what_was_typed(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    make.candidate(req, email="taken@example.com")
    candidate = make.candidate(req, name="Before", email="before@example.com")
    client.login(rita)
    typed = {"name": "After", "email": "TAKEN@example.com", "source": "Typed source",
             "links": "https://ok.example\nftp://nope.example", "notes": "Typed notes"}
    response = client.post(f"/candidates/{candidate.id}/edit", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 2 is not an http(s) web address: ftp://nope.example" in page
    assert "A candidate with this email is on this requisition already." in page
    for kept in ('value="After"', 'value="TAKEN@example.com"', 'value="Typed source"',
                 "https://ok.example\nftp://nope.example", "Typed notes"):
        assert kept in page, kept
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        assert (row.name, row.email, row.source) == ("Before", "before@example.com", "")


def test_list_filters_by_requisition_stage_status_and_text(client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    eng = make.requisition(recruiters=[rita], title="Engineer")
    mgr = make.requisition(recruiters=[rita], title="Manager", rubric_id="engineering-manager")
    other = make.requisition(recruiters=[rob], title="Elsewhere")
    make.candidate(eng, name="Alma Screen", stage="phone_screen")
    make.candidate(eng, name="Bert Hired", stage="hired", email="bert@corp.example")
    make.candidate(mgr, name="Cleo Applied")
    make.candidate(other, name="Dora Hidden", stage="phone_screen")
    client.login(rita)

    def names(query=""):
        page = client.get(f"/candidates{query}").get_data(as_text=True)
        return {n for n in ("Alma", "Bert", "Cleo", "Dora") if f">{n} " in page}

    assert names() == {"Alma", "Bert", "Cleo"}
    assert names(f"?requisition={mgr.id}") == {"Cleo"}
    assert names(f"?requisition={other.id}") == {"Alma", "Bert", "Cleo"}  # ignored
    assert names("?stage=phone_screen") == {"Alma"}
    assert names("?status=active") == {"Alma", "Cleo"}
    assert names("?status=hired") == {"Bert"}
    assert names("?q=CORP.example") == {"Bert"}
    assert names("?q=cleo&status=active") == {"Cleo"}
    assert names("?q=100%25") == set()


def test_list_pages_and_keeps_filters(app, client, make):
    app.config["PAGE_SIZE"] = 2
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    for n in range(5):
        make.candidate(req, name=f"Person {n}", stage="phone_screen")
    client.login(rita)
    first = client.get("/candidates?stage=phone_screen").get_data(as_text=True)
    assert "Page 1 of 3 · 5 in all" in first
    assert "page=2" in first
    assert "stage=phone_screen" in first.split('rel="next"')[0].rsplit("href=", 1)[1]
    last = client.get("/candidates?stage=phone_screen&page=3").get_data(as_text=True)
    assert last.count('class="stack-title"') == 1
    beyond = client.get("/candidates?page=99")
    assert beyond.status_code == 200


def test_list_runs_the_same_number_of_queries_for_more_candidates(app, client, make):
    rita = make.user("recruiter")
    eng = make.requisition(recruiters=[rita])
    mgr = make.requisition(recruiters=[rita], rubric_id="engineering-manager")
    make.candidate(eng)
    client.login(rita)
    client.get("/candidates")  # warm-up: caches that fill once per process
    with count_statements(app) as few:
        assert client.get("/candidates").status_code == 200
    for n in range(12):
        make.candidate(eng if n % 2 else mgr, stage="phone_screen" if n % 3 else "applied")
    with count_statements(app) as many:
        page = client.get("/candidates").get_data(as_text=True)
    assert page.count('class="stack-title"') == 13
    assert len(many) == len(few)


def test_move_candidate_and_refusals_keep_the_page(app, client, make):
    rita = make.user("recruiter", name="Rita Recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]), name="Mo")
    client.login(rita)
    response = client.post(f"/candidates/{candidate.id}/move",
                           data={"stage": "phone_screen", "note": "Great CV"})
    assert response.status_code == 302
    assert _stage(app, candidate.id) == "phone_screen"
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert '<li class="done">Applied' in page
    assert "Moved from Applied\n            by Rita Recruiter" in page
    assert "Great CV" in page

    response = client.post(f"/candidates/{candidate.id}/move",
                           data={"stage": "offer", "note": "Keep this note"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Only the hiring committee makes offers" in page
    assert "Keep this note" in page
    for stage in ("no_such_stage", "hiring_manager_screen", "phone_screen"):
        response = client.post(f"/candidates/{candidate.id}/move", data={"stage": stage})
        assert response.status_code == 200
        assert 'class="field-errors"' in response.get_data(as_text=True)
    assert _stage(app, candidate.id) == "phone_screen"
    with app.app_context():
        assert db.session.scalar(select(func.count(StageMove.id))) == 2


def test_committee_member_sees_the_candidate_read_only(client, make):
    cora = make.user("committee")
    req = make.requisition(recruiters=[make.user("recruiter")], committee=[cora])
    candidate = make.candidate(req, stage="phone_screen")
    make.interview(candidate, make.user("interviewer", name="Ivan Iv"))
    client.login(cora)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Ivan Iv" in page
    assert 'data-outcome="incomplete"' in page  # the engine's live recommendation
    for control in ("Move candidate", "Assign interviewer", "/edit", "/reassign", "/cancel"):
        assert control not in page
    assert client.post(f"/candidates/{candidate.id}/move",
                       data={"stage": "debrief"}).status_code == 403


@pytest.mark.parametrize(("query", "page"), [
    ("", 1), ("?page=3", 3), ("?page=0", 1), ("?page=-2", 1), ("?page=abc", 1)])
def test_page_number_reads_the_url_and_page_size_the_config(app, query, page):
    app.config["PAGE_SIZE"] = 7
    with app.test_request_context(f"/candidates{query}"):
        assert (page_number(), page_size()) == (page, 7)


def test_candidate_page_shows_time_in_each_stage_from_the_history(app, client, make):
    rita = make.user("recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]), stage="phone_screen")
    t0 = utcnow() - dt.timedelta(days=5)
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        [added] = row.moves
        added.to_stage, added.moved_at = "applied", t0
        row.moves.append(StageMove(from_stage="applied", to_stage="phone_screen",
                                   moved_at=t0 + dt.timedelta(days=2)))
        row.stage_entered_at = t0 + dt.timedelta(days=2)
        db.session.commit()
    client.login(rita)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    history = page.split('id="history-title"', 1)[1].split("</ol>", 1)[0]
    spans = re.findall(r'<span class="muted small">([^<]+)</span>', history)
    assert spans == ["now, for 3 days", "for 2 days"]  # newest first


def _move_options(page):
    select = page.split('id="move-stage"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def _standing_offer(app, candidate):
    with app.app_context():
        req = db.session.get(Requisition, candidate.requisition_id)
        db.session.add(CommitteeDecision(
            candidate_id=candidate.id, decision="offer", rationale="Panel agreed.",
            engine_outcome="offer", rubric_version_id=req.rubric_version_id))
        db.session.commit()


def test_move_form_offers_only_the_moves_the_pipeline_allows(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    screened = make.candidate(req, stage="phone_screen")
    offered = make.candidate(req, stage="debrief")
    _standing_offer(app, offered)
    client.login(rita)

    options = _move_options(client.get(f"/candidates/{screened.id}").get_data(as_text=True))
    assert options[:3] == ["", "applied", "take_home"]
    assert "phone_screen" not in options
    assert {"offer", "hired"}.isdisjoint(options)
    assert options[-3:] == ["debrief", "rejected", "withdrawn"]
    response = client.post(f"/candidates/{screened.id}/move", data={"stage": "hired"})
    assert response.status_code == 200
    assert "Only a candidate with an offer can be hired" in response.get_data(as_text=True)
    assert _stage(app, screened.id) == "phone_screen"

    options = _move_options(client.get(f"/candidates/{offered.id}").get_data(as_text=True))
    assert "offer" in options
    assert "hired" not in options
    assert client.post(f"/candidates/{offered.id}/move",
                       data={"stage": "offer"}).status_code == 302
    options = _move_options(client.get(f"/candidates/{offered.id}").get_data(as_text=True))
    assert "hired" in options
    assert client.post(f"/candidates/{offered.id}/move",
                       data={"stage": "hired"}).status_code == 302
    assert _stage(app, offered.id) == "hired"

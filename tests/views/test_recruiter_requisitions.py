"""The recruiter's requisition pages: list, create, detail with funnel, edit, close, rubric."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from wtforms.validators import Length

from hiring.extensions import db
from hiring.models import Requisition, RubricVersion
from hiring.models.requisition import VISIBILITY_LABELS
from hiring.recruiter.forms import CancelForm, CandidateForm, MoveForm, RequisitionCreateForm
from hiring.services.candidates import LIMITS, MAX_NOTE
from hiring.services.interviews import MAX_REASON
from hiring.services.requisitions import MAX_DESCRIPTION, MAX_TEAM, MAX_TITLE
from hiring.services.rubrics import latest_version_of
from tests.views.recruiter_support import audit_events, store_new_version


def _requisition(app, requisition_id):
    with app.app_context():
        req = db.session.get(Requisition, requisition_id)
        return req.title, req.status, req.rubric_version_id, sorted(u.id for u in req.recruiters)


def test_create_requisition_then_see_it(app, client, make):
    rita, cora = make.user("recruiter", name="Rita"), make.user("committee", name="Cora")
    client.login(rita)
    with app.app_context():
        version_id = latest_version_of("engineering-manager").id
    form = client.get("/requisitions/new").get_data(as_text=True)
    for label in VISIBILITY_LABELS.values():
        assert f">{label}</label>" in form  # the radio buttons use the shared labels
    response = client.post("/requisitions/new", data={
        "title": "Engineering Manager", "team": "Payments", "rubric": version_id,
        "committee": [cora.id], "hiring_manager": 0, "visibility": "always"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Engineering Manager" in page
    assert "Cora" in page
    assert ("<dt>Interviewers see colleagues&#39; scorecards</dt><dd>"
            f"{VISIBILITY_LABELS['always']}</dd>") in page
    with app.app_context():
        req = db.session.scalar(select(Requisition))
        assert req.rubric_version_id == version_id
        assert [u.id for u in req.recruiters] == [rita.id]


def test_create_with_bad_input_keeps_what_was_typed(app, client, make):
    rita, interviewer = make.user("recruiter"), make.user("interviewer")
    client.login(rita)
    typed = {"title": "EM", "team": "Payments", "description": "Owns the <ledger>",
             "rubric": 999, "committee": [interviewer.id], "hiring_manager": 0,
             "visibility": "after_submit"}
    response = client.post("/requisitions/new", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Payments"' in page
    assert "Owns the &lt;ledger&gt;" in page
    assert "Choose one of the listed rubrics." in page
    assert "Choose committee members from the list." in page
    response = client.post("/requisitions/new", data={**typed, "title": ""})
    assert response.status_code == 200
    assert "Enter a title." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Requisition.id))) == 0


def test_list_shows_own_requisitions_filtered_with_counts(client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    mine = make.requisition(recruiters=[rita], title="Mine open")
    make.requisition(recruiters=[rita], title="Mine closed", status="closed")
    make.requisition(recruiters=[rob], title="Not mine")
    for stage in ("applied", "phone_screen", "phone_screen", "rejected"):
        make.candidate(mine, stage=stage)
    client.login(rita)
    page = client.get("/requisitions").get_data(as_text=True)
    assert "Mine open" in page
    assert "Mine closed" not in page
    assert "Not mine" not in page
    assert re.search(r"Phone Screen</span> <strong>2</strong>", page)
    assert 'data-label="Rejected">1<' in page
    closed = client.get("/requisitions?status=closed").get_data(as_text=True)
    assert "Mine closed" in closed
    assert "Mine open" not in closed


def test_detail_shows_funnel_and_pinned_rubric_without_inline_styles(client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    make.candidate(req, stage="phone_screen")  # history: entered phone_screen only
    client.login(rita)
    response = client.get(f"/requisitions/{req.id}")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'class="funnel-bar"' in page
    assert "style=" not in page
    assert 'value="1"' in page
    assert "A newer rubric version exists" not in page
    assert "Add candidate" in page


def test_detail_pages_its_candidates(app, client, make):
    app.config["PAGE_SIZE"] = 2
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    for n in range(3):
        make.candidate(req, name=f"Person {n}")
    client.login(rita)
    first = client.get(f"/requisitions/{req.id}").get_data(as_text=True)
    assert "Page 1 of 2 · 3 in all" in first
    assert first.count('class="stack-title"') == 2
    last = client.get(f"/requisitions/{req.id}?page=2").get_data(as_text=True)
    assert last.count('class="stack-title"') == 1


def _max_length(field):
    return next(v.max for v in field.kwargs["validators"] if isinstance(v, Length))


def test_forms_take_their_length_limits_from_the_services():
    assert [_max_length(f) for f in (RequisitionCreateForm.title, RequisitionCreateForm.team,
                                     RequisitionCreateForm.description)] == [
        MAX_TITLE, MAX_TEAM, MAX_DESCRIPTION]
    assert {name: _max_length(getattr(CandidateForm, name)) for name in LIMITS} == LIMITS
    assert (_max_length(MoveForm.note), _max_length(CancelForm.reason)) == (MAX_NOTE,
                                                                            MAX_REASON)


def test_committee_member_reads_the_page_without_buttons(client, make):
    cora = make.user("committee")
    req = make.requisition(recruiters=[make.user("recruiter")], committee=[cora])
    store_new_version(client.application)
    client.login(cora)
    page = client.get(f"/requisitions/{req.id}").get_data(as_text=True)
    assert "Pipeline and funnel" in page
    for control in ("Add candidate", "/edit", "/status", '/rubric"'):  # not the /rubrics menu
        assert control not in page
    assert client.post(f"/requisitions/{req.id}/status",
                       data={"status": "closed"}).status_code == 403


def test_edit_close_and_reopen(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    req = make.requisition(recruiters=[rita], title="Old title")
    client.login(rita)
    form = client.get(f"/requisitions/{req.id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in form
    response = client.post(f"/requisitions/{req.id}/edit", data={
        "title": "New title", "recruiters": [rita.id, rob.id], "hiring_manager": 0,
        "visibility": "after_submit"})
    assert response.status_code == 302
    assert _requisition(app, req.id)[0] == "New title"
    assert _requisition(app, req.id)[3] == sorted([rita.id, rob.id])
    client.post(f"/requisitions/{req.id}/status", data={"status": "closed"})
    assert _requisition(app, req.id)[1] == "closed"
    page = client.get(f"/requisitions/{req.id}").get_data(as_text=True)
    assert "Add candidate" not in page
    assert "Reopen" in page
    client.post(f"/requisitions/{req.id}/status", data={"status": "open"})
    assert _requisition(app, req.id)[1] == "open"
    with app.app_context():
        assert len(audit_events("requisition.closed")) == len(
            audit_events("requisition.reopened")) == 1


def test_tampered_edit_and_status_change_nothing(app, client, make):
    rita, ivan = make.user("recruiter"), make.user("interviewer")
    req = make.requisition(recruiters=[rita], title="Keep")
    client.login(rita)
    before = _requisition(app, req.id)
    response = client.post(f"/requisitions/{req.id}/edit", data={
        "title": "Changed", "recruiters": [rita.id, ivan.id], "hiring_manager": 0,
        "visibility": "after_submit"})
    assert response.status_code == 200
    assert "Choose recruiters from the list." in response.get_data(as_text=True)
    response = client.post(f"/requisitions/{req.id}/edit", data={
        "title": "Changed", "recruiters": ["x"], "hiring_manager": 0,
        "visibility": "after_submit"})
    assert response.status_code == 200
    response = client.post(f"/requisitions/{req.id}/status", data={"status": "archived"},
                           follow_redirects=True)
    assert "Choose open or closed." in response.get_data(as_text=True)
    assert _requisition(app, req.id) == before


def test_move_to_newer_rubric_version_and_refusals(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    scored = make.requisition(recruiters=[rita])
    interview = make.interview(make.candidate(scored), make.user("interviewer"))
    make.scorecard(interview, {"coding": 4})
    other_rubric = store_new_version(app, "engineering-manager")
    newer = store_new_version(app)
    client.login(rita)

    page = client.get(f"/requisitions/{req.id}").get_data(as_text=True)
    assert f"Move to version {newer.short_version}" in page
    response = client.post(f"/requisitions/{req.id}/rubric",
                           data={"rubric_version_id": other_rubric.id}, follow_redirects=True)
    assert "not a version of this requisition" in response.get_data(as_text=True)
    assert _requisition(app, req.id)[2] != other_rubric.id

    for tampered in ("abc", ""):
        response = client.post(f"/requisitions/{req.id}/rubric",
                               data={"rubric_version_id": tampered}, follow_redirects=True)
        assert "Choose a rubric version; nothing changed." in response.get_data(as_text=True)
    response = client.post(f"/requisitions/{req.id}/rubric",
                           data={"rubric_version_id": newer.id}, follow_redirects=True)
    assert f"now uses rubric version {newer.short_version}" in response.get_data(as_text=True)
    assert _requisition(app, req.id)[2] == newer.id

    pinned = _requisition(app, scored.id)[2]
    page = client.get(f"/requisitions/{scored.id}").get_data(as_text=True)
    assert "1 scorecard has been submitted here" in page
    response = client.post(f"/requisitions/{scored.id}/rubric",
                           data={"rubric_version_id": newer.id}, follow_redirects=True)
    assert "stays on rubric version" in response.get_data(as_text=True)
    assert _requisition(app, scored.id)[2] == pinned
    with app.app_context():
        assert db.session.scalar(select(func.count(RubricVersion.id))) == 4

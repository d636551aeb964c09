"""Sortable lists (candidates, overdue scorecards, users) whose order and filters live in the
URL and survive paging, and the candidate list's bulk actions: move, reject with a reason,
export the selection; all or nothing, each selected candidate checked.

The view logic does not depend on the database (the order itself is checked on both in
tests/test_search.py), so these run on SQLite only.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, StageMove

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
pytestmark = SQLITE


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def names_in_order(page: str, names: list[str]) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return sorted((n for n in names if f">{n}<" in body), key=lambda n: body.index(f">{n}<"))


def header(page: str, label: str) -> str:
    """The <th> of a sortable column, by its visible label."""
    for th in re.findall(r"<th[^>]*>.*?</th>", page, flags=re.S):
        if re.search(rf">{re.escape(label)}<span class=\"sort-mark\"", th):
            return th
    raise AssertionError(f"no sortable header {label!r}")


def href(fragment: str) -> str:
    return re.search(r'href="([^"]+)"', fragment).group(1)


def stages(app, *candidates) -> list[str]:
    with app.app_context():
        return [db.session.get(Candidate, c.id).stage for c in candidates]


@pytest.fixture
def team(make, client):
    rita = make.user("recruiter", name="Rita Recruiter")
    req = make.requisition(recruiters=[rita], title="Engineer")
    people = {name: make.candidate(req, name=name, source=source)
              for name, source in [("Zoë Zamora", "referral"), ("álvaro Ortiz", "agency"),
                                   ("Ben Brandt", "website")]}
    client.login(rita)
    return rita, req, people


# -- sorting ---------------------------------------------------------------------------------

def test_candidate_list_sorts_by_its_columns_and_keeps_the_filters(app, client, team):
    _, req, people = team
    names = list(people)
    newest = text(client.get("/candidates"))
    assert names_in_order(newest, names) == ["Ben Brandt", "álvaro Ortiz", "Zoë Zamora"]
    assert 'aria-sort="descending"' in header(newest, "Added")
    assert "aria-sort" not in header(newest, "Name")

    by_name = text(client.get(f"/candidates?sort=name&requisition={req.id}&q=z"))
    assert names_in_order(by_name, names) == ["álvaro Ortiz", "Zoë Zamora"]  # accents aside
    th = header(by_name, "Name")
    assert 'aria-sort="ascending"' in th
    reverse = href(th)
    assert "sort=-name" in reverse
    assert f"requisition={req.id}" in reverse
    assert "q=z" in reverse
    assert "page=" not in reverse
    assert names_in_order(text(client.get(reverse)), names) == ["Zoë Zamora", "álvaro Ortiz"]
    # Another column starts in its own natural direction and keeps the filters.
    assert "sort=source" in href(header(by_name, "Source"))
    assert "q=z" in href(header(by_name, "Source"))
    # The filter form and the CSV download carry the order too.
    assert '<option value="name" selected>Name, A to Z</option>' in by_name
    assert re.search(r'candidates\.csv\?[^"]*sort=name', by_name)
    rows = list(csv.reader(io.StringIO(client.get(
        f"/candidates.csv?sort=-source&requisition={req.id}").data.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Ben Brandt", "Zoë Zamora", "álvaro Ortiz"]


@pytest.mark.parametrize("bad", ["bogus", "-", "--name", "name;drop", "%E2%80%8Bname", "x" * 500])
def test_an_unknown_sort_is_the_default_order(client, team, bad):
    _, _, people = team
    response = client.get(f"/candidates?sort={bad}")
    assert response.status_code == 200
    page = text(response)
    assert names_in_order(page, list(people)) == ["Ben Brandt", "álvaro Ortiz", "Zoë Zamora"]
    assert 'aria-sort="descending"' in header(page, "Added")


def test_pagination_keeps_the_order_and_the_filters(app, client, make):
    app.config["PAGE_SIZE"] = 2
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    for name in ["Eve", "Dan", "Cat", "Bob", "Ada"]:
        make.candidate(req, name=f"{name} Person", stage="phone_screen")
    client.login(rita)
    first = text(client.get("/candidates?sort=name&stage=phone_screen"))
    assert names_in_order(first, ["Ada Person", "Bob Person"]) == ["Ada Person", "Bob Person"]
    following = href(first.split('rel="next"')[0].rsplit("<a ", 1)[1])
    assert "sort=name" in following
    assert "stage=phone_screen" in following
    second = text(client.get(following))
    assert names_in_order(second, ["Cat Person", "Dan Person"]) == ["Cat Person", "Dan Person"]


def test_overdue_list_sorts_and_keeps_the_order_after_a_reminder(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    long_ago = utcnow() - dt.timedelta(days=5)
    for n, (candidate, interviewer) in enumerate([("Ana Alpha", "Zed Zulu"),
                                                  ("Bo Beta", "Åsa Ek")]):
        person = make.user("interviewer", name=interviewer)
        make.interview(make.candidate(req, name=candidate), person,
                       when=long_ago + dt.timedelta(hours=n))
    client.login(rita)
    default = text(client.get("/overdue"))
    assert names_in_order(default, ["Ana Alpha", "Bo Beta"]) == ["Ana Alpha", "Bo Beta"]
    assert 'aria-sort="descending"' in header(default, "Overdue by")
    by_person = text(client.get("/overdue?sort=interviewer"))
    assert names_in_order(by_person, ["Ana Alpha", "Bo Beta"]) == ["Bo Beta", "Ana Alpha"]
    assert 'aria-sort="ascending"' in header(by_person, "Interviewer")
    assert "sort=-interviewer" in href(header(by_person, "Interviewer"))
    assert re.search(r'overdue\.csv\?sort=interviewer', by_person)
    remind = re.search(r'action="([^"]*/remind[^"]*)"', by_person).group(1)
    assert "sort=interviewer" in remind
    back = client.post(remind)
    assert back.status_code == 302
    assert back.headers["Location"].endswith("/overdue?sort=interviewer")
    assert client.get("/overdue?sort=nonsense").status_code == 200


def test_users_list_sorts_with_its_filters(client, make):
    admin = make.user("admin", name="Ada Admin", email="ada@example.test")
    make.user("recruiter", name="Émile Roux", email="zz@example.test")
    make.user("recruiter", name="Bea Brown", email="aa@example.test")
    client.login(admin)
    names = ["Ada Admin", "Bea Brown", "Émile Roux"]
    by_name = text(client.get("/admin/users"))
    assert names_in_order(by_name, names) == names
    assert 'aria-sort="ascending"' in header(by_name, "Name")
    by_email = text(client.get("/admin/users?sort=-email&role=recruiter"))
    assert names_in_order(by_email, names) == ["Émile Roux", "Bea Brown"]
    th = header(by_email, "Email")
    assert 'aria-sort="descending"' in th
    assert "role=recruiter" in href(th)
    assert '<input type="hidden" name="sort" value="-email">' in by_email
    assert client.get("/admin/users?sort=password_hash").status_code == 200


# -- bulk actions ----------------------------------------------------------------------------

def test_bulk_move_moves_every_selected_candidate_and_comes_back_to_the_list(app, client,
                                                                               team):
    _, _, people = team
    zoe, alvaro, ben = people.values()
    response = client.post("/candidates/bulk/move?sort=name&q=z",
                           data={"candidate": [zoe.id, alvaro.id], "stage": "phone_screen"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/candidates?q=z&sort=name")
    assert stages(app, zoe, alvaro, ben) == ["phone_screen", "phone_screen", "applied"]
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "candidate.moved")) == 2
    assert "2 candidates moved to Phone Screen." in text(client.get("/candidates"))


def test_a_bulk_move_is_all_or_nothing_and_names_who_cannot_move(app, client, make, team):
    rita, _, people = team
    zoe, alvaro, ben = people.values()
    manager = make.requisition(recruiters=[rita], rubric_id="engineering-manager")
    other_pipeline = make.candidate(manager, name="Mia Manager")
    response = client.post("/candidates/bulk/move", data={
        "candidate": [zoe.id, other_pipeline.id, alvaro.id], "stage": "phone_screen"})
    page = text(response)
    assert response.status_code == 200
    assert "1 of the 3 selected candidates cannot make this move, so none was moved." in page
    assert "Mia Manager: Choose a stage of this requisition's pipeline." in page
    assert stages(app, zoe, alvaro, other_pipeline) == ["applied"] * 3
    for kept in (zoe, other_pipeline, alvaro):  # the selection is still ticked
        assert re.search(rf'value="{kept.id}" id="select-{kept.id}" checked', page)
    assert not re.search(rf'value="{ben.id}" id="select-{ben.id}" checked', page)

    offer = client.post("/candidates/bulk/move", data={"candidate": [zoe.id, ben.id],
                                                        "stage": "offer"})
    assert "Zoë Zamora, Ben Brandt: Only the hiring committee makes offers" in text(offer)
    with app.app_context():
        assert db.session.scalar(select(func.count(StageMove.id)).where(
            StageMove.from_stage.is_not(None))) == 0


def test_a_bulk_move_past_unscored_rounds_needs_the_confirmation(app, client, team):
    _, _, people = team
    zoe, _, _ = people.values()
    refused = client.post("/candidates/bulk/move", data={"candidate": [zoe.id],
                                                          "stage": "debrief"})
    assert "Zoë Zamora: This move passes interviews with no submitted scorecard" in text(refused)
    assert stages(app, zoe) == ["applied"]
    done = client.post("/candidates/bulk/move", data={"candidate": [zoe.id],
                                                       "stage": "debrief", "confirm": "y"})
    assert done.status_code == 302
    assert stages(app, zoe) == ["debrief"]


def test_another_teams_candidate_refuses_the_whole_action(app, client, make, team):
    _, _, people = team
    zoe = people["Zoë Zamora"]
    elsewhere = make.candidate(make.requisition(recruiters=[make.user("recruiter")]),
                               name="Not Yours")
    for action, data in [("move", {"stage": "phone_screen"}), ("reject", {"reason": "No."}),
                         ("export", {})]:
        response = client.post(f"/candidates/bulk/{action}",
                               data={"candidate": [zoe.id, elsewhere.id], **data})
        assert response.status_code == 404, action
        missing = client.post(f"/candidates/bulk/{action}",
                              data={"candidate": [zoe.id, 987654], **data})
        assert missing.status_code == 404, action
    assert stages(app, zoe, elsewhere) == ["applied", "applied"]


def test_bulk_reject_needs_a_reason_and_keeps_it_in_each_history(app, client, team):
    _, _, people = team
    zoe, alvaro, _ = people.values()
    refused = client.post("/candidates/bulk/reject", data={"candidate": [zoe.id, alvaro.id],
                                                            "reason": "   "})
    assert "Say why the candidates are rejected." in text(refused)
    assert stages(app, zoe, alvaro) == ["applied", "applied"]
    done = client.post("/candidates/bulk/reject", data={"candidate": [zoe.id, alvaro.id],
                                                         "reason": "Role filled internally."})
    assert done.status_code == 302
    assert stages(app, zoe, alvaro) == ["rejected", "rejected"]
    with app.app_context():
        notes = db.session.scalars(select(StageMove.note).where(
            StageMove.to_stage == "rejected")).all()
    assert notes == ["Role filled internally."] * 2
    again = client.post("/candidates/bulk/reject", data={"candidate": [zoe.id],
                                                          "reason": "Twice."})
    assert "Zoë Zamora: Zoë Zamora is in Rejected already." in text(again)


def test_bulk_export_sends_only_the_selected_rows(client, team):
    _, _, people = team
    zoe, alvaro, ben = people.values()
    response = client.post("/candidates/bulk/export?sort=name",
                           data={"candidate": [zoe.id, alvaro.id]})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "candidates-selected.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["álvaro Ortiz", "Zoë Zamora"]
    assert ben.name not in response.data.decode("utf-8-sig")


@pytest.mark.parametrize("action", ["move", "reject", "export"])
def test_bad_bulk_input_is_a_clear_answer_never_a_500(app, client, team, action):
    _, _, people = team
    zoe = people["Zoë Zamora"]
    nothing = client.post(f"/candidates/bulk/{action}", data={"stage": "phone_screen",
                                                              "reason": "x"})
    assert nothing.status_code == 200
    assert "Select at least one candidate in the list." in text(nothing)
    tampered = client.post(f"/candidates/bulk/{action}", data={"candidate": ["1e9", "x"],
                                                                "stage": "phone_screen"})
    assert tampered.status_code == 200
    assert 'class="field-errors"' in tampered.get_data(as_text=True)
    huge = client.post(f"/candidates/bulk/{action}", data={"candidate": [str(10 ** 30)]})
    assert huge.status_code == 200
    expired = client.post(f"/candidates/bulk/{action}?q=z", csrf=False,
                          data={"candidate": [zoe.id], "stage": "phone_screen",
                                "reason": "x"})
    assert expired.status_code == 400
    assert stages(app, zoe) == ["applied"]

"""The Rubrics area (issue 14): each rubric as people read it, its versions, what each is
pinned to (only what the viewer may see), the diff of two versions, and the debrief's note
on a candidate scored under an older version."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from hiring.domain.rubric_diff import diff_rubrics
from hiring.extensions import db
from hiring.models import RubricVersion, User, UserRole
from hiring.permissions import can_view_rubrics
from hiring.queries.rubrics import VersionNote
from tests.views.committee_support import panel
from tests.views.recruiter_support import store_new_version

RUBRIC = "/rubrics/senior-engineer"
SCRIPT = "<script>alert(1)</script>"


def revise(snapshot: dict[str, Any]) -> None:
    """A second version: the bar lowered, a weight moved, an anchor rewritten (with markup,
    which every page must show as text)."""
    snapshot["decision"]["bar"] = 3.5
    for criterion in snapshot["criteria"]:
        if criterion["id"] == "system_design":
            criterion["weight"] = 20
        if criterion["id"] == "coding":
            criterion["weight"] = 25
            criterion["anchors"]["5"] = f"Writes tests first {SCRIPT}"


def first_version(app) -> RubricVersion:
    with app.app_context():
        version = db.session.scalars(select(RubricVersion).filter_by(
            rubric_key="senior-engineer").order_by(RubricVersion.id)).first()
        db.session.expunge(version)
        return version


def test_every_role_that_uses_a_rubric_reads_it_as_people_do(client, make):
    roles = [make.user(role) for role in ("interviewer", "committee", "recruiter", "admin")]
    for user in roles:
        client.logout()
        client.login(user)
        index = client.get("/rubrics")
        assert index.status_code == 200
        assert "Senior Software Engineer" in index.text
        assert "Engineering Manager" in index.text
        assert 'href="/rubrics"' in index.text  # the navigation's entry
    page = client.get(RUBRIC)
    assert page.status_code == 200
    text = page.text
    # criteria with weights as bars (SVG attributes: the CSP forbids inline styles)
    assert 'role="img" aria-label="weight 25 of 100"' in text
    assert " style=" not in text
    assert "Starts drawing boxes without asking about scale" in text  # an anchor
    assert "Technical Interviews" in text
    assert "Coding" in text
    assert "Over-engineers (e.g. Kubernetes for 100 req/day)" in text  # red flags
    assert "at least <strong>4</strong>" in text  # the bar
    assert "A criterion with no submitted score leaves the outcome Incomplete" in text
    assert "Otherwise: Offer." in text
    assert "version 1 of 1, the current one" in text


def test_nobody_without_a_rubric_role_nor_anonymous_gets_in(client, make):
    assert client.get("/rubrics").status_code == 302  # to the login page
    assert "/login" in client.get(RUBRIC).headers["Location"]
    client.login(make.user(name="No Roles"))
    assert client.get("/rubrics").status_code == 403
    assert client.get(RUBRIC + "/diff").status_code == 403


UNKNOWN = ["/rubrics/no-such-rubric", "/rubrics/Not%20A%20Key", RUBRIC + "/versions/0123456789ab",
           RUBRIC + "/versions/not-a-version", RUBRIC + "/versions/" + "a" * 65,
           "/rubrics/no-such-rubric/diff"]


def test_an_unknown_rubric_or_version_is_not_found(client, make):
    client.login(make.user("interviewer"))
    assert {url: client.get(url).status_code for url in UNKNOWN} == dict.fromkeys(UNKNOWN, 404)


def test_the_diff_shows_both_versions_side_by_side(app, client, make):
    old = first_version(app)
    new = store_new_version(app, change=revise)
    client.login(make.user("committee"))
    page = client.get(f"{RUBRIC}/diff?from={old.short_version}&to={new.short_version}")
    assert page.status_code == 200
    text = page.text
    assert "Version 2 differs in the bar (4 → 3.5), the weights of 2 criteria, the anchors " \
           "of 1 criterion and the title." in text
    assert re.search(r"Bar</th>\s*<td[^>]*><span class=\"prewrap\">4</span></td>\s*"
                     r"<td[^>]*><span class=\"prewrap\">3.5</span>", text)
    assert 'aria-label="version 1 weight 25 of 100"' in text
    assert 'aria-label="version 2 weight 20 of 100"' in text
    assert "Anchor 5" in text
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    # Without parameters: the previous version against the current one, the same page.
    default = client.get(f"{RUBRIC}/diff")
    assert default.status_code == 200
    assert "the bar (4 → 3.5)" in default.text
    # The older version's page says so and links the diff; the current one is the default.
    older = client.get(f"{RUBRIC}/versions/{old.short_version}")
    assert "version 1 of 2, an older one" in older.text
    assert f"diff?from={old.short_version}&amp;to={new.short_version}" in older.text
    assert "version 2 of 2, the current one" in client.get(RUBRIC).text
    # A full hash names a version as well as its first 12 digits.
    assert client.get(f"{RUBRIC}/versions/{old.version}").status_code == 200


BAD = [
    ("?from=zzz&to={new}", "“zzz” names no version of this rubric"),
    ("?to={new}", "choose the older version"),
    ("?from={old}&to={new}x", "names no version of this rubric"),
    ("?from={new}&to={new}", "choose two different versions"),
    ("?from={other}&to={new}", "names no version of this rubric"),  # another rubric's
    ("?from=" + "a" * 500 + "&to={new}", "“" + "a" * 40 + "…” names no version"),  # bounded
]


def test_bad_diff_parameters_are_a_clear_error_with_the_picker(app, client, make):
    old = first_version(app)
    new = store_new_version(app, change=revise)
    with app.app_context():
        other = db.session.scalars(select(RubricVersion).filter_by(
            rubric_key="engineering-manager")).one()
    client.login(make.user("recruiter"))
    for query, says in BAD:
        url = RUBRIC + "/diff" + query.format(old=old.short_version, new=new.short_version,
                                              other=other.short_version)
        page = client.get(url)
        assert page.status_code == 400, query
        assert says in page.text, query
        assert "Pick two versions below." in page.text
        assert '<select id="pick-from" name="from">' in page.text


def test_one_version_has_nothing_to_compare(client, make):
    client.login(make.user("interviewer"))
    page = client.get(RUBRIC + "/diff")
    assert page.status_code == 200
    assert "one stored version so far: there is nothing to compare" in page.text


def test_a_version_names_only_the_requisitions_the_viewer_may_see(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    make.requisition(recruiters=[rita], title="Rita's Backend Opening")
    make.requisition(recruiters=[rob], title="Rob's Confidential Opening")
    admin, ivan = make.user("admin"), make.user("interviewer")
    seen = {}
    for user in (rita, admin, ivan):
        client.logout()
        client.login(user)
        seen[user.id] = client.get(RUBRIC).text
    assert "Rita&#39;s Backend Opening" in seen[rita.id]
    assert "Rob&#39;s Confidential Opening" not in seen[rita.id]
    assert "Rita&#39;s Backend Opening" in seen[admin.id]
    assert "Rob&#39;s Confidential Opening" in seen[admin.id]
    assert 'href="/requisitions/' not in seen[admin.id]  # titles only: not their pages
    assert "Opening" not in seen[ivan.id]


def test_the_debrief_says_what_the_current_version_changed(app, client, make):
    world = panel(make)
    client.login(world["committee"])
    url = f"/candidates/{world['candidate'].id}/debrief"
    assert "Scored under version" not in client.get(url).text  # on the current version
    old = first_version(app)
    new = store_new_version(app, change=revise)
    text = client.get(url).text
    assert (f"Scored under version <span class=\"mono\">{old.short_version}</span> of the "
            f"rubric; the current version <span class=\"mono\">{new.short_version}</span> "
            "differs in the bar (4 → 3.5), the weights of 2 criteria, the anchors of 1 "
            "criterion and the title.") in text
    assert f"/rubrics/senior-engineer/diff?from={old.short_version}&amp;to=" in text


def test_the_requisition_page_links_a_newer_version_to_the_diff(app, client, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    old = first_version(app)
    new = store_new_version(app, change=revise)
    client.login(rita)
    page = client.get(f"/requisitions/{req.id}")
    assert "A newer rubric version exists" in page.text
    assert (f'href="/rubrics/senior-engineer/diff?from={old.short_version}&amp;to='
            f'{new.short_version}">See what changed</a>') in page.text


def test_the_debrief_note_stays_one_short_sentence():
    from tests.domain.test_rubric_diff import (
        drop_flag,
        lower_bar,
        move_weight,
        retitle,
        rubric,
        stage_minutes,
    )

    def many(data: dict[str, Any]) -> None:
        for edit in (move_weight, lower_bar, drop_flag, retitle, stage_minutes):
            edit(data)

    found = diff_rubrics(rubric(), rubric(many))
    assert len(found.summary()) == 5
    note = VersionNote("senior-engineer", "a" * 12, "b" * 12, found)
    assert note.phrases == ("the bar (4 → 3.5)", "the weights of 2 criteria",
                            "stages (1 changed)", "2 more")


@pytest.mark.parametrize(("roles", "reads"), [
    ((), False), (("interviewer",), True), (("committee",), True), (("recruiter",), True),
    (("admin",), True), (("committee", "interviewer"), True)])
def test_who_reads_rubrics(roles, reads):
    user = User(email="x@example.com", name="X", password_hash="-",
                role_rows=[UserRole(role=r) for r in roles])
    assert can_view_rubrics(user) is reads

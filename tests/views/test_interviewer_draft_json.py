"""The in-place draft save: the kit's script asks for JSON and keeps the page; a plain post
(no JavaScript) still gets the redirect."""

from __future__ import annotations

import datetime as dt

from tests.views.test_interviewer import form, kit, stored  # noqa: F401 (kit is a fixture)

JSON = {"Accept": "application/json"}


def test_a_draft_saved_in_place_answers_json_with_the_next_lock(app, client, kit):  # noqa: F811
    response = client.post(kit["url"], data=form(action="save"), headers=JSON)
    assert response.status_code == 200
    assert response.is_json
    body = response.get_json()
    card = stored(app, kit["interview"].id)
    assert card.status == "draft"
    assert body["lock_version"] == card.lock_version
    assert dt.datetime.fromisoformat(body["saved_at"]) == card.updated_at
    assert body["message"].startswith("Draft saved at ")
    assert body["warnings"] == []
    # The next save, sent with the lock it was given, is not taken for a stale one.
    again = client.post(kit["url"], data=form(action="save", summary="Second pass",
                                              lock_version=str(body["lock_version"])),
                        headers=JSON)
    assert again.status_code == 200
    after = stored(app, kit["interview"].id)
    assert after.summary == "Second pass"
    assert again.get_json()["lock_version"] == after.lock_version != card.lock_version


def test_a_draft_saved_in_place_reports_its_warnings(app, client, kit):  # noqa: F811
    response = client.post(kit["url"], data=form(action="save", **{"score-mentoring": "na"}),
                           headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["warnings"] == [  # stored, with what submitting will need
        "“Not assessed” needs a reason before you submit: Mentoring."]
    assert stored(app, kit["interview"].id).status == "draft"


def test_a_refused_draft_answers_400_with_its_fields(app, client, kit):  # noqa: F811
    response = client.post(kit["url"], data=form(action="save", summary="x" * 20_001),
                           headers=JSON)
    assert response.status_code == 400
    body = response.get_json()
    assert body["errors"]["summary"] == ["Keep the summary under 20,000 characters."]
    assert body["summary"] == [{"target": "summary",
                                "message": "Keep the summary under 20,000 characters."}]
    assert stored(app, kit["interview"].id) is None
    tampered = client.post(kit["url"], data=form(action="save", **{"score-ownership": "9"}),
                           headers=JSON)
    assert tampered.status_code == 400
    assert "whole number from 1 to 5" in tampered.get_json()["message"]


def test_a_stale_draft_answers_409_with_the_lock_that_keeps_this_text(app, client,
                                                                      kit):  # noqa: F811
    client.post(kit["url"], data=form(action="save", summary="Tab one"))
    first = stored(app, kit["interview"].id)
    response = client.post(kit["url"], data=form(action="save", summary="Tab two"),
                           headers=JSON)
    assert response.status_code == 409
    body = response.get_json()
    assert "saved in another tab or window" in body["message"]
    assert body["lock_version"] == first.lock_version
    assert stored(app, kit["interview"].id).summary == "Tab one"
    again = client.post(kit["url"], data=form(action="save", summary="Tab two",
                                              lock_version=str(body["lock_version"])),
                        headers=JSON)
    assert again.status_code == 200
    assert stored(app, kit["interview"].id).summary == "Tab two"


def test_a_stale_draft_of_a_submitted_scorecard_gets_no_lock(app, client, kit):  # noqa: F811
    client.post(kit["url"], data=form(action="submit"))
    response = client.post(kit["url"], data=form(action="save", summary="Late"),
                           headers=JSON)
    assert response.status_code == 409
    body = response.get_json()
    assert (body["lock_version"], body["submitted"]) == (None, True)
    assert stored(app, kit["interview"].id).summary == "Good ownership."


def test_without_javascript_a_draft_save_still_redirects(app, client, kit):  # noqa: F811
    response = client.post(kit["url"], data=form(action="save"),
                           headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(kit["url"])
    # A submit asks for the page, whatever it accepts: only drafts are saved in place.
    submitted = client.post(kit["url"], data=form(
        action="submit", lock_version=str(stored(app, kit["interview"].id).lock_version)),
        headers=JSON)
    assert submitted.status_code == 302

"""The kit and scorecard form over HTTP: save, submit, rejection, tampering, stale tabs,
double submits and amendments."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import event, func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Scorecard, ScorecardRevision

STAGE = "behavioral_interview"  # ownership, then mentoring


@pytest.fixture
def kit(make, client):
    interviewer = make.user("interviewer", name="Ivy")
    req = make.requisition(title="Platform engineer")
    candidate = make.candidate(req, name="Cleo Candidate", stage=STAGE,
                               email="cleo.secret@example.com", source="Referral by Zed",
                               notes="Recruiter-only note", links="https://github.com/cleo")
    interview = make.interview(candidate, interviewer, STAGE)
    client.login(interviewer)
    return {"user": interviewer, "candidate": candidate, "interview": interview,
            "url": f"/my/interviews/{interview.id}"}


def form(**changes: str) -> dict[str, str]:
    values = {"score-ownership": "4", "evidence-ownership": "Drove the billing migration.",
              "score-mentoring": "3", "evidence-mentoring": "Reviews juniors' code weekly.",
              "summary": "Good ownership.", "lock_version": ""}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def section(page: str, element_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', page, re.S)
    assert match, f"no section {element_id}"
    return match.group(0)


def stored(app, interview_id: int) -> Scorecard | None:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
        if card is not None:
            card.content()  # load while attached
            db.session.expunge(card)
        return card


def revisions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ScorecardRevision.id)))


def test_the_kit_shows_the_stage_from_the_pinned_rubric_and_nothing_private(client, kit):
    response = client.get(kit["url"])
    assert response.status_code == 200
    page = text(response)
    assert "STAR method" in page  # the stage's guide
    assert "Cleo Candidate" in page
    assert "Platform engineer" in page
    assert "https://github.com/cleo" in page
    for private in ("cleo.secret@example.com", "Referral by Zed", "Recruiter-only note"):
        assert private not in page
    assert page.index('id="crit-ownership"') < page.index('id="crit-mentoring"')
    assert 'id="crit-coding"' not in page  # another stage's criterion
    ownership = section(page, "crit-ownership")
    for level, label in ((1, "Strong no"), (3, "Mixed"), (5, "Strong yes")):
        assert f'name="score-ownership" id="score-ownership-{level}" value="{level}"' in ownership
        assert label in ownership
    assert "Specific STAR examples" in ownership  # the 5 anchor, beside its choice
    assert 'value="na"' in ownership
    assert "Not assessed" in ownership
    assert 'name="flag-blames_others"' in page
    assert 'name="flagnote-blames_others"' in page
    assert 'name="other_flag_label"' in page
    assert 'name="action" value="save"' in page
    assert 'name="action" value="submit"' in page
    assert 'name="lock_version" value=""' in page


def test_save_draft_keeps_an_incomplete_scorecard(app, client, kit):
    response = client.post(kit["url"], data=form(action="save", **{"score-mentoring": ""}))
    assert response.status_code == 302
    card = stored(app, kit["interview"].id)
    assert card.status == "draft"
    page = text(client.get(kit["url"]))
    assert "Draft saved at" in page
    assert 'id="score-ownership-4" value="4" checked' in page
    assert "Drove the billing migration." in page
    assert f'name="lock_version" value="{card.lock_version}"' in page
    assert "draft saved" in page


def test_not_assessed_chosen_before_its_reason_survives_a_draft(app, client, kit):
    response = client.post(kit["url"], data=form(action="save", **{"score-mentoring": "na"}),
                           follow_redirects=True)
    assert "needs a reason before you submit" in text(response)
    page = text(client.get(kit["url"]))
    assert 'id="score-mentoring-na" value="na" data-not-assessed checked' in page


def test_a_rejected_submit_keeps_all_input_and_says_what_is_missing_beside_it(app, client,
                                                                              kit):
    typed = form(action="submit", **{
        "score-mentoring": "", "flag-arrogant": "y", "flagnote-arrogant": "",
        "flag-blames_others": "y", "flagnote-blames_others": "Blamed the QA team.",
        "other_flag_label": "Late", "other_flag_note": "Came 20 minutes late.",
        "evidence-mentoring": "Half-written note about mentoring"})
    response = client.post(kit["url"], data=typed)
    assert response.status_code == 200
    page = text(response)
    assert "things to fix before this can be submitted" in page
    assert "Score Mentoring, or mark it not assessed." in section(page, "crit-mentoring")
    assert "Score Mentoring" not in section(page, "crit-ownership")
    assert "Say what you saw that raised “Arrogant" in section(page, "flags")
    for value in ("Drove the billing migration.", "Half-written note about mentoring",
                  "Blamed the QA team.", "Came 20 minutes late.", "Good ownership."):
        assert value in page
    assert 'id="score-ownership-4" value="4" checked' in page
    assert 'id="flag-blames_others" value="y" checked' in page
    assert 'value="Late"' in page
    assert '<a href="#score-mentoring-1">' in page  # the summary links to the field
    assert stored(app, kit["interview"].id) is None


def test_submit_then_the_page_is_read_only_with_an_amend_button(app, client, kit):
    response = client.post(kit["url"], data=form(action="submit"))
    assert response.status_code == 302
    card = stored(app, kit["interview"].id)
    assert (card.status, card.revision) == ("submitted", 1)
    page = text(client.get(kit["url"]))
    assert "submitted." in page
    assert 'name="action"' not in page
    assert "<textarea" not in page
    assert f'href="/my/interviews/{kit["interview"].id}/amend"' in page
    assert "Submitted r1" in page
    assert "Drove the billing migration." in page


@pytest.mark.parametrize("tamper", [
    {"score-ownership": "3.5"}, {"score-ownership": "9"}, {"score-ownership": "0"},
    {"score-ownership": "four"}, {"score-coding": "5", "evidence-coding": "other stage"},
    {"score-charisma": "5"}, {"flag-bad_vibes": "y", "flagnote-bad_vibes": "unknown"},
], ids=["3.5", "9", "0", "four", "other-stage", "unknown-criterion", "unknown-flag"])
@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_tampered_post_is_refused_with_400_and_changes_nothing(app, client, kit, tamper,
                                                                 action):
    client.post(kit["url"], data=form(action="save", summary="Stored"))
    before = stored(app, kit["interview"].id)
    response = client.post(kit["url"], data=form(
        action=action, lock_version=str(before.lock_version), **tamper))
    assert response.status_code == 400
    after = stored(app, kit["interview"].id)
    assert (after.lock_version, after.content(), after.status) == (
        before.lock_version, before.content(), before.status)


def test_a_post_without_a_known_action_or_token_is_refused(app, client, kit):
    assert client.post(kit["url"], data=form(action="publish")).status_code == 400
    assert client.post(kit["url"], data=form()).status_code == 400
    assert client.post(kit["url"], data=form(action="save"), csrf=False).status_code == 400
    assert stored(app, kit["interview"].id) is None


def test_someone_elses_interview_is_missing_and_a_cancelled_one_refused(app, client, make,
                                                                         kit):
    other = make.interview(kit["candidate"], make.user("interviewer"), "coding_interview")
    assert client.get(f"/my/interviews/{other.id}").status_code == 404
    assert client.post(f"/my/interviews/{other.id}",
                       data=form(action="save")).status_code == 404
    cancelled = make.interview(kit["candidate"], kit["user"], "values_interview",
                               status="cancelled")
    page = text(client.get(f"/my/interviews/{cancelled.id}"))
    assert "was cancelled" in page
    assert 'name="action"' not in page
    response = client.post(f"/my/interviews/{cancelled.id}",
                           data={"action": "save", "score-cultural_fit": "4"})
    assert response.status_code == 400
    assert "cancelled" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Scorecard.id))) == 0


def test_a_stale_second_tab_keeps_its_text_and_overwrites_nothing(app, client, kit):
    client.get(kit["url"])  # both tabs open before any save: lock_version ""
    client.post(kit["url"], data=form(action="save", summary="Tab one"))
    first = stored(app, kit["interview"].id)
    response = client.post(kit["url"], data=form(
        action="save", summary="Tab two's long summary",
        **{"evidence-mentoring": "Typed only in tab two"}))
    assert response.status_code == 409
    page = text(response)
    assert re.search(r"saved in another tab or window at \d\d:\d\d UTC\. Nothing", page)
    assert "Nothing was overwritten" in page
    assert "Tab two's long summary" in page
    assert "Typed only in tab two" in page
    assert f'name="lock_version" value="{first.lock_version}"' in page
    after = stored(app, kit["interview"].id)
    assert (after.summary, after.lock_version) == ("Tab one", first.lock_version)
    # Saving again from that page, knowingly, keeps tab two's version.
    again = client.post(kit["url"], data=form(action="save", summary="Tab two's long summary",
                                              lock_version=str(first.lock_version)))
    assert again.status_code == 302
    assert stored(app, kit["interview"].id).summary == "Tab two's long summary"


def test_a_double_submit_stores_one_submission(app, client, kit):
    first = client.post(kit["url"], data=form(action="submit"))
    second = client.post(kit["url"], data=form(action="submit"))
    assert (first.status_code, second.status_code) == (302, 302)
    assert "already submitted" in text(client.get(kit["url"]))
    assert revisions(app) == 1
    assert stored(app, kit["interview"].id).revision == 1


def test_amend_creates_revision_two_and_keeps_revision_one(app, client, kit):
    client.post(kit["url"], data=form(action="submit"))
    card = stored(app, kit["interview"].id)
    amend_url = f"{kit['url']}/amend"
    page = text(client.get(amend_url))
    assert 'name="reason"' in page
    assert "Drove the billing migration." in page
    refused = client.post(amend_url, data=form(lock_version=str(card.lock_version),
                                               **{"score-ownership": "5"}))
    assert refused.status_code == 200
    assert "Say why you are amending" in section(text(refused), "amend-reason")
    response = client.post(amend_url, data=form(
        lock_version=str(card.lock_version), reason="Re-read my notes.",
        **{"score-ownership": "5", "evidence-ownership": "Also led the on-call rework."}))
    assert response.status_code == 302
    with app.app_context():
        revs = list(db.session.scalars(select(ScorecardRevision)
                                       .order_by(ScorecardRevision.number)))
        assert [r.number for r in revs] == [1, 2]
        assert revs[0].content["scores"]["ownership"]["score"] == 4
        assert revs[1].content["scores"]["ownership"]["score"] == 5
        assert revs[1].reason == "Re-read my notes."
    page = text(client.get(kit["url"]))
    assert "Amended r2" in page
    assert "Re-read my notes." in page


def test_amend_is_not_offered_before_submitting_or_after_the_committee_decided(app, client,
                                                                              kit):
    response = client.get(f"{kit['url']}/amend")
    assert response.status_code == 302
    client.post(kit["url"], data=form(action="submit"))
    with app.app_context():
        candidate = db.session.get(Candidate, kit["candidate"].id)
        db.session.add(CommitteeDecision(
            candidate_id=candidate.id, decision="offer", rationale="Meets the bar.",
            engine_outcome="offer", engine_score="4",
            rubric_version_id=candidate.requisition.rubric_version_id))
        db.session.commit()
    page = text(client.get(kit["url"]))
    assert "scorecards for this candidate are closed" in page
    assert "/amend" not in page
    assert client.get(f"{kit['url']}/amend").status_code == 302
    card = stored(app, kit["interview"].id)
    response = client.post(f"{kit['url']}/amend", data=form(
        lock_version=str(card.lock_version), reason="Late change.", summary="Changed"))
    assert response.status_code == 400
    assert revisions(app) == 1


def test_a_decided_candidates_interview_shows_the_draft_read_only(app, client, kit):
    client.post(kit["url"], data=form(action="save", summary="My draft notes"))
    with app.app_context():
        candidate = db.session.get(Candidate, kit["candidate"].id)
        db.session.add(CommitteeDecision(
            candidate_id=candidate.id, decision="no_offer", rationale="Enough signal.",
            engine_outcome="incomplete", decided_at=utcnow(),
            rubric_version_id=candidate.requisition.rubric_version_id))
        db.session.commit()
    page = text(client.get(kit["url"]))
    assert "My draft notes" in page
    assert 'name="action"' not in page
    response = client.post(kit["url"], data=form(action="submit", summary="Typed after"))
    assert response.status_code == 400
    assert "Typed after" in text(response)  # refused, but the text is still on screen


def submitted_card(app, client, kit) -> Scorecard:
    assert client.post(kit["url"], data=form(action="submit")).status_code == 302
    return stored(app, kit["interview"].id)


def test_a_stale_second_tab_amending_keeps_its_text_and_can_save_again(app, client, kit):
    card = submitted_card(app, client, kit)
    amend_url = f"{kit['url']}/amend"
    first = client.post(amend_url, data=form(lock_version=str(card.lock_version),
                                             reason="Tab one.", summary="Tab one"))
    assert first.status_code == 302
    after_first = stored(app, kit["interview"].id)
    typed = form(lock_version=str(card.lock_version), reason="Tab two's reason.",
                 summary="Tab two's summary")
    response = client.post(amend_url, data=typed)
    assert response.status_code == 409
    page = text(response)
    assert re.search(r"submitted in another tab or window at \d\d:\d\d UTC\. Nothing", page)
    assert "Save again to keep this version instead." in page
    assert "Tab two's reason." in page
    assert "Tab two's summary" in page
    assert f'name="lock_version" value="{after_first.lock_version}"' in page
    assert stored(app, kit["interview"].id).summary == "Tab one"
    again = client.post(amend_url, data={**typed,
                                         "lock_version": str(after_first.lock_version)})
    assert again.status_code == 302
    final = stored(app, kit["interview"].id)
    assert (final.summary, final.revision) == ("Tab two's summary", 3)
    assert revisions(app) == 3


@pytest.mark.parametrize("tamper", [
    {"score-ownership": "9"}, {"score-ownership": "3.5"},
    {"score-coding": "5", "evidence-coding": "other stage"},
    {"flag-bad_vibes": "y", "flagnote-bad_vibes": "unknown"},
], ids=["9", "3.5", "other-stage", "unknown-flag"])
def test_a_tampered_amendment_is_refused_with_400_and_changes_nothing(app, client, kit,
                                                                      tamper):
    before = submitted_card(app, client, kit)
    response = client.post(f"{kit['url']}/amend", data=form(
        lock_version=str(before.lock_version), reason="Tampered.", summary="Changed", **tamper))
    assert response.status_code == 400
    after = stored(app, kit["interview"].id)
    assert (after.lock_version, after.content(), after.revision) == (
        before.lock_version, before.content(), before.revision)
    assert revisions(app) == 1


def selects_during(app, request) -> tuple[Any, list[str]]:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return response, seen


def test_the_kit_of_a_submitted_scorecard_looks_up_the_decision_once(app, client, kit):
    submitted_card(app, client, kit)
    response, seen = selects_during(app, lambda: client.get(kit["url"]))
    assert response.status_code == 200
    assert "Amend" in text(response)
    assert len([s for s in seen if s.lstrip().startswith("SELECT committee_decisions.")]) == 1
    # the user, the interview with its candidate and requisition, the requisition's people
    # (2), the scorecard with its scores and flags (3), the decision, the navigation count,
    # the independence check, the revisions: 11 (16 before the decision was looked up once).
    assert len(seen) <= 11, seen


def test_the_colleagues_page_reads_the_scorecards_once(app, client, make, kit):
    submitted_card(app, client, kit)
    colleague = make.interview(kit["candidate"], make.user("interviewer", name="Colin"),
                               "phone_screen")
    make.scorecard(colleague, {"coding": 4}, evidence="Colin's evidence.")
    url = f"/my/candidates/{kit['candidate'].id}/scorecards"
    response, seen = selects_during(app, lambda: client.get(url))
    assert response.status_code == 200
    assert "Colin's evidence." in text(response)
    assert len([s for s in seen if s.lstrip().startswith("SELECT scorecards.")]) == 1

"""No dead ends: every page a person reaches has a way back, and a refused page says why.

The walk reuses the permission matrix (its rows say which role reaches which page of its
own side, and the world it builds): every GET page that answers a logged-in role 200 with
HTML must carry a back link (``a.back``, from ``page_header(back=...)``, that is ui.html's
``back_link``) or a breadcrumb (``nav.breadcrumb``). One shared world, so the
walk costs a few dozen requests.
"""

from __future__ import annotations

import html
import re
from typing import Any

from hiring.models import Interview
from tests.permissions.matrix import all_routes
from tests.permissions.world import ROLES, build_world
from tests.test_independence import TOKEN

# Pages at the top of a navigation section (the bar links them, so the bar is the way back),
# and pages outside the app's navigation (the login, a candidate's self-identification).
EXEMPT = {
    "recruiter.requisitions", "recruiter.candidates", "recruiter.overdue",
    "interviewer.queue", "training.index", "committee.index", "reports.index",
    "admin.users", "admin.decisions", "admin.audit", "admin.access_log",
    "admin.privacy_home", "admin.outbox_list", "rubrics.index",
    "auth.mfa",  # "Your account": the name in the top bar links it
    "auth.no_roles",  # the start page of someone with no role: there is nowhere to go back to
    "auth.login", "auth.login_code", "self_id.form", "self_id.thanks",  # before any login
}
WAY_BACK = re.compile(r'<a\b[^>]*\bclass="back\b|<nav\b[^>]*\bclass="breadcrumb\b')


def test_every_page_has_a_way_back(app, client, make):
    world = build_world(make)
    dead_ends, walked = [], 0
    for route in all_routes():
        if route.method != "GET" or route.endpoint in EXEMPT:
            continue
        for role in ROLES:
            if role == "anonymous" or route.status(role, "own") != 200:
                continue
            client.logout()
            client.login(world.users[role])
            response = client.get(route.url(world, "own"))
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            walked += 1
            if not WAY_BACK.search(response.get_data(as_text=True)):
                dead_ends.append(f"{route.endpoint} as {role}")
    assert walked > 20
    assert not dead_ends, f"pages without a way back: {dead_ends}"


# -- where "back" leads ---------------------------------------------------------------------

BACK = re.compile(r'<a class="back" href="([^"]+)">')


def back_of(response) -> str:
    assert response.status_code == 200
    found = BACK.findall(response.get_data(as_text=True))
    assert len(found) == 1, found
    return html.unescape(found[0])


def test_the_debrief_leads_back_where_the_person_came_from(app, client, make):
    recruiter, committee = make.user("recruiter"), make.user("committee")
    both = make.user("recruiter", "committee", name="Hugo Both")
    req = make.requisition(recruiters=[recruiter, both], committee=[committee, both])
    candidate = make.candidate(req, name="Alice Able", stage="debrief")
    debrief, page = f"/candidates/{candidate.id}/debrief", f"/candidates/{candidate.id}"
    # The recruiter's debrief had no way back at all: now the candidate page.
    for user, asked, expected in [
            (recruiter, "", page), (committee, "", "/committee"), (both, "", "/committee"),
            (both, "?from=candidate", page), (committee, "?from=candidate", page),
            # "from" is a name the page knows, never a URL: anything else is the default.
            (committee, "?from=https://evil.example/", "/committee"),
            (recruiter, "?from=//evil.example", page)]:
        client.logout()
        client.login(user)
        assert back_of(client.get(debrief + asked)) == expected, (user.name, asked)
    # The candidate page's Debrief button says where it was pressed.
    assert f'href="{debrief}?from=candidate">Debrief' in client.get(page).get_data(as_text=True)


# -- refused pages that explain ---------------------------------------------------------------
#
# A refusal explains itself wherever the person already knows what they asked for exists
# and the reason is theirs to know; otherwise it stays the bare 404 ("nothing here, or not
# yours to see"), which names neither case. Explained, each tested here or where named:
#   - colleagues' scorecards before yours are submitted (403, "submit yours first", the
#     kit linked): the candidate's live interviewers under "after_submit", and the
#     requisition's recruiters and committee (tests/test_independence_roles.py too);
#   - colleagues' scorecards on a "never" requisition, to its live interviewers (403);
#   - the debrief and packet for a recruiter or committee member who owes a scorecard
#     (403, submit_first; tests/test_independence_roles.py);
#   - a cancelled interview's kit (200 with the notice; a submit there is a 400 saying so);
#   - amending once the committee decided (redirect to the kit, which says whom to ask);
#   - an abandoned packet job ("not finished ... ask for it again" with "Try again";
#     tests/views/test_packet_jobs.py);
#   - a role gate (403 naming the roles the page is for and whom to ask).
# Kept as 404, because explaining would tell someone with no business knowing that the
# thing exists: another requisition's candidates, requisitions and debriefs; another
# interviewer's interview kit (including one reassigned away from you) and the
# colleagues' scorecards for a candidate you do not (or no longer) interview; other
# people's calibration results, tokens and mail; missing ids, which must read the same.

def flat(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))


def panel(make, visibility: str) -> dict[str, Any]:
    me, colleague = make.user("interviewer", name="Ivy Me"), make.user("interviewer")
    req = make.requisition(recruiters=[make.user("recruiter")],
                           committee=[make.user("committee")], visibility=visibility,
                           title="Staff Engineer")
    candidate = make.candidate(req, name="Cleo Candidate", stage="behavioral_interview")
    mine = make.interview(candidate, me, "behavioral_interview")
    make.scorecard(make.interview(candidate, colleague, "phone_screen"), {"coding": 4})
    return {"me": me, "candidate": candidate, "mine": mine,
            "colleagues": f"/my/candidates/{candidate.id}/scorecards",
            "kit": f"/my/interviews/{mine.id}"}


def test_colleagues_scorecards_before_yours_say_submit_yours_first(app, client, make):
    world = panel(make, "after_submit")
    client.login(world["me"])
    response = client.get(world["colleagues"])
    assert response.status_code == 403
    assert ("Submit your scorecard for Behavioral first; your colleagues' scorecards open "
            "when you have.") in flat(response)
    assert f'href="{world["kit"]}"' in response.get_data(as_text=True)
    make.scorecard(world["mine"], {"ownership": 4, "mentoring": 3})
    assert client.get(world["colleagues"]).status_code == 200


def test_colleagues_scorecards_under_never_say_they_stay_closed(app, client, make):
    world = panel(make, "never")
    client.login(world["me"])
    for submitted in (False, True):
        response = client.get(world["colleagues"])
        assert response.status_code == 403
        page = flat(response)
        assert ("On Staff Engineer, interviewers do not read each other's scorecards, "
                "before or after submitting their own.") in page
        assert "the hiring committee reads them all together at the debrief" in page
        assert (f'href="{world["kit"]}"' in response.get_data(as_text=True)) is not submitted
        if not submitted:
            make.scorecard(world["mine"], {"ownership": 4, "mentoring": 3})


def test_someone_not_on_the_candidate_learns_nothing(app, client, make):
    world = panel(make, "after_submit")
    bystander = make.user("interviewer", name="Bea Bystander")
    client.login(bystander)
    refused = client.get(world["colleagues"])
    missing = client.get("/my/candidates/987654/scorecards")
    assert refused.status_code == missing.status_code == 404
    assert "Cleo Candidate" not in refused.get_data(as_text=True)
    assert TOKEN.sub("", refused.get_data(as_text=True)) == \
        TOKEN.sub("", missing.get_data(as_text=True))
    assert "ask them whether it was meant for you" in flat(refused)


def test_a_cancelled_interviews_kit_says_nothing_more_is_needed(app, client, make):
    world = panel(make, "after_submit")
    with make.session() as s:
        s.get(Interview, world["mine"].id).status = "cancelled"
    client.login(world["me"])
    response = client.get(world["kit"])
    assert response.status_code == 200
    assert ("It takes no scorecard, so nothing more is needed from you. If it should still "
            "take place, ask a recruiter of Staff Engineer to schedule it again.") in \
        flat(response)
    refused = client.post(world["kit"], data={"action": "submit", "lock_version": "",
                                              "summary": "Typed anyway"})
    assert refused.status_code == 400
    assert "ask a recruiter of the requisition to schedule it again" in flat(refused)
    assert "Typed anyway" in flat(refused)


def test_amending_after_the_decision_says_whom_to_ask(app, client, make):
    world = panel(make, "after_submit")
    client.login(world["me"])
    early = client.get(world["kit"] + "/amend", follow_redirects=True)
    assert "Only a submitted scorecard can be amended: this one is not submitted yet, so " \
        "write it here and submit it." in flat(early)
    make.scorecard(world["mine"], {"ownership": 4, "mentoring": 3})
    make.decision(world["candidate"], rationale="Secret committee rationale.")
    response = client.get(world["kit"] + "/amend", follow_redirects=True)
    assert response.request.path == world["kit"]
    page = flat(response)
    assert ("scorecards for this candidate are closed. To submit or change yours, ask an "
            "administrator to reopen the decision.") in page
    assert page.count("ask an administrator") == 1  # said once, not flashed again
    assert "Secret committee rationale." not in page


def test_a_role_gate_names_whose_page_it_is_and_whom_to_ask(app, client, make):
    me = make.user("interviewer", name="Ivan Interviewer", email="ivan@example.com")
    client.login(me)
    response = client.get("/candidates/987654/debrief")
    assert response.status_code == 403
    page = flat(response)
    assert ("This page is for hiring committee members and recruiters, and your account "
            "holds neither role. If your work needs the page, ask an administrator of this "
            "app to add the one your work needs to your account") in page
    assert "You are logged in as Ivan Interviewer (ivan@example.com), with the role " \
        "interviewer." in page
    assert ("This page is for administrators, and your account does not hold that role. "
            "If your work needs the page, ask an administrator of this app to add the role "
            "to your account") in flat(client.get("/admin/users"))

"""Independence: before an interviewer submits their own scorecard for a candidate, nothing
they can reach shows another interviewer's scores, notes or flags, not even how many
there are. A colleague's scorecard carries canary strings in every free-text place; the
interviewer walks every GET route of the app with every id of the world and looks for them.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from typing import Any

import pytest
from werkzeug.routing import IntegerConverter

from hiring.extensions import db
from hiring.models import Candidate, Interview, Requisition, ScorecardFlag, User
from hiring.permissions import (
    can_read_debrief,
    can_view_colleague_scorecards,
    can_view_debrief,
    has_pending_interview,
    pending_interview_ids,
    pending_interviews,
)
from tests.support.packets import fetch_packet

CANARY = {
    "evidence": "CANARY-EVIDENCE-7f3a",
    "summary": "CANARY-SUMMARY-91bc",
    "flag note": "CANARY-FLAGNOTE-44d2",
    "free flag": "CANARY-FREEFLAG-0e19",
    "draft": "CANARY-DRAFT-c55e",
}
SUBMITTED_CANARIES = [v for k, v in CANARY.items() if k != "draft"]
TOKEN = re.compile(r'<[^>]*csrf[_-]token[^>]*>')  # signed with the time: differs each second


# -- the predicate, as a table ----------------------------------------------------------------

# who -> (roles, on the requisition's recruiters, on its committee, my interviews' states):
# each of "my" interviews of the candidate is "none" (no scorecard), "draft", "submitted",
# "cancelled" (submitted, then the interview was cancelled) or "cancelled_empty".
PEOPLE = {
    "recruiter": (("recruiter",), True, False, ()),
    "committee": (("committee",), False, True, ()),
    "other_recruiter": (("recruiter",), False, False, ()),
    "other_committee": (("committee",), False, False, ()),
    "admin": (("admin",), False, False, ()),
    "bystander": (("interviewer",), False, False, ()),  # an interviewer not on this candidate
    "me_before": (("interviewer",), False, False, ("none",)),
    "me_after": (("interviewer",), False, False, ("submitted",)),
    "me_draft": (("interviewer",), False, False, ("draft",)),
    "me_cancelled": (("interviewer",), False, False, ("cancelled",)),
    "me_one_of_two": (("interviewer",), False, False, ("submitted", "none")),
    "me_both": (("interviewer",), False, False, ("submitted", "submitted")),
    "me_and_a_cancelled": (("interviewer",), False, False, ("submitted", "cancelled_empty")),
    # Recruiters and committee members who are on the panel: independence first.
    "committee_before": (("committee", "interviewer"), False, True, ("none",)),
    "committee_draft": (("committee", "interviewer"), False, True, ("draft",)),
    "committee_after": (("committee", "interviewer"), False, True, ("submitted",)),
    "committee_one_of_two": (("committee", "interviewer"), False, True, ("submitted", "none")),
    "committee_cancelled": (("committee", "interviewer"), False, True, ("cancelled_empty",)),
    "recruiter_before": (("recruiter", "interviewer"), True, False, ("none",)),
    "recruiter_after": (("recruiter", "interviewer"), True, False, ("submitted",)),
    "manager_before": (("recruiter", "committee", "interviewer"), True, True, ("none",)),
    "manager_after": (("recruiter", "committee", "interviewer"), True, True, ("submitted",)),
    # The role was taken away after the assignment: the interview still binds them.
    "committee_no_longer_interviewer": (("committee",), False, True, ("none",)),
}
STAGES = ("phone_screen", "behavioral_interview")


def person(make, req, candidate, who: str) -> User:
    roles, recruits, on_committee, mine = PEOPLE[who]
    user = make.user(*roles)
    with make.session() as s:
        row = s.get(Requisition, req.id)
        if recruits:
            row.recruiters.append(s.get(User, user.id))
        if on_committee:
            row.committee.append(s.get(User, user.id))
    for stage, state in zip(STAGES, mine, strict=False):
        cancelled = state.startswith("cancelled")
        interview = make.interview(candidate, user, stage)
        if state in ("draft", "submitted", "cancelled"):
            make.scorecard(interview, {"coding": 4}, submitted=state != "draft")
        if cancelled:
            with make.session() as s:
                s.get(Interview, interview.id).status = "cancelled"
    return user


@pytest.mark.parametrize(("who", "policy", "expected"), [
    ("recruiter", "never", True),
    ("committee", "never", True),
    ("other_recruiter", "always", False),
    ("other_committee", "always", False),
    ("admin", "always", False),
    ("bystander", "always", False),
    ("me_before", "always", True),
    ("me_before", "after_submit", False),
    ("me_before", "never", False),
    ("me_after", "after_submit", True),
    ("me_after", "never", False),
    ("me_draft", "after_submit", False),
    ("me_cancelled", "after_submit", False),  # submitted, but that interview was cancelled
    ("me_cancelled", "always", False),  # on no live interview of the candidate
    ("me_one_of_two", "after_submit", False),  # every live interview, not just one
    ("me_both", "after_submit", True),
    ("me_and_a_cancelled", "after_submit", True),  # a cancelled interview owes nothing
    ("committee_before", "after_submit", False),
    ("committee_before", "always", False),  # "always" is the interviewers' policy only
    ("committee_before", "never", False),
    ("committee_draft", "after_submit", False),
    ("committee_after", "never", True),
    ("committee_one_of_two", "always", False),
    ("committee_cancelled", "never", True),
    ("recruiter_before", "always", False),
    ("recruiter_after", "never", True),
    ("manager_before", "always", False),
    ("manager_after", "never", True),
    ("committee_no_longer_interviewer", "after_submit", False),
])
def test_who_may_read_colleagues_scorecards(app, make, who, policy, expected):
    req = make.requisition(recruiters=[make.user("recruiter")],
                           committee=[make.user("committee")], visibility=policy)
    make.requisition(recruiters=[make.user("recruiter")], committee=[make.user("committee")])
    candidate = make.candidate(req)
    user = person(make, req, candidate, who)
    with app.app_context():
        user = db.session.get(User, user.id)
        assert can_view_colleague_scorecards(user, db.session.get(Candidate, candidate.id)) \
            is expected


@pytest.mark.parametrize(("who", "by_role", "pending", "readable"), [
    ("committee", True, False, True),
    ("recruiter", True, False, True),
    ("other_committee", False, False, False),
    ("me_before", False, True, False),  # an interviewer alone never opens the debrief
    ("me_after", False, False, False),
    ("committee_before", True, True, False),
    ("committee_draft", True, True, False),
    ("committee_one_of_two", True, True, False),
    ("committee_after", True, False, True),
    ("committee_cancelled", True, False, True),
    ("recruiter_before", True, True, False),
    ("recruiter_after", True, False, True),
    ("manager_before", True, True, False),
    ("manager_after", True, False, True),
    ("committee_no_longer_interviewer", True, True, False),
])
def test_who_may_read_the_debrief(app, make, who, by_role, pending, readable):
    req = make.requisition(recruiters=[make.user("recruiter")],
                           committee=[make.user("committee")])
    candidate = make.candidate(req, stage="debrief")
    user = person(make, req, candidate, who)
    with app.app_context():
        user = db.session.get(User, user.id)
        row = db.session.get(Candidate, candidate.id)
        assert can_view_debrief(user, row) is by_role
        assert has_pending_interview(user, row) is pending
        owed = [stage for stage, state in zip(STAGES, PEOPLE[who][3], strict=False)
                if state in ("none", "draft")]
        assert [i.stage for i in pending_interviews(user, row)] == owed
        assert pending_interview_ids(user, [row.id]) == (
            {row.id: pending_interviews(user, row)[0].id} if pending else {})
        assert can_read_debrief(user, row) is readable


# -- every page an interviewer can reach ------------------------------------------------------

def build(make, policy: str) -> dict[str, Any]:
    req = make.requisition(recruiters=[make.user("recruiter")],
                           committee=[make.user("committee")], visibility=policy)
    candidate = make.candidate(req, name="Cleo Candidate", stage="behavioral_interview")
    me, colleague, drafter = (make.user("interviewer", name=n)
                              for n in ("Ivy Me", "Colin Colleague", "Dora Drafter"))
    mine = make.interview(candidate, me, "behavioral_interview")
    theirs = make.interview(candidate, colleague, "phone_screen")
    drafts = make.interview(candidate, drafter, "coding_interview")
    return {"req": req, "candidate": candidate, "me": me, "colleague": colleague,
            "drafter": drafter, "mine": mine, "theirs": theirs, "drafts": drafts, "cards": []}


def colleagues_write(make, world: dict[str, Any]) -> None:
    world["cards"].append(make.scorecard(
        world["theirs"], {"coding": 2}, evidence=CANARY["evidence"], summary=CANARY["summary"],
        flags=[("blames_others", CANARY["flag note"]), (None, "x")]))
    with make.session() as s:  # the free-text flag's label is a canary too
        flag = s.scalar(db.select(ScorecardFlag).where(ScorecardFlag.flag_id.is_(None)))
        flag.label = CANARY["free flag"]
    world["cards"].append(make.scorecard(world["drafts"], {"coding": 5}, submitted=False,
                                         evidence=CANARY["draft"], summary=CANARY["draft"]))


def ids_for(argument: str, world: dict[str, Any]) -> list[int]:
    objects = {
        "candidate": [world["candidate"]], "requisition": [world["req"]],
        "interview": [world["mine"], world["theirs"], world["drafts"]],
        "user": [world["me"], world["colleague"], world["drafter"]],
        "scorecard": world["cards"],
    }
    for kind, found in objects.items():
        if kind in argument:
            return [o.id for o in found]
    return sorted({o.id for found in objects.values() for o in found})


def page_text(response: Any) -> str:
    if response.mimetype == "application/pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(response.get_data()))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    return TOKEN.sub("<csrf-token>", response.get_data(as_text=True))


def walk(app, client, world: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """Every GET route with every plausible id: {url: (status, body)}."""
    seen: dict[str, tuple[int, str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        choices = []
        for argument in sorted(rule.arguments):
            converter = rule._converters.get(argument)
            if isinstance(converter, IntegerConverter):
                choices.append([(argument, i) for i in ids_for(argument, world)])
            else:
                choices.append([(argument, "x")])
        for values in itertools.product(*choices):
            with app.test_request_context():
                url = app.url_for(rule.endpoint, **dict(values))
            if url in seen:
                continue
            response = client.get(url)
            if rule.endpoint == "committee.packet" and response.status_code == 303:
                response = fetch_packet(client, dict(values)["candidate_id"])  # made by a job
            seen[url] = (response.status_code, page_text(response))
    return seen


def difference(old: tuple[int, str], new: tuple[int, str]) -> list[str]:
    lines = difflib.unified_diff(old[1].splitlines(), new[1].splitlines(), lineterm="", n=0)
    return [f"status {old[0]} -> {new[0]}", *list(lines)[2:12]]


def canaries_in(pages: dict[str, tuple[int, str]], canaries: list[str]) -> set[str]:
    return {url for url, (_, body) in pages.items() if any(c in body for c in canaries)}


@pytest.mark.parametrize("policy", ["after_submit", "never", "always"])
def test_nothing_reachable_reveals_a_colleagues_scorecard_before_submitting(app, client,
                                                                             make, policy):
    world = build(make, policy)
    client.login(world["me"])
    colleague_page = f"/my/candidates/{world['candidate'].id}/scorecards"
    alone = walk(app, client, world)
    assert any(status == 200 for status, _ in alone.values())
    assert alone[f"/my/interviews/{world['mine'].id}"][0] == 200

    colleagues_write(make, world)
    before = walk(app, client, world)
    assert not canaries_in(before, [CANARY["draft"]])
    if policy == "always":
        assert canaries_in(before, SUBMITTED_CANARIES) == {colleague_page}
    else:
        assert not canaries_in(before, SUBMITTED_CANARIES)
        # Not a count, not a state, not a length: every page reads exactly as before the
        # colleagues wrote anything (the walk adds the new scorecards' ids to try).
        changed = {url: difference(alone[url], before[url]) for url in alone
                   if before[url] != alone[url]}
        assert not changed, changed
        assert before[colleague_page][0] == 403  # told why (tests/views/test_no_dead_ends.py)

    mine = {"action": "submit", "score-ownership": "4", "evidence-ownership": "Owned it.",
            "score-mentoring": "na", "reason-mentoring": "No time.", "lock_version": ""}
    assert client.post(f"/my/interviews/{world['mine'].id}", data=mine).status_code == 302
    after = walk(app, client, world)
    assert not canaries_in(after, [CANARY["draft"]])
    if policy == "never":
        assert not canaries_in(after, SUBMITTED_CANARIES)
        assert after[colleague_page][0] == 403  # the policy keeps them closed, and says so
    else:
        assert after[colleague_page][0] == 200
        assert canaries_in(after, SUBMITTED_CANARIES) == {colleague_page}
        body = after[colleague_page][1]
        assert all(c in body for c in SUBMITTED_CANARIES)

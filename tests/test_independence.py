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
from hiring.models import Candidate, ScorecardFlag, User
from hiring.permissions import can_view_colleague_scorecards

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

@pytest.mark.parametrize(("who", "policy", "expected"), [
    ("recruiter", "never", True),
    ("committee", "never", True),
    ("other_recruiter", "always", False),
    ("other_committee", "always", False),
    ("admin", "always", False),
    ("bystander", "always", False),  # an interviewer not on this candidate
    ("me_before", "always", True),
    ("me_before", "after_submit", False),
    ("me_before", "never", False),
    ("me_after", "after_submit", True),
    ("me_after", "never", False),
    ("me_draft", "after_submit", False),
    ("me_cancelled", "after_submit", False),  # submitted, but that interview was cancelled
    ("me_cancelled", "always", False),  # on no live interview of the candidate
])
def test_who_may_read_colleagues_scorecards(app, make, who, policy, expected):
    recruiter, committee = make.user("recruiter"), make.user("committee")
    req = make.requisition(recruiters=[recruiter], committee=[committee], visibility=policy)
    make.requisition(recruiters=[make.user("recruiter")], committee=[make.user("committee")])
    candidate = make.candidate(req)
    users = {"recruiter": recruiter, "committee": committee,
             "other_recruiter": make.user("recruiter"), "other_committee": make.user("committee"),
             "admin": make.user("admin"), "bystander": make.user("interviewer")}
    if who.startswith("me"):
        users[who] = me = make.user("interviewer")
        status = "cancelled" if who == "me_cancelled" else "scheduled"
        interview = make.interview(candidate, me, "phone_screen", status=status)
        if who != "me_before":
            make.scorecard(interview, {"coding": 4}, submitted=who != "me_draft")
    with app.app_context():
        user = db.session.get(User, users[who].id)
        assert can_view_colleague_scorecards(user, db.session.get(Candidate, candidate.id)) \
            is expected


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
        assert before[colleague_page][0] == 404

    mine = {"action": "submit", "score-ownership": "4", "evidence-ownership": "Owned it.",
            "score-mentoring": "na", "reason-mentoring": "No time.", "lock_version": ""}
    assert client.post(f"/my/interviews/{world['mine'].id}", data=mine).status_code == 302
    after = walk(app, client, world)
    assert not canaries_in(after, [CANARY["draft"]])
    if policy == "never":
        assert not canaries_in(after, SUBMITTED_CANARIES)
        assert after[colleague_page][0] == 404
    else:
        assert after[colleague_page][0] == 200
        assert canaries_in(after, SUBMITTED_CANARIES) == {colleague_page}
        body = after[colleague_page][1]
        assert all(c in body for c in SUBMITTED_CANARIES)

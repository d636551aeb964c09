"""Independence holds for every role: a person who also recruits for the requisition or sits
on its committee (the hiring manager does both) reads nothing a colleague wrote about a
candidate while one of their own interviews of that candidate has no submitted scorecard.

The canary suite of ``tests/test_independence.py`` walks every GET route (and so the packet)
for each combination of roles, before and after the person submits their own scorecard.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from hiring.cli import main
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, CommitteeDecision
from tests.test_independence import (
    CANARY,
    SUBMITTED_CANARIES,
    canaries_in,
    colleagues_write,
    walk,
)

# role combination -> (roles held, on the requisition's recruiters, on its committee)
COMBINATIONS = {
    "interviewer": (("interviewer",), False, False),
    "committee+interviewer": (("committee", "interviewer"), False, True),
    "recruiter+interviewer": (("recruiter", "interviewer"), True, False),
    "hiring manager": (("recruiter", "committee", "interviewer"), True, True),
}
SUBMIT_FIRST = "Submit your scorecard for Behavioral first; the debrief opens when you have."
MY_SCORECARD = {"action": "submit", "score-ownership": "4", "evidence-ownership": "Owned it.",
                "score-mentoring": "na", "reason-mentoring": "No time.", "lock_version": ""}


def flat(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def build(make, combination: str, policy: str = "after_submit") -> dict[str, Any]:
    roles, recruits, on_committee = COMBINATIONS[combination]
    me, recruiter, committee = (make.user(*roles, name="Hugo Holder"), make.user("recruiter"),
                                make.user("committee"))
    req = make.requisition(recruiters=[recruiter, *([me] if recruits else [])],
                           committee=[committee, *([me] if on_committee else [])],
                           visibility=policy, hiring_manager=me if recruits else None)
    candidate = make.candidate(req, name="Cleo Candidate", stage="debrief")
    colleague, drafter = (make.user("interviewer", name=n)
                          for n in ("Colin Colleague", "Dora Drafter"))
    world = {"req": req, "candidate": candidate, "me": me, "colleague": colleague,
             "committee": committee,
             "drafter": drafter, "cards": [],
             "mine": make.interview(candidate, me, "behavioral_interview"),
             "theirs": make.interview(candidate, colleague, "phone_screen"),
             "drafts": make.interview(candidate, drafter, "coding_interview")}
    colleagues_write(make, world)
    return world


def urls(world: dict[str, Any]) -> dict[str, str]:
    cid = world["candidate"].id
    return {"debrief": f"/candidates/{cid}/debrief", "packet": f"/candidates/{cid}/packet.pdf",
            "colleagues": f"/my/candidates/{cid}/scorecards", "candidate": f"/candidates/{cid}",
            "index": "/committee", "kit": f"/my/interviews/{world['mine'].id}",
            "export": f"/requisitions/{world['req'].id}/scorecards.csv"}


@pytest.mark.pdf
@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_no_role_reads_a_colleague_before_submitting_and_each_reads_its_share_after(
        app, client, make, combination):
    world = build(make, combination)
    _, recruits, on_committee = COMBINATIONS[combination]
    elevated = recruits or on_committee
    url = urls(world)
    client.login(world["me"])

    before = walk(app, client, world)
    assert before[url["kit"]][0] == 200
    assert not canaries_in(before, [CANARY["draft"], *SUBMITTED_CANARIES])
    if elevated:
        # The dual-role case of the issue: a clear page, not a bare 404, naming the stage.
        for page in ("debrief", "packet"):
            status, body = before[url[page]]
            assert status == 403, page
            assert SUBMIT_FIRST in flat(body), page
            assert url["kit"] in body
        status, body = before[url["colleagues"]]
        assert status == 403
        assert "your colleagues' scorecards open when you have" in flat(body).replace(
            "&#39;", "'")
        status, body = before[url["candidate"]]
        assert status == 200
        assert "the live decision opens when you have" in flat(body)
        assert 'class="card live-decision' not in body
        assert "data-outcome" not in body
    else:
        assert before[url["colleagues"]][0] == 403  # "submit yours first", told plainly
        assert before[url["debrief"]][0] == 403  # the role gate: interviewers never reach it
    if on_committee:
        status, body = before[url["index"]]
        assert status == 200
        assert "Submit your scorecard first" in body
        assert 'class="badge outcome-' not in body  # no engine outcome for this candidate

    assert client.post(url["kit"], data=MY_SCORECARD).status_code == 302
    after = walk(app, client, world)
    assert not canaries_in(after, [CANARY["draft"]])
    readable = {url["colleagues"]}
    if elevated:
        readable |= {url["debrief"], url["packet"], url["candidate"], url["export"]}
        assert after[url["debrief"]][0] == after[url["packet"]][0] == 200
        assert after[url["candidate"]][0] == 200
        assert 'class="card live-decision' in after[url["candidate"]][1]
        assert all(c in after[url["debrief"]][1] for c in SUBMITTED_CANARIES)
        assert CANARY["evidence"] in after[url["packet"]][1]
    if on_committee:
        assert "Submit your scorecard first" not in after[url["index"]][1]
    assert canaries_in(after, SUBMITTED_CANARIES) == readable
    assert after[url["colleagues"]][0] == 200
    assert all(c in after[url["colleagues"]][1] for c in SUBMITTED_CANARIES)


def test_the_hiring_manager_decides_nothing_and_learns_no_decision_before_submitting(
        app, client, make):
    world = build(make, "committee+interviewer")
    decided = make.candidate(world["req"], name="Dee Decided", stage="offer")
    make.interview(decided, world["me"], "behavioral_interview")
    make.decision(decided, "offer", rationale="CANARY-RATIONALE-5a1d")
    client.login(world["me"])
    cid = world["candidate"].id
    refused = client.post(f"/candidates/{cid}/decision", data={
        "decision": "hold", "rationale": "Wait.", "seen_outcome": "incomplete"})
    assert refused.status_code == 403
    assert SUBMIT_FIRST in flat(refused.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 1
    index = client.get("/committee").get_data(as_text=True)
    row = flat(index).split("Dee Decided", 1)[1][:120]
    assert row.lstrip().startswith("Submit your scorecard first")
    assert "Offer" not in row  # neither the decision nor the engine's recommendation
    for url in (f"/candidates/{decided.id}/debrief", f"/candidates/{decided.id}/packet.pdf"):
        response = client.get(url)
        assert response.status_code == 403
        assert "CANARY-RATIONALE-5a1d" not in response.get_data(as_text=True)



def test_the_submit_first_page_says_what_unblocks_it(client, make):
    """Before the interview: when submitting opens. After a decision closed the scorecard:
    who can unblock the page (a recruiter cancels the interview, an admin reopens)."""
    world = build(make, "committee+interviewer")
    later = make.candidate(world["req"], name="Lou Later", stage="debrief")
    make.interview(later, world["me"], "behavioral_interview",
                   when=utcnow() + dt.timedelta(days=2))
    decided = make.candidate(world["req"], name="Dee Decided", stage="offer")
    make.interview(decided, world["me"], "behavioral_interview")
    make.decision(decided, "offer")
    client.login(world["me"])
    page = flat(client.get(f"/candidates/{later.id}/debrief").get_data(as_text=True))
    assert "submitting opens at" in page
    assert "recorded its decision" not in page
    page = flat(client.get(f"/candidates/{decided.id}/debrief").get_data(as_text=True))
    assert "no longer takes one" in page
    assert "an admin to reopen the decision" in page
    assert "submitting opens at" not in page

def test_the_requisition_policy_always_does_not_open_the_panel_to_its_committee(
        app, client, make):
    world = build(make, "committee+interviewer", policy="always")
    client.login(world["me"])
    response = client.get(urls(world)["colleagues"])
    assert response.status_code == 403
    assert not any(c in response.get_data(as_text=True) for c in SUBMITTED_CANARIES)


def test_the_committee_index_shows_each_requisitions_bar(client, make):
    cora = make.user("committee")
    for rubric in ("senior-engineer", "engineering-manager"):
        req = make.requisition(committee=[cora], rubric_id=rubric, title=f"Req {rubric}")
        make.candidate(req, name=f"Wes {rubric}", stage="debrief")
    client.login(cora)
    page = flat(client.get("/committee").get_data(as_text=True))
    bars = re.findall(r"rubric ([a-z-]+) · bar (\d\.\d\d)", page)
    assert sorted(bars) == [("engineering-manager", "3.50"), ("senior-engineer", "4.00")]


# -- hiring packet --as ------------------------------------------------------------------------

def packet(app, *args: str):
    return app.test_cli_runner().invoke(main, ["packet", *args])


@pytest.mark.pdf
def test_the_packet_command_is_made_for_a_person_who_may_read_it(app, make, tmp_path):
    world = build(make, "hiring manager")
    cid, me = str(world["candidate"].id), world["me"]
    out = tmp_path / "p.pdf"
    committee = world["committee"]

    refused = packet(app, cid, "-o", str(out), "--as", me.email)
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        f"error: {me.email} has not submitted their scorecard for Behavioral (interview "
        f"{world['mine'].id}) of candidate {cid}: the packet is made once they have")
    assert not out.exists()
    for who, words in ((world["colleague"].email, "may not read the debrief"),
                       ("nobody@example.com", "no active user")):
        result = packet(app, cid, "-o", str(out), "--as", who)
        assert result.exit_code == 2
        assert words in result.output
        assert len(result.output.strip().splitlines()) == 1
    missing = packet(app, cid, "-o", str(out))
    assert missing.exit_code == 2
    assert "--as" in missing.output

    made = packet(app, cid, "-o", str(out), "--as", committee.email.upper())
    assert made.exit_code == 0, made.output
    assert out.read_bytes().startswith(b"%PDF")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "packet.downloaded"))
        assert (event.actor_id, event.after["via"]) == (committee.id, "cli")


@pytest.mark.pdf
def test_a_batch_skips_and_lists_the_candidates_the_person_may_not_read_yet(
        app, client, make, tmp_path):
    world = build(make, "committee+interviewer")
    other = make.candidate(world["req"], name="Otto Other", stage="debrief")
    make.scorecard(make.interview(other, world["colleague"], "phone_screen"), {"coding": 3},
                   evidence=CANARY["evidence"])
    me, out = world["me"], tmp_path / "meeting"
    args = ["--requisition", str(world["req"].id), "-o", str(out), "--jobs", "1"]
    result = packet(app, *args, "--as", me.email)
    assert result.exit_code == 0, result.output
    cid = world["candidate"].id
    assert f"debrief-{cid}-cleo-candidate.pdf: SKIPPED: {me.email} has not submitted their " \
           "scorecard for Behavioral" in result.output
    assert sorted(p.name for p in out.iterdir()) == [f"debrief-{other.id}-otto-other.pdf"]
    assert "1 packet(s)" in result.output

    outsider = packet(app, *args, "--as", world["colleague"].email)
    assert outsider.exit_code == 2
    assert "may not read the debriefs of requisition" in outsider.output

    client.login(me)
    assert client.post(urls(world)["kit"], data=MY_SCORECARD).status_code == 302
    again = packet(app, *args, "--as", me.email)
    assert again.exit_code == 0, again.output
    assert "SKIPPED" not in again.output
    assert len(list(out.iterdir())) == 2

"""Every audit action the code writes reads as a sentence (hiring/domain/audit_sentences.py).

``written_actions`` walks the source for ``audit.record("...")`` calls, so a new action
without a row in SENTENCES, or without a case in CASES below, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hiring.domain.audit_sentences import (
    SENTENCES,
    Facts,
    Ref,
    as_text,
    full_stop,
    sentence,
    show,
)

ROOT = Path(__file__).resolve().parents[2] / "hiring"

CORA = Ref("user", "7", "Cora Lindqvist")
HUGO = Ref("user", "8", "Hugo Hiring")
AMARA = Ref("candidate", "12", "Amara Okonkwo")
ERASED = Ref("candidate", "13", "an erased candidate", gone=True)
REQ = Ref("requisition", "3", "Platform Engineer")
IV = Ref("interview", "5", "the interview")
W = "(withheld: personal data)"


def facts(action: str, *, actor: Ref | None = CORA, obj: Ref | None = None,
          before: dict | None = None, after: dict | None = None, detail: str = "",
          **refs: Ref) -> Facts:
    named = {"actor": actor, "object": obj, **refs}
    return Facts(action, {k: v for k, v in named.items() if v is not None}, before or {},
                 after or {}, detail)


def _cases() -> list[tuple[Facts, str]]:
    return [
        (facts("auth.login"), "Cora Lindqvist logged in"),
        (facts("auth.logout"), "Cora Lindqvist logged out"),
        (facts("auth.login_throttled", actor=None, obj=HUGO,
               after={"scope": "account", "failures": 5}),
         "Logins to Hugo Hiring's account from one address were paused after 5 failed "
         "attempts"),
        (facts("auth.login_throttled", actor=None, after={"scope": "address", "failures": 50}),
         "Logins from one address were paused after 50 failed attempts on any account"),
        (facts("auth.login_throttled", actor=None, after={"scope": "account", "failures": 5}),
         "Logins to an unknown account from one address were paused after 5 failed attempts"),
        (facts("auth.sessions_ended", obj=CORA, after={"scope": "one", "sessions": [4]}),
         "Cora Lindqvist ended one of their sessions"),
        (facts("auth.sessions_ended", obj=CORA, after={"scope": "others", "count": 2}),
         "Cora Lindqvist ended their 2 other sessions"),
        (facts("auth.sessions_ended", obj=HUGO, after={"scope": "others", "count": 2}),
         "Cora Lindqvist ended 2 other sessions of Hugo Hiring"),
        (facts("user.created", obj=HUGO, after={"roles": ["committee", "interviewer"]}),
         "Cora Lindqvist created the account of Hugo Hiring with the roles committee, "
         "interviewer"),
        (facts("user.created", obj=HUGO, after={"roles": []}),
         "Cora Lindqvist created the account of Hugo Hiring with no roles"),
        (facts("user.roles_changed", obj=HUGO, before={"roles": []},
               after={"roles": ["admin"]}),
         "Cora Lindqvist changed the roles of Hugo Hiring from none to admin"),
        (facts("user.updated", obj=HUGO, before={"name": "H", "email": "h@x"},
               after={"name": "Hugo", "email": "hugo@x"}),
         "Cora Lindqvist changed the name and email of Hugo Hiring"),
        (facts("user.password_changed", obj=CORA), "Cora Lindqvist changed their password"),
        (facts("user.password_changed", obj=HUGO),
         "Cora Lindqvist set a new password for Hugo Hiring"),
        (facts("user.password_change_refused", obj=CORA),
         "Cora Lindqvist typed a wrong current password while changing their password"),
        (facts("user.deactivated", obj=HUGO), "Cora Lindqvist deactivated the account of Hugo "
                                              "Hiring"),
        (facts("user.reactivated", obj=HUGO), "Cora Lindqvist reactivated the account of Hugo "
                                              "Hiring"),
        (facts("user.link_issued", obj=HUGO, after={"purpose": "invitation"}),
         "Cora Lindqvist issued an invitation link for Hugo Hiring"),
        (facts("user.link_issued", obj=HUGO, after={"purpose": "reset"}),
         "Cora Lindqvist issued a password-reset link for Hugo Hiring"),
        (facts("user.link_issued", actor=None, obj=HUGO, after={"purpose": "reset"}),
         "Hugo Hiring asked for a password-reset link"),
        (facts("user.link_used", actor=HUGO, obj=HUGO, after={"purpose": "invitation"}),
         "Hugo Hiring set their password with an invitation link"),
        (facts("user.link_used", actor=HUGO, obj=HUGO, after={"purpose": "reset"}),
         "Hugo Hiring set their password with a password-reset link"),
        (facts("mfa.enrolment_started", obj=HUGO),
         "Hugo Hiring started setting up two-step verification"),
        (facts("mfa.enabled", obj=HUGO), "Hugo Hiring turned on two-step verification"),
        (facts("mfa.recovery_codes_replaced", obj=HUGO),
         "Hugo Hiring replaced their recovery codes"),
        (facts("mfa.code_accepted", obj=HUGO), "Hugo Hiring passed the two-step verification"),
        (facts("mfa.recovery_code_used", obj=HUGO, after={"recovery_codes_left": 9}),
         "Hugo Hiring used a recovery code (9 left)"),
        (facts("mfa.code_refused", obj=HUGO, after={"failures_in_a_row": 2}),
         "Hugo Hiring typed a wrong two-step code (2 in a row)"),
        (facts("mfa.disabled", obj=HUGO), "Hugo Hiring turned off two-step verification"),
        (facts("mfa.reset", actor=None, obj=HUGO),
         "The system reset the two-step verification of Hugo Hiring"),
        (facts("api_token.created", obj=Ref("apitoken", "2", "hr_ab12"), user=HUGO,
               after={"name": "sync"}),
         "Cora Lindqvist created the API token “sync” for Hugo Hiring"),
        (facts("api_token.created", actor=HUGO, user=HUGO, after={"name": "sync"}),
         "Hugo Hiring created the API token “sync”"),
        (facts("api_token.revoked", user=HUGO, after={"prefix": "hr_ab12"}),
         "Cora Lindqvist revoked the API token hr_ab12… of Hugo Hiring"),
        (facts("api.request", after={"method": "GET", "path": "/api/v1/candidates"}),
         "Cora Lindqvist called the API: GET /api/v1/candidates"),
        (facts("requisition.created", obj=REQ),
         "Cora Lindqvist opened the requisition Platform Engineer"),
        (facts("requisition.updated", obj=REQ, before={"team": "A"}, after={"team": "B"}),
         "Cora Lindqvist changed the team of Platform Engineer"),
        (facts("requisition.closed", obj=REQ),
         "Cora Lindqvist closed the requisition Platform Engineer"),
        (facts("requisition.reopened", obj=REQ),
         "Cora Lindqvist reopened the requisition Platform Engineer"),
        (facts("requisition.rubric_changed", obj=REQ, before={"rubric_version": "a1"},
               after={"rubric_version": "b2"}),
         "Cora Lindqvist moved Platform Engineer from rubric version a1 to b2"),
        (facts("requisition.calibration_required", obj=REQ,
               after={"calibrated_stages": ["tech_screen", "onsite"]}),
         "Cora Lindqvist set the stages of Platform Engineer that need calibration to "
         "tech screen, onsite"),
        (facts("rubric.version_stored", actor=None, after={"rubric": "backend", "version": 3}),
         "The system stored version 3 of the rubric backend"),
        (facts("candidate.created", obj=AMARA, requisition=REQ),
         "Cora Lindqvist added Amara Okonkwo to Platform Engineer"),
        (facts("candidate.updated", obj=AMARA, before={"email": W}, after={"email": W}),
         "Cora Lindqvist changed the email of Amara Okonkwo"),
        (facts("candidate.moved", obj=AMARA, before={"stage": "applied"},
               after={"stage": "phone_screen"}),
         "Cora Lindqvist moved Amara Okonkwo from applied to phone screen"),
        (facts("candidate.moved", obj=ERASED, before={"stage": "applied"},
               after={"stage": "rejected"}),
         "Cora Lindqvist moved an erased candidate from applied to rejected"),
        (facts("candidate.round_scheduled", obj=AMARA, after={"round": "onsite"}),
         "Cora Lindqvist scheduled the round onsite for Amara Okonkwo"),
        (facts("candidate.document_attached", obj=AMARA, after={"document_id": 4}),
         "Cora Lindqvist attached a document to Amara Okonkwo"),
        (facts("candidate.document_removed", obj=AMARA, before={"document_id": 4}),
         "Cora Lindqvist removed a document from Amara Okonkwo"),
        (facts("candidate.erased", obj=ERASED, after={"erasure_reason": "request"}),
         "Cora Lindqvist erased a candidate's personal data (reason: request)"),
        (facts("interview.assigned", obj=IV, candidate=AMARA, interviewer=HUGO,
               after={"stage": "tech_screen", "scheduled_at": "2026-12-01T09:30:00+00:00"}),
         "Cora Lindqvist asked Hugo Hiring to interview Amara Okonkwo (tech screen, "
         "2026-12-01 09:30 UTC)"),
        (facts("interview.reassigned", obj=IV, candidate=AMARA, interviewer=HUGO,
               previous=CORA, after={"interviewer_id": 8}),
         "Cora Lindqvist handed the interview with Amara Okonkwo from Cora Lindqvist to "
         "Hugo Hiring"),
        (facts("interview.reassigned", obj=IV, candidate=ERASED,
               after={"scheduled_at": "2026-12-02T10:00:00+01:00"}),
         "Cora Lindqvist moved the interview with an erased candidate to 2026-12-02 09:00 UTC"),
        (facts("interview.reassigned", obj=IV, candidate=AMARA, interviewer=HUGO,
               previous=CORA, after={"interviewer_id": 8, "scheduled_at": "2026-12-02T10:00"}),
         "Cora Lindqvist handed the interview with Amara Okonkwo from Cora Lindqvist to "
         "Hugo Hiring and moved it to 2026-12-02 10:00 UTC"),
        (facts("interview.cancelled", obj=IV, candidate=AMARA,
               before={"stage": "onsite"}, after={"reason": W}),
         "Cora Lindqvist cancelled the onsite interview with Amara Okonkwo"),
        (facts("scorecard.draft_saved", actor=HUGO, candidate=AMARA),
         "Hugo Hiring saved a draft scorecard for Amara Okonkwo"),
        (facts("scorecard.submitted", actor=HUGO, candidate=AMARA),
         "Hugo Hiring submitted a scorecard for Amara Okonkwo"),
        (facts("scorecard.amended", actor=HUGO, candidate=AMARA, after={"revision": 2}),
         "Hugo Hiring amended their scorecard for Amara Okonkwo (revision 2)"),
        (facts("decision.recorded", candidate=AMARA, after={"decision": "hire"}),
         "Cora Lindqvist recorded the decision “hire” on Amara Okonkwo"),
        (facts("decision.recorded", candidate=AMARA,
               after={"decision": "hire", "is_override": True, "engine_outcome": "no_hire"}),
         "Cora Lindqvist recorded the decision “hire” on Amara Okonkwo, overriding the "
         "rubric's no hire"),
        (facts("decision.reopened", candidate=AMARA, after={"reason": W},
               detail="new references arrived"),
         "Cora Lindqvist reopened the decision on Amara Okonkwo: new references arrived"),
        (facts("decision.reopened", candidate=ERASED),
         "Cora Lindqvist reopened the decision on an erased candidate"),
        (facts("packet.downloaded", obj=AMARA),
         "Cora Lindqvist downloaded the packet of Amara Okonkwo"),
        (facts("self_identification.link_created", obj=AMARA),
         "Cora Lindqvist created a self-identification link for Amara Okonkwo"),
        (facts("demo.loaded", actor=None, after={"requisitions": 4, "candidates": 30}),
         "The system loaded the demo data (4 requisitions, 30 candidates)"),
    ]


CASES = _cases()


@pytest.mark.parametrize(("event", "expected"), CASES,
                         ids=[f"{i}-{f.action}" for i, (f, _) in enumerate(CASES)])
def test_each_action_reads_as_a_sentence(event, expected):
    assert as_text(sentence(event)) == expected


def written_actions() -> set[str]:
    """Every action named in an ``audit.record(...)`` call under hiring/ (both branches of
    a conditional action too)."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "audit" not in source:  # parsing only the files that may call it keeps this quick
            continue
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit" and node.args):
                found.update(_strings(node.args[0]))
    return found


def _strings(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    raise AssertionError(f"an action the test cannot read: {ast.unparse(node)}")


def test_every_action_the_code_writes_has_a_sentence_and_a_case():
    written = written_actions()
    assert len(written) > 40  # the walker finds the calls (it is not reading nothing)
    assert {"requisition.closed", "requisition.reopened"} <= written  # a conditional
    assert sorted(written - set(SENTENCES)) == [], "add a sentence to SENTENCES"
    assert sorted(written - {f.action for f, _ in CASES}) == [], "add a case to CASES"
    assert sorted(set(SENTENCES) - written) == [], "a sentence for an action nobody writes"


def test_links_are_parts_and_withheld_values_stay_withheld():
    decision = Ref("decision", "4", "the decision")
    parts = sentence(facts("decision.reopened", candidate=AMARA, decision=decision,
                           after={"reason": W}))
    assert parts == (CORA, " reopened ", decision, " on ", AMARA)
    cancelled = sentence(facts("interview.cancelled", candidate=AMARA,
                               before={"stage": W}))
    assert "personal data" not in as_text(cancelled)
    assert "(withheld)" in as_text(cancelled)


def test_an_action_without_a_row_still_reads_and_erased_names_capitalise():
    assert as_text(sentence(facts("legacy.thing", obj=REQ))) == (
        "Cora Lindqvist did “legacy.thing” on Platform Engineer")
    assert as_text(sentence(facts("mfa.enabled", obj=Ref("user", "1", "a removed user",
                                                            gone=True)))) == (
        "A removed user turned on two-step verification")
    assert as_text(sentence(facts("auth.login", actor=Ref("user", "9", "old@example.test",
                                                          gone=True)))) == (
        "old@example.test logged in")


@pytest.mark.parametrize(("value", "words", "expected"), [
    (None, False, "none"), ([], False, "none"), (True, False, "yes"),
    (["a_b", "c"], True, "a b, c"), (["a_b"], False, "a_b"), ({"x": 1}, False, "x: 1"),
    ("2026-12-01T09:30:00+02:00", False, "2026-12-01 07:30 UTC"),
    ("2026-13-45T99:99", False, "2026-13-45T99:99"), ("Mixed_Case", True, "Mixed_Case"),
    (3, False, "3"), ("d355d3fc8095305eaa975c89946062edbce9ce9b6fc0e26410e373977a342ded", False,
                      "d355d3fc8095"),
])
def test_values_read_as_text(value, words, expected):
    assert show(value, words) == expected


def test_a_sentence_gets_one_full_stop():
    said = sentence(facts("decision.reopened", candidate=AMARA, detail="New references."))
    assert full_stop(said) == ""
    assert full_stop(sentence(facts("auth.login"))) == "."
    assert full_stop(sentence(facts("candidate.moved", obj=AMARA))) == "."

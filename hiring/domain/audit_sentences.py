"""The audit trail in words: one sentence per event, from plain values.

An event row says ``decision.reopened`` on ``committeedecision #12`` by user 7; an admin
wants to read "Cora Lindqvist reopened the decision on Amara Okonkwo: new references".
The query layer (``hiring.queries.audit_lines``) looks up who and what the ids are now and
hands them over as ``Ref``s; this module only chooses the words, so every wording is a
table row that a test reads without a database.

A sentence is a tuple of parts: plain text, or a ``Ref`` the page may turn into a link.
Every action the code writes has a row in ``SENTENCES`` (a test walks the services and
fails on an action without one); an action from older data that has none still reads as
a sentence, naming the action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

WITHHELD_PREFIX = "(withheld"  # hiring.services.audit.WITHHELD: never shown in a sentence


@dataclass(frozen=True)
class Ref:
    """Someone or something an event names: ``kind`` and ``id`` say which, ``label`` how it
    reads now. ``gone`` (erased or removed) means there is nothing to open."""

    kind: str
    id: str
    label: str
    gone: bool = False


Part = str | Ref


@dataclass(frozen=True)
class Facts:
    """One event as plain values. ``refs`` holds the people and things it names, keyed by
    their role in the sentence: actor, object, candidate, user, interviewer, previous,
    requisition, decision. ``detail`` is free text read from the object's row (a
    reopening's reason), never from the trail, which withholds it."""

    action: str
    refs: Mapping[str, Ref] = field(default_factory=dict)
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    detail: str = ""

    def same_person(self, a: str = "actor", b: str = "object") -> bool:
        one, two = self.refs.get(a), self.refs.get(b)
        return (one is not None and two is not None and one.kind == two.kind == "user"
                and one.id == two.id)


Template = str | Callable[[Facts], str]


def _self_or_other(own: str, other: str) -> Callable[[Facts], str]:
    return lambda f: own if f.same_person() else other


def _throttled(f: Facts) -> str:
    if f.after.get("scope") == "address":
        return ("Logins from one address were paused after {after.failures} failed attempts "
                "on any account")
    if "object" in f.refs:
        return ("Logins to {object}'s account from one address were paused after "
                "{after.failures} failed attempts")
    return ("Logins to an unknown account from one address were paused after "
            "{after.failures} failed attempts")


def _sessions_ended(f: Facts) -> str:
    if f.after.get("scope") == "one":
        return ("{actor} ended one of their sessions" if f.same_person()
                else "{actor} ended one of {object}'s sessions")
    return "{actor} ended {after.count} other sessions of {object}" if not f.same_person() \
        else "{actor} ended their {after.count} other sessions"


def _roles(key: str) -> Callable[[Facts], str]:
    return lambda f: "{actor} created the account of {object} with " + (
        "the roles {after.roles}" if f.after.get(key) else "no roles")


def _reassigned(f: Facts) -> str:
    moves = []
    if "interviewer_id" in f.after:
        moves.append("handed the interview with {candidate} from {previous} to {interviewer}")
    if "scheduled_at" in f.after:
        moves.append("moved it to {after.scheduled_at}" if moves
                      else "moved the interview with {candidate} to {after.scheduled_at}")
    return "{actor} " + (" and ".join(moves) or "changed the interview with {candidate}")


def _decision(f: Facts) -> str:
    text = "{actor} recorded {decision} “{after.decision}” on {candidate}"
    if f.after.get("is_override"):
        text += ", overriding the rubric's {after.engine_outcome}"
    return text


def _link_issued(f: Facts) -> str:
    kind = "an invitation" if f.after.get("purpose") == "invitation" else "a password-reset"
    if f.refs.get("actor") is None or f.same_person():
        return "{object} asked for " + kind + " link"
    return "{actor} issued " + kind + " link for {object}"


def _link_used(f: Facts) -> str:
    kind = "invitation" if f.after.get("purpose") == "invitation" else "password-reset"
    return "{object} set their password with " + ("an " if kind[0] == "i" else "a ") + kind \
        + " link"


SENTENCES: dict[str, Template] = {
    # accounts and logins
    "auth.login": "{actor} logged in",
    "auth.logout": "{actor} logged out",
    "auth.login_throttled": _throttled,
    "auth.sessions_ended": _sessions_ended,
    "user.created": _roles("roles"),
    "user.roles_changed": "{actor} changed the roles of {object} from {before.roles} to "
                          "{after.roles}",
    "user.updated": "{actor} changed the {changed} of {object}",
    "user.password_changed": _self_or_other("{actor} changed their password",
                                            "{actor} set a new password for {object}"),
    "user.password_change_refused": "{actor} typed a wrong current password while changing "
                                    "their password",
    "user.deactivated": "{actor} deactivated the account of {object}",
    "user.reactivated": "{actor} reactivated the account of {object}",
    "user.link_issued": _link_issued,
    "user.link_used": _link_used,
    "mfa.enrolment_started": "{object} started setting up two-step verification",
    "mfa.enabled": "{object} turned on two-step verification",
    "mfa.recovery_codes_replaced": "{object} replaced their recovery codes",
    "mfa.code_accepted": "{object} passed the two-step verification",
    "mfa.recovery_code_used": "{object} used a recovery code ({after.recovery_codes_left} left)",
    "mfa.code_refused": "{object} typed a wrong two-step code "
                        "({after.failures_in_a_row} in a row)",
    "mfa.disabled": "{object} turned off two-step verification",
    "mfa.reset": "{actor} reset the two-step verification of {object}",
    "api_token.created": lambda f: "{actor} created the API token “{after.name}”" + (
        "" if f.same_person("actor", "user") else " for {user}"),
    "api_token.revoked": "{actor} revoked the API token {after.prefix}… of {user}",
    "api.request": "{actor} called the API: {after.method} {after.path}",
    # requisitions and rubrics
    "requisition.created": "{actor} opened the requisition {object}",
    "requisition.updated": "{actor} changed the {changed} of {object}",
    "requisition.closed": "{actor} closed the requisition {object}",
    "requisition.reopened": "{actor} reopened the requisition {object}",
    "requisition.rubric_changed": "{actor} moved {object} from rubric version "
                                  "{before.rubric_version} to {after.rubric_version}",
    "requisition.calibration_required": "{actor} set the stages of {object} that need "
                                        "calibration to {after.calibrated_stages}",
    "rubric.version_stored": "{actor} stored version {after.version} of the rubric "
                             "{after.rubric}",
    # candidates, interviews, scorecards, decisions
    "candidate.created": "{actor} added {object} to {requisition}",
    "candidate.updated": "{actor} changed the {changed} of {object}",
    "candidate.moved": "{actor} moved {object} from {before.stage} to {after.stage}",
    "candidate.round_scheduled": "{actor} scheduled the round {after.round} for {object}",
    "candidate.document_attached": "{actor} attached a document to {object}",
    "candidate.document_removed": "{actor} removed a document from {object}",
    "candidate.erased": "{actor} erased a candidate's personal data "
                        "(reason: {after.erasure_reason})",
    "interview.assigned": "{actor} asked {interviewer} to interview {candidate} "
                          "({after.stage}, {after.scheduled_at})",
    "interview.reassigned": _reassigned,
    "interview.cancelled": "{actor} cancelled the {before.stage} interview with {candidate}",
    "scorecard.draft_saved": "{actor} saved a draft scorecard for {candidate}",
    "scorecard.submitted": "{actor} submitted a scorecard for {candidate}",
    "scorecard.amended": "{actor} amended their scorecard for {candidate} "
                         "(revision {after.revision})",
    "decision.recorded": _decision,
    "decision.reopened": "{actor} reopened {decision} on {candidate}{because}",
    "packet.downloaded": "{actor} downloaded the packet of {object}",
    "self_identification.link_created": "{actor} created a self-identification link for "
                                        "{object}",
    "demo.loaded": "{actor} loaded the demo data ({after.requisitions} requisitions, "
                   "{after.candidates} candidates)",
}

_PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


# Keys whose values are identifiers people read as words ("phone_screen": "phone screen").
WORDS = frozenset({"stage", "calibrated_stages", "engine_outcome", "decision", "round"})


def show(value: Any, words: bool = False) -> str:
    """A recorded value in a sentence: lists joined, nothing as "none", ISO times as
    "2026-12-01 09:30 UTC", identifiers as words when ``words``."""
    if value is None or value in ("", [], {}):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(show(v, words) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v, words)}" for k, v in value.items())
    text = str(value)
    if re.fullmatch(r"[0-9a-f]{32,64}", text):
        return text[:12]  # a content hash (a rubric version): its first characters tell it
    if _ISO_TIME.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC)
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return text.replace("_", " ") if words and re.fullmatch(r"[a-z0-9_]+", text) else text


def _changed(facts: Facts) -> str:
    keys = [k.replace("_", " ") for k in dict.fromkeys([*facts.before, *facts.after])]
    if not keys:
        return "details"
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " and " + keys[-1]


def _value(name: str, facts: Facts) -> Part:
    if name in facts.refs:
        return facts.refs[name]
    if name == "actor":
        return "the system"
    if name == "changed":
        return _changed(facts)
    if name == "because":
        return f": {facts.detail}" if facts.detail else ""
    source, _, key = name.partition(".")
    if source in ("before", "after") and key:
        value = (facts.before if source == "before" else facts.after).get(key)
        if isinstance(value, str) and value.startswith(WITHHELD_PREFIX):
            return "(withheld)"
        return show(value, key in WORDS)
    return {"object": "something", "candidate": "a candidate", "user": "someone",
            "decision": "the decision",
            "interviewer": "someone", "previous": "someone",
            "requisition": "a requisition"}.get(name, "—")


def _fill(template: str, facts: Facts) -> list[Part]:
    parts: list[Part] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[position:match.start()])
        parts.append(_value(match.group(1), facts))
        position = match.end()
    parts.append(template[position:])
    return [p for p in parts if p != ""]


def _capitalised(parts: list[Part]) -> tuple[Part, ...]:
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0][:1].upper() + parts[0][1:]
    elif parts and isinstance(parts[0], Ref) and parts[0].gone and "@" not in parts[0].label:
        first = parts[0]
        parts[0] = Ref(first.kind, first.id, first.label[:1].upper() + first.label[1:], True)
    return tuple(parts)


def sentence(facts: Facts) -> tuple[Part, ...]:
    """The event as a sentence (no final full stop): text and ``Ref`` parts in order."""
    template = SENTENCES.get(facts.action)
    if template is None:
        template = "{actor} did “" + facts.action + "”" + (
            " on {object}" if "object" in facts.refs else "")
    elif callable(template):
        template = template(facts)
    return _capitalised(_fill(template, facts))


def full_stop(parts: tuple[Part, ...]) -> str:
    """The sentence's final full stop, or "" when its last words end one already (a reason
    quoted from a row may)."""
    last = parts[-1] if parts else ""
    text = last.label if isinstance(last, Ref) else last
    return "" if text.rstrip().endswith((".", "!", "?", "…")) else "."


def as_text(parts: tuple[Part, ...]) -> str:
    """The sentence as plain text (CSV, tests, the page's title attributes)."""
    return "".join(p.label if isinstance(p, Ref) else p for p in parts)

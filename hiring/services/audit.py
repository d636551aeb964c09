"""Writing the audit trail. Secrets never reach it: keys that look secret are dropped.

Nor does a candidate's personal data: the trail is append-only (the database refuses to
change it), so anything written there could never be erased. Events about a candidate and
what hangs off them name the candidate by id only; the values of fields that hold personal
data or free text about the person (name, email, links, notes, rationales, reasons) are
replaced by ``WITHHELD``. The record itself keeps those values until erasure blanks it.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from hiring.extensions import db
from hiring.models import AuditEvent, User

_SECRET_WORDS = ("password", "secret", "token", "hash", "csrf")


# Object types whose events describe a candidate, and the keys whose values describe them.
CANDIDATE_OBJECT_TYPES = frozenset({"candidate", "committeedecision", "interview",
                                    "scorecard", "packet", "stagemove"})
PERSONAL_KEYS = frozenset({"name", "email", "source", "links", "notes", "note", "rationale",
                           "reason", "override_justification", "evidence", "summary"})
WITHHELD = "(withheld: personal data)"


def _clean(data: dict[str, Any] | None, personal: bool = False) -> dict[str, Any] | None:
    if data is None:
        return None
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if any(word in key.lower() for word in _SECRET_WORDS):
            continue
        if isinstance(value, dict):
            cleaned[key] = _clean(value, personal)
        elif personal and key in PERSONAL_KEYS and value not in ("", None, []):
            cleaned[key] = WITHHELD
        else:
            cleaned[key] = value
    return cleaned


def client_address() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def record(action: str, obj: Any = None, *, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None, actor: User | None = None,
           actor_label: str | None = None, object_type: str | None = None,
           object_id: Any = None) -> AuditEvent:
    """Append one event; the caller's transaction commits it with the change it describes.

    Secrets are dropped, and a candidate's personal data is withheld (see the module).
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()  # type: ignore[attr-defined]
    object_type = object_type or (type(obj).__name__.lower() if obj is not None else "")
    personal = object_type in CANDIDATE_OBJECT_TYPES
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor_label if actor_label is not None else (actor.email if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id if object_id is not None else getattr(obj, "id", "") or ""),
        before=_clean(before, personal),
        after=_clean(after, personal),
        ip=client_address(),
    )
    db.session.add(event)
    return event


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """Only the fields that changed, for a readable before/after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}

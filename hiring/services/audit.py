"""Writing the audit trail. Secrets never reach it: keys that look secret are dropped."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from hiring.extensions import db
from hiring.models import AuditEvent, User

_SECRET_WORDS = ("password", "secret", "token", "hash", "csrf")


def _clean(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {k: _clean(v) if isinstance(v, dict) else v for k, v in data.items()
            if not any(word in k.lower() for word in _SECRET_WORDS)}


def client_address() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def record(action: str, obj: Any = None, *, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None, actor: User | None = None,
           actor_label: str | None = None, object_type: str | None = None,
           object_id: Any = None) -> AuditEvent:
    """Append one event; the caller's transaction commits it with the change it describes."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()  # type: ignore[attr-defined]
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor_label if actor_label is not None else (actor.email if actor else ""),
        action=action,
        object_type=object_type or (type(obj).__name__.lower() if obj is not None else ""),
        object_id=str(object_id if object_id is not None else getattr(obj, "id", "") or ""),
        before=_clean(before),
        after=_clean(after),
        ip=client_address(),
    )
    db.session.add(event)
    return event


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """Only the fields that changed, for a readable before/after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}

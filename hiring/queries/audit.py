"""Reading the audit trail: filters for the admin browser and a readable before/after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Select, func, select

from hiring.extensions import db
from hiring.models import AuditEvent
from hiring.queries.sorting import Sort, SortColumn, SortOptions, bytewise

# The trail sorts by time (newest first unless asked) or by the actor's email.
AUDIT_SORTS = SortOptions(
    columns={"time": SortColumn(AuditEvent.at, starts_descending=True),
             "actor": SortColumn(bytewise(AuditEvent.actor_label))},
    default=Sort("time", descending=True), tiebreak=AuditEvent.id)


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive: the whole day counts


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def audit_events(filters: AuditFilter, sort: Sort | None = None) -> Select[tuple[AuditEvent]]:
    """Events matching every given filter (dates are UTC days), in ``sort``'s order: newest
    first by default."""
    query = select(AuditEvent).order_by(*AUDIT_SORTS.order_by(sort or AUDIT_SORTS.default))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor:
        query = query.where(func.lower(AuditEvent.actor_label).contains(
            filters.actor.strip().lower(), autoescape=True))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id.strip())
    if filters.date_from:
        query = query.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to and filters.date_to < dt.date.max:  # the last day has no "next day"
        query = query.where(AuditEvent.at < _start_of(filters.date_to + dt.timedelta(days=1)))
    return query


def audit_rows(filters: AuditFilter, sort: Sort | None = None) -> Select[Any]:
    """``audit_events`` as the trail lists it: the columns it shows, not entities."""
    return audit_events(filters, sort).with_only_columns(
        AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, AuditEvent.actor_label,
        AuditEvent.action,
        AuditEvent.object_type, AuditEvent.object_id, AuditEvent.before, AuditEvent.after,
        AuditEvent.ip)


def distinct_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct()
                                   .order_by(AuditEvent.action)))


def distinct_object_types() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.object_type).distinct()
                                   .where(AuditEvent.object_type != "")
                                   .order_by(AuditEvent.object_type)))


@dataclass(frozen=True)
class Change:
    """One key of an event's before/after, as text: kind is changed, added, removed or set."""

    key: str
    before: str
    after: str
    kind: str


def show_value(value: Any) -> str:
    """A JSON value as a person reads it: lists joined, booleans as yes/no, nothing as '—'."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


class Recorded(Protocol):
    """An audit event or a row of ``audit_rows``: what ``changes_of`` reads."""

    @property
    def before(self) -> dict[str, Any] | None: ...
    @property
    def after(self) -> dict[str, Any] | None: ...


def changes_of(event: Recorded) -> list[Change]:
    """Every key of before and after in a stable order, each with how it changed."""
    before, after = event.before or {}, event.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        if key in before and key in after:
            kind = "changed"
        elif key in after:
            kind = "set" if not before else "added"
        else:
            kind = "removed"
        rows.append(Change(key=key.replace("_", " "), before=show_value(before.get(key)),
                           after=show_value(after.get(key)), kind=kind))
    return rows


def changes_to_user(user_id: int, limit: int = 8) -> list[AuditEvent]:
    """The latest changes made to this account (logins and failed logins left out)."""
    query = audit_events(AuditFilter(object_type="user", object_id=str(user_id)))
    return list(db.session.scalars(query.where(AuditEvent.action.not_like("auth.%"))
                                   .limit(limit)))


def last_login(user_id: int) -> dt.datetime | None:
    return db.session.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.action == "auth.login", AuditEvent.object_type == "user",
        AuditEvent.object_id == str(user_id)))

"""Small helpers the recruiter's views share: the current user, local times, choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_login import current_user
from wtforms import SelectChoice

from hiring.domain.pipeline import pipeline
from hiring.domain.rubric import Rubric
from hiring.models import User


def me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")


def local_to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime-local input (wall time in the app's time zone) as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone()).astimezone(dt.UTC)


def utc_to_local(value: dt.datetime) -> dt.datetime:
    """The naive wall time a datetime-local input shows for a stored UTC datetime."""
    return value.astimezone(timezone()).replace(tzinfo=None, second=0, microsecond=0)


def page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def page_size() -> int:
    return int(current_app.config.get("PAGE_SIZE") or 50)


def person_label(user: User) -> str:
    return f"{user.name} ({user.email})" + ("" if user.active else " · inactive")


def people_choices(users: Iterable[User]) -> list[SelectChoice]:
    unique = {u.id: u for u in users}
    return [SelectChoice(u.id, person_label(u))  # type: ignore[arg-type]
            for u in sorted(unique.values(), key=lambda u: u.name)]


def stage_choices(rubric: Rubric, *, exclude: str = "",
                  offer_note: bool = False) -> list[SelectChoice]:
    """Pipeline stages as select options; Offer says who decides it when asked to."""
    choices = []
    for stage in pipeline(rubric):
        if stage.id == exclude:
            continue
        label = stage.label
        if stage.id == "offer" and offer_note:
            label += " (after a committee offer decision)"
        choices.append(SelectChoice(stage.id, label))
    return choices


def interview_stage_choices(rubric: Rubric) -> list[SelectChoice]:
    return [SelectChoice(s.id, f"{s.name} · {s.minutes} min") for s in rubric.stages]

"""Small helpers the recruiter's views share: the current user, local times, choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from flask import current_app
from flask_login import current_user
from wtforms import SelectChoice

from hiring.domain.pipeline import move_targets
from hiring.domain.rubric import Rubric
from hiring.models import User


def me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def timezone() -> ZoneInfo:
    """The app's time zone: form input is read in it, and pages name it next to time fields."""
    return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")


def local_to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime-local input (wall time in the app's time zone) as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone()).astimezone(dt.UTC)


def utc_to_local(value: dt.datetime) -> dt.datetime:
    """The naive wall time a datetime-local input shows for a stored UTC datetime."""
    return value.astimezone(timezone()).replace(tzinfo=None, second=0, microsecond=0)


def person_label(user: User) -> str:
    return f"{user.name} ({user.email})" + ("" if user.active else " · inactive")


def people_choices(users: Iterable[User]) -> list[SelectChoice]:
    unique = {u.id: u for u in users}
    return [SelectChoice(u.id, person_label(u))  # type: ignore[arg-type]
            for u in sorted(unique.values(), key=lambda u: u.name)]


def move_choices(rubric: Rubric, current: str, has_standing_offer: bool) -> list[SelectChoice]:
    """The stages a candidate may move to: the select never offers a move that is refused."""
    return [SelectChoice(s.id, s.label)
            for s in move_targets(rubric, current, has_standing_offer)]


def interview_stage_choices(rubric: Rubric) -> list[SelectChoice]:
    """Interview stages in round order; a stage of a several-interview round names its round."""
    choices = []
    for found in rubric.rounds:
        prefix = f"{found.name}: " if len(found.interviews) > 1 else ""
        choices.extend(SelectChoice(s.id, f"{prefix}{s.name} · {s.minutes} min")
                       for s in rubric.round_stages(found.id))
    return choices

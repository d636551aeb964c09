"""Template filters and globals: times, scores, stage names, permission predicates."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_wtf import FlaskForm

from hiring import permissions
from hiring.database import utcnow
from hiring.domain import pipeline
from hiring.domain.scoring import exact, show


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(ZoneInfo(current_app.config.get("TIMEZONE") or "UTC"))


def format_datetime(value: dt.datetime | None, fmt: str = "%a %d %b %Y, %H:%M") -> str:
    if value is None:
        return ""
    shown = local(value)
    return f"{shown.strftime(fmt)} {shown.tzname()}"


def format_date(value: dt.datetime | None) -> str:
    return local(value).strftime("%d %b %Y") if value else ""


def duration(delta: dt.timedelta) -> str:
    """A rough, readable span: '3 days', '5 hours', '12 minutes'."""
    seconds = int(abs(delta.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "under a minute"


def since(value: dt.datetime | None) -> str:
    return duration(utcnow() - value) if value else ""


def score(value: Fraction | int | None) -> str:
    return "\N{EN DASH}" if value is None else show(value)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        datetime=format_datetime, date=format_date, since=since, duration=duration,
        score=score, exact=exact)
    app.jinja_env.globals.update(
        can=permissions, pipeline=pipeline, now=utcnow, EmptyForm=FlaskForm)
    app.context_processor(_navigation)


def _navigation() -> dict[str, Any]:
    """``nav_count(name)`` for the navigation template: a callable, so that only a page that
    shows the count's item pays its query (the PDF packet and error pages never do)."""
    return {"nav_count": _nav_count}


def _nav_count(name: str) -> int | None:
    from flask_login import current_user

    from hiring.queries.navigation import nav_count

    return nav_count(current_user, name) if current_user.is_authenticated else None

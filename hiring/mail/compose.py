"""Composing messages from templates/mail/: ``<name>.txt`` and ``<name>.html`` per message.

The templates are rendered from the app's Jinja environment directly, without the page
context processors (there may be no request: ``hiring remind`` runs from cron). The HTML
templates autoescape like every page; the text ones are plain text and never reach a
browser. Links are absolute, built on ``BASE_URL``, because a mail is read far from the app.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from hiring.mail.outbox import Letter


def absolute_url(endpoint: str, **values: Any) -> str:
    """The page's address under ``BASE_URL`` (which may carry a path prefix)."""
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path


def mail_domain() -> str:
    """The host name of ``BASE_URL``: the right-hand side of calendar UIDs and Message-IDs."""
    return urlsplit(str(current_app.config["BASE_URL"])).hostname or "localhost"


def compose(name: str, subject: str, calendar: str = "", calendar_method: str = "",
            **context: Any) -> Letter:
    """A Letter from ``mail/<name>.txt`` and ``mail/<name>.html`` rendered with ``context``."""
    env = current_app.jinja_env
    context = {"subject": subject, **context}
    text = env.get_template(f"mail/{name}.txt").render(**context)
    html = env.get_template(f"mail/{name}.html").render(**context)
    return Letter(subject=" ".join(subject.split()), text=text, html=html, calendar=calendar,
                  calendar_method=calendar_method)

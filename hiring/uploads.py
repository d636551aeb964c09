"""Request bodies stay small everywhere except on the routes that take a file.

``MAX_CONTENT_LENGTH`` (2 MiB) bounds every request, forms and the JSON API alike. A route
that takes a file declares it with ``@accepts_upload("DOCUMENT_MAX_BYTES")``: its requests
may carry that setting's bytes plus ``ENVELOPE`` (the multipart framing, the CSRF token).
The limit has to be known before any view runs, because CSRF protection reads the form in
a ``before_request`` hook; ``UploadRequest`` looks it up from the matched route. A body
within the limit but a file over the setting is the service's clear field error; a body
past the limit is a 413 whose page the route's blueprint words (Werkzeug answers it from
the Content-Length header, before reading the body).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request, current_app

F = TypeVar("F", bound=Callable[..., Any])
UPLOAD_ATTRIBUTE = "upload_limit_setting"
ENVELOPE = 64 * 1024


def accepts_upload(setting: str) -> Callable[[F], F]:
    """Let this route's requests carry a file of up to ``app.config[setting]`` bytes."""

    def decorator(view: F) -> F:
        setattr(view, UPLOAD_ATTRIBUTE, setting)
        return view

    return decorator


def upload_limit(endpoint: str | None) -> int | None:
    """The body limit of an upload route (None for every other route)."""
    view = current_app.view_functions.get(endpoint or "")
    setting = getattr(view, UPLOAD_ATTRIBUTE, None)
    return int(current_app.config[setting]) + ENVELOPE if setting else None


class UploadRequest(Request):
    """Flask's request, with the larger body limit on routes declared by ``accepts_upload``."""

    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        if self._max_content_length is None and current_app and self.url_rule is not None:
            limit = upload_limit(self.url_rule.endpoint)
            if limit is not None:
                return limit
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

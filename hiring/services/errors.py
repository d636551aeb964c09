"""Errors raised by services, mapped by views onto form fields or a flash message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ServiceError(Exception):
    """A rule of the product refused the action; the message is meant for the user."""


class ValidationFailed(ServiceError):
    """Field-level problems: ``{field name: [messages]}``; "" holds form-wide messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


class StaleEdit(ServiceError):
    """Someone saved the same object since this form was loaded; nothing was overwritten."""

"""Mapping service errors back onto the form the user typed into."""

from __future__ import annotations

from flask_wtf import FlaskForm

from hiring.services.errors import ServiceError, ValidationFailed


def apply_errors(form: FlaskForm, error: ServiceError) -> None:
    """Put each message next to its field; messages for unknown fields go on top of the form."""
    if not isinstance(error, ValidationFailed):
        form.form_errors.append(str(error))
        return
    for name, messages in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]  # type: ignore[assignment]

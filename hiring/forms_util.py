"""Shared form pieces: service errors mapped back onto fields, a checkbox-list field, the
valid filters of a GET form, ids that fit an id column."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.bad_input import MAX_ID
from hiring.services.errors import ServiceError, ValidationFailed


def record_id(value: object) -> int:
    """``coerce=`` for a choice that names a row by its id: a whole number that fits an id
    column, else ValueError, which WTForms shows as the field's error. (A number past 64
    bits reached the service and was a 500 on SQLite when it loaded the row.)"""
    number = int(value)  # type: ignore[call-overload]
    if abs(number) > MAX_ID:
        raise ValueError(f"{value!r} is not an id")
    return number


class CheckboxListField(SelectMultipleField):
    """Several choices shown as a list of checkboxes (easier to use than a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


def valid_filters(form: Form) -> dict[str, Any]:
    """The filters of a validated GET form that passed, without the empty ones.

    What a list applies and what its paging links carry: a field with an error is shown
    with its message and ignored; text is stripped; only the form's own fields come back.
    """
    found = {}
    for name, field in form._fields.items():
        value = field.data.strip() if isinstance(field.data, str) else field.data
        if not field.errors and value not in (None, "", []):
            found[name] = value
    return found

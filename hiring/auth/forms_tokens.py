"""The form that creates a personal access token for the API."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange

from hiring.services.api_tokens import DEFAULT_DAYS, MAX_DAYS, MAX_NAME


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=MAX_NAME)],
                       description="What will use it: a script, a report, a service.")
    expires_days = IntegerField("Expires after (days)", default=DEFAULT_DAYS,
                                validators=[DataRequired(), NumberRange(1, MAX_DAYS)])
    submit = SubmitField("Create token")

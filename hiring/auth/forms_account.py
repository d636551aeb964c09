"""Forms of the account pages and the login's second step: shape only; services decide."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from hiring.services.passwords import MIN_PASSWORD_LENGTH

NEW_PASSWORD_HINT = (f"At least {MIN_PASSWORD_LENGTH} characters, not built from your name or "
                     "email. A few unrelated words are easy to type and hard to guess.")


def _code_field(label: str, description: str = "") -> StringField:
    return StringField(label, validators=[DataRequired(), Length(max=32)],
                       description=description,
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text",
                                  "autocapitalize": "off", "spellcheck": "false"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password",
                                     validators=[DataRequired(), Length(max=1024)],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)],
                             description=NEW_PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(),
                                        EqualTo("password", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Change my password")


class LoginCodeForm(FlaskForm):
    code = _code_field("Code", "The six digits your authenticator app shows, or one of your "
                               "recovery codes.")
    submit = SubmitField("Verify")


class ConfirmTotpForm(FlaskForm):
    code = _code_field("Code from the app", "Type the six digits the app shows now.")
    submit = SubmitField("Turn on two-step verification")


class DisableTotpForm(FlaskForm):
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    code = _code_field("Code", "From your authenticator app, or a recovery code.")
    submit = SubmitField("Turn off two-step verification")


class RecoveryCodesForm(FlaskForm):
    # Not "code": the turn-off form beside it on the same page has that field id.
    current_code = _code_field("Code from your authenticator app")
    submit = SubmitField("Make new recovery codes")

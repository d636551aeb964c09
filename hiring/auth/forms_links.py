"""Forms of the one-time links: asking for a reset by email, choosing a password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from hiring.auth.forms import email_address
from hiring.services.passwords import MIN_PASSWORD_LENGTH


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), email_address, Length(max=254)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    submit = SubmitField("Send me a link")


class LinkPasswordForm(FlaskForm):
    """The policy (length, zxcvbn, not from the name or email) is checked by the service,
    which knows the account."""

    password = PasswordField(
        "New password", validators=[DataRequired(), Length(max=1024)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; a few unrelated words are "
                    "easy to type and hard to guess.",
        render_kw={"autocomplete": "new-password", "autofocus": True})
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(),
                                        EqualTo("password", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Set password")

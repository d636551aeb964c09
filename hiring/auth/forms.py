from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from hiring.services.users import email_problem


def email_address(_form: FlaskForm, field: EmailField) -> None:
    """The house rule (services/users.py), not email_validator's: it refuses .local/.test."""
    if problem := email_problem(field.data or ""):
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), email_address, Length(max=254)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Log in")

"""Forms of the administrator's pages: they check the shape; services/users.py the rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Form,
    PasswordField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from hiring.auth.forms import email_address
from hiring.forms_util import CheckboxListField
from hiring.models.user import ROLE_LABELS, ROLES
from hiring.services.passwords import MIN_PASSWORD_LENGTH
from hiring.services.users import check_password_strength

ROLE_HINTS = {
    "admin": "Manages accounts and reads the audit trail.",
    "recruiter": "Opens requisitions, moves candidates, assigns interviewers.",
    "interviewer": "Fills in scorecards for the interviews assigned to them.",
    "committee": "Reads packets and decides for the requisitions whose committee they sit on.",
}
PASSWORD_HINT = (f"At least {MIN_PASSWORD_LENGTH} characters; a few unrelated words are easy "
                 "to type and hard to guess. Give it to the person over a separate channel.")


def _role_field() -> CheckboxListField:
    return CheckboxListField("Roles", choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
                             description="Pick every role this person works in; none is "
                                         "allowed.")


def _strong_password(form: FlaskForm, field: PasswordField) -> None:
    # The new-user form knows the email and name; a reset is checked against the account's
    # by the service.
    email = getattr(getattr(form, "email", None), "data", None) or ""
    name = getattr(getattr(form, "name", None), "data", None) or ""
    if problems := check_password_strength(field.data or "", email=email, name=name):
        raise ValidationError(" ".join(problems))


def _password_fields(label: str) -> tuple[PasswordField, PasswordField]:
    password = PasswordField(label, validators=[DataRequired(), Length(max=1024),
                                                _strong_password],
                             description=PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(),
                                        EqualTo("password", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    return password, confirm


class UserProfileForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "off"})
    email = EmailField("Email", validators=[DataRequired(), email_address, Length(max=254)],
                       render_kw={"autocomplete": "off"})
    roles = _role_field()


class NewUserForm(UserProfileForm):
    """Without a password the account gets an invitation link to choose one (the better
    way: nobody but its owner ever knows the password)."""

    password = PasswordField(
        "Initial password (optional)",
        validators=[Optional(), Length(max=1024), _strong_password],
        description="Leave both empty and the person gets a one-time link to choose their "
                    "own password (recommended).",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password",
                            validators=[EqualTo("password", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class SetPasswordForm(FlaskForm):
    password, confirm = _password_fields("New password")


STATES = [SelectChoice("", "Any state"), SelectChoice("active", "Active"),
          SelectChoice("inactive", "Inactive")]


def choices(any_label: str, values: list[str], labels: dict[str, str] | None = None,
            ) -> list[SelectChoice]:
    """A filter's options: "any" first (the empty value), then each value."""
    labels = labels or {}
    return [SelectChoice("", any_label), *(SelectChoice(v, labels.get(v, v)) for v in values)]


class UserFilterForm(Form):
    """The filters of the users list: a GET form, no CSRF token (it changes nothing)."""

    q = SearchField("Search", validators=[Optional(), Length(max=120)],
                    render_kw={"placeholder": "Name or email"})
    role = SelectField("Role", choices=choices("Any role", list(ROLES), ROLE_LABELS), default="")
    state = SelectField("State", choices=STATES, default="")


class AuditFilterForm(Form):
    """The filters of the audit trail; choices of action and type come from the data."""

    action = SelectField("Action", choices=choices("Any action", []), default="")
    actor = SearchField("Actor", validators=[Optional(), Length(max=254)],
                        render_kw={"placeholder": "Email contains"})
    object_type = SelectField("Object type", choices=choices("Any type", []), default="")
    object_id = StringField("Object id", validators=[Optional(), Length(max=64)])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

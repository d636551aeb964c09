"""The recruiter's forms. They check the shape of input; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from hiring.bad_input import MAX_ID
from hiring.database import utcnow
from hiring.forms_util import CheckboxListField, record_id
from hiring.models.requisition import VISIBILITY_LABELS, VISIBILITY_POLICIES
from hiring.recruiter.common import local_to_utc
from hiring.services.candidates import LIMITS, MAX_NOTE
from hiring.services.interviews import MAX_MINUTES, MAX_REASON, schedule_problem
from hiring.services.requisitions import MAX_DESCRIPTION, MAX_TEAM, MAX_TITLE

NO_ONE = 0  # the "no hiring manager" choice
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # datetime-local, with or without seconds


class _RequisitionFields(FlaskForm):
    title = StringField("Title", validators=[DataRequired(message="Enter a title."),
                                            Length(max=MAX_TITLE)],
                        render_kw={"autocomplete": "off"})
    team = StringField("Team", validators=[Optional(), Length(max=MAX_TEAM)])
    description = TextAreaField("Description",
                                validators=[Optional(), Length(max=MAX_DESCRIPTION)],
                                description="What the role is about; shown to the panel.")
    recruiters = CheckboxListField("Recruiters", coerce=record_id, validate_choice=False)
    hiring_manager = SelectField("Hiring manager", coerce=record_id, default=NO_ONE,
                                 validate_choice=False)
    committee = CheckboxListField("Hiring committee", coerce=record_id, validate_choice=False)
    visibility = RadioField(
        "Interviewers see colleagues' scorecards", default="after_submit",
        choices=[SelectChoice(p, VISIBILITY_LABELS[p]) for p in VISIBILITY_POLICIES],
        validators=[InputRequired(message="Choose when interviewers see each other's "
                                          "scorecards.")])


class RequisitionCreateForm(_RequisitionFields):
    rubric = SelectField("Rubric", coerce=record_id, validate_choice=False,
                         validators=[InputRequired(message="Choose a rubric.")],
                         description="The requisition is pinned to the rubric's current version.")
    submit = SubmitField("Open requisition")


class RequisitionEditForm(_RequisitionFields):
    # Choices: the rubric's interview stages (hiring.services.calibration checks them).
    calibrated_stages = CheckboxListField("Calibrated interviewers wanted for",
                                          validate_choice=False)
    submit = SubmitField("Save changes")


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])


class RubricVersionForm(FlaskForm):
    rubric_version_id = IntegerField(widget=HiddenInput(),
                                     validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])


class CandidateForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Enter the candidate's name."),
                                          Length(max=LIMITS["name"])],
                       render_kw={"autocomplete": "off"})
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=LIMITS["email"])],
                       render_kw={"autocomplete": "off"})
    source = StringField("Source", validators=[Optional(), Length(max=LIMITS["source"])],
                         description="Referral, job board, agency, event...")
    links = TextAreaField("Links", validators=[Optional(), Length(max=LIMITS["links"])],
                          description="One http(s) address per line: profile, portfolio, "
                                      "code.")
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=LIMITS["notes"])])
    submit = SubmitField("Save candidate")


class MoveForm(FlaskForm):
    # Own ids: the candidate page also holds the assignment form, which has a "stage" too.
    stage = SelectField("Move to", id="move-stage", validate_choice=False,
                        validators=[InputRequired(message="Choose a stage.")],
                        description="Offer is listed once the committee has recorded an "
                                    "offer decision; Hired follows Offer.")
    note = TextAreaField("Note", id="move-note", validators=[Optional(), Length(max=MAX_NOTE)],
                         description="Optional: why, for the history.",
                         render_kw={"rows": 2})
    confirm = BooleanField("Move past interviews that have no submitted scorecard",
                           id="move-confirm")
    submit = SubmitField("Move candidate", id="move-submit")


class _InterviewTime(FlaskForm):
    interviewer = SelectField("Interviewer", coerce=record_id, validate_choice=False,
                              validators=[InputRequired(message="Choose an interviewer.")])
    scheduled_at = DateTimeLocalField(
        "Date and time", format=TIME_FORMATS,
        validators=[InputRequired(message="Enter the date and time of the interview.")])
    duration = IntegerField("Duration (minutes)",
                            validators=[Optional(), NumberRange(min=1, max=MAX_MINUTES)])
    # The interview's current time (reassigning): kept as it is, it is never refused.
    unchanged: dt.datetime | None = None

    def validate_scheduled_at(self, field: DateTimeLocalField) -> None:
        """The service's schedule window, checked before the view converts time zones: a
        wall time in year 1 or 9999 has no UTC equivalent (OverflowError, a 500)."""
        if field.data is None:
            return
        try:
            when: dt.datetime | None = local_to_utc(field.data)
        except OverflowError:
            when = None
        if problem := schedule_problem(when, utcnow(), self.unchanged):
            raise ValidationError(problem)


class AssignForm(_InterviewTime):
    stage = SelectField("Stage", validate_choice=False,
                        validators=[InputRequired(message="Choose a stage.")])
    submit = SubmitField("Assign interviewer")


class ReassignForm(_InterviewTime):
    duration = IntegerField("Duration (minutes)",
                            validators=[InputRequired(message="Enter a duration."),
                                        NumberRange(min=1, max=MAX_MINUTES)])
    submit = SubmitField("Save")


class CancelForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(message="Say why."),
                                                 Length(max=MAX_REASON)],
                           render_kw={"rows": 3})
    submit = SubmitField("Cancel interview")


class LoopSlotForm(Form):
    """One interview of a round's loop; a sub-form, so the loop form's CSRF token covers it."""

    stage = HiddenField()
    interviewer = SelectField("Interviewer", coerce=record_id, validate_choice=False,
                              validators=[InputRequired(message="Choose an interviewer."),
                                          NumberRange(min=1, message="Choose an interviewer.")])
    scheduled_at = DateTimeLocalField("Starts at", format=TIME_FORMATS, validators=[Optional()])
    duration = IntegerField("Minutes", validators=[Optional(), NumberRange(min=1,
                                                                           max=MAX_MINUTES)])


class LoopForm(FlaskForm):
    start = DateTimeLocalField("The loop starts at", format=TIME_FORMATS,
                               validators=[Optional()],
                               description="Interviews without a time of their own follow "
                                           "each other from here, back to back.")
    slots = FieldList(FormField(LoopSlotForm))
    submit = SubmitField("Schedule the round")

    def validate(self, extra_validators: Any = None) -> bool:
        """A missing start is reported with the slots' own problems, not after them (the
        service checks it too). Not a ``validate_start``: Optional() ends an empty field's
        validation before it would run."""
        valid = super().validate(extra_validators)
        if (self.start.data is None and not self.start.errors
                and any(e.form.scheduled_at.data is None  # type: ignore[attr-defined]
                        for e in self.slots)):
            self.start.errors = [*self.start.errors,
                                 "Enter when the loop starts, or a time for every interview."]
            valid = False
        return valid


class BulkForm(FlaskForm):
    """The candidate list's bulk actions (move, reject, export): the selected candidates'
    ids and what each action needs; the services check the rules."""

    candidate = SelectMultipleField("Selected candidates", id="bulk-selection",
                                    coerce=record_id, validate_choice=False)
    stage = SelectField("Move to", id="bulk-stage", validate_choice=False)
    confirm = BooleanField("Move past interviews that have no submitted scorecard",
                           id="bulk-confirm")
    reason = StringField("Reason", id="bulk-reason",
                         validators=[Optional(), Length(max=MAX_NOTE)],
                         render_kw={"autocomplete": "off",
                                    "placeholder": "Why, for each candidate's history"})

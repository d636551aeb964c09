"""The recruiter's forms. They check the shape of input; the services check the rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    EmailField,
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
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.models.requisition import VISIBILITY_POLICIES
from hiring.services.interviews import MAX_MINUTES
from hiring.services.requisitions import VISIBILITY_LABELS

NO_ONE = 0  # the "no hiring manager" choice


class CheckboxListField(SelectMultipleField):
    """Several choices shown as a list of checkboxes (easier than a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _RequisitionFields(FlaskForm):
    title = StringField("Title", validators=[DataRequired(message="Enter a title."),
                                            Length(max=200)],
                        render_kw={"autocomplete": "off"})
    team = StringField("Team", validators=[Optional(), Length(max=120)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=20000)],
                                description="What the role is about; shown to the panel.")
    recruiters = CheckboxListField("Recruiters", coerce=int, validate_choice=False)
    hiring_manager = SelectField("Hiring manager", coerce=int, default=NO_ONE,
                                 validate_choice=False)
    committee = CheckboxListField("Hiring committee", coerce=int, validate_choice=False)
    visibility = RadioField(
        "Interviewers read colleagues' scorecards", default="after_submit",
        choices=[SelectChoice(p, VISIBILITY_LABELS[p]) for p in VISIBILITY_POLICIES],
        validators=[InputRequired(message="Choose when interviewers see each other's "
                                          "scorecards.")])


class RequisitionCreateForm(_RequisitionFields):
    rubric = SelectField("Rubric", coerce=int, validate_choice=False,
                         validators=[InputRequired(message="Choose a rubric.")],
                         description="The requisition is pinned to the rubric's current version.")
    submit = SubmitField("Open requisition")


class RequisitionEditForm(_RequisitionFields):
    submit = SubmitField("Save changes")


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])


class RubricVersionForm(FlaskForm):
    rubric_version_id = HiddenField(validators=[DataRequired()])


class CandidateForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Enter the candidate's name."),
                                          Length(max=200)],
                       render_kw={"autocomplete": "off"})
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    source = StringField("Source", validators=[Optional(), Length(max=120)],
                         description="Referral, job board, agency, event...")
    links = TextAreaField("Links", validators=[Optional(), Length(max=10000)],
                          description="One http(s) address per line: profile, portfolio, "
                                      "code.")
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20000)])
    submit = SubmitField("Save candidate")


class MoveForm(FlaskForm):
    # Own ids: the candidate page also holds the assignment form, which has a "stage" too.
    stage = SelectField("Move to", id="move-stage", validate_choice=False,
                        validators=[InputRequired(message="Choose a stage.")])
    note = TextAreaField("Note", id="move-note", validators=[Optional(), Length(max=2000)],
                         description="Optional: why, for the history.",
                         render_kw={"rows": 2})
    submit = SubmitField("Move candidate", id="move-submit")


class _InterviewTime(FlaskForm):
    interviewer = SelectField("Interviewer", coerce=int, validate_choice=False,
                              validators=[InputRequired(message="Choose an interviewer.")])
    scheduled_at = DateTimeLocalField(
        "Date and time", format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[InputRequired(message="Enter the date and time of the interview.")])
    duration = IntegerField("Duration (minutes)",
                            validators=[Optional(), NumberRange(min=1, max=MAX_MINUTES)])


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
                                                 Length(max=2000)],
                           render_kw={"rows": 3})
    submit = SubmitField("Cancel interview")

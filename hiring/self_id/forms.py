"""The public self-identification form: two questions, each with "decline to answer"."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from hiring.models.self_identification import GENDERS, RACES_ETHNICITIES


class SelfIdentificationForm(FlaskForm):
    gender = RadioField(
        "Gender", choices=[SelectChoice(v, label) for v, label in GENDERS],
        validators=[InputRequired("Choose how you describe your gender, or “Decline to "
                                  "answer”.")])
    race_ethnicity = RadioField(
        "Race / ethnicity", choices=[SelectChoice(v, label) for v, label in RACES_ETHNICITIES],
        validators=[InputRequired("Choose your race or ethnicity, or “Decline to answer”.")])

"""The committee's decision form: it checks the shape; services/decisions.py the rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from hiring.models.decision import DECISION_LABELS, DECISIONS
from hiring.services.decisions import MAX_TEXT


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Decision", choices=[SelectChoice(d, DECISION_LABELS[d]) for d in DECISIONS],
        validators=[InputRequired("Choose offer, no offer or hold.")])
    rationale = TextAreaField(
        "Rationale", validators=[DataRequired("Write the committee's rationale."),
                                 Length(max=MAX_TEXT)],
        description="Why the committee decides this, in a few sentences; it goes on record.")
    override_justification = TextAreaField(
        "Override justification", validators=[Length(max=MAX_TEXT)])
    # The recommendation the person read; the service refuses if it changed meanwhile. It is
    # required, so that a form without it cannot skip that check.
    seen_outcome = HiddenField(validators=[InputRequired(
        "The page was incomplete: read the engine's recommendation again, then record "
        "the decision.")])

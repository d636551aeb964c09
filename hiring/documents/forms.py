"""The upload form: one file and the CSRF token. The file's shape is checked here (one was
chosen); what it is (a readable PDF within the limit) is the service's check."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from hiring.domain.documents import show_size


class DocumentForm(FlaskForm):
    file = FileField("Résumé or other document",
                     validators=[FileRequired("Choose a PDF file to attach.")],
                     render_kw={"accept": "application/pdf,.pdf"})
    submit = SubmitField("Attach")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = show_size(current_app.config["DOCUMENT_MAX_BYTES"])
        self.file.description = (f"A PDF of at most {limit}. Interviewers of the candidate "
                                 "read it in their interview kit.")

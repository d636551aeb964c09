"""The Rubrics area: every rubric as people read it, its stored versions, and what changed
between any two of them. Read-only: rubrics stay config files, reviewed like code, and
reach the app only through ``hiring rubric sync``."""

from typing import Any

from flask import Blueprint

bp = Blueprint("rubrics", __name__, url_prefix="/rubrics")

from hiring.rubrics_area import views  # noqa: E402, F401


@bp.app_template_global("rubric_version_note")
def _rubric_version_note(rubric_key: str, pinned_version: str) -> Any:
    """For the debrief: what the current version of its rubric changed, or None."""
    from hiring.queries.rubrics import version_note

    return version_note(rubric_key, pinned_version)


@bp.app_template_filter("rubric_number")
def _rubric_number(value: Any) -> str:
    """A weight, bar or floor as its author wrote it (exact: ``3.5``, ``100/3``)."""
    from hiring.domain.rubric_words import number

    return number(value)

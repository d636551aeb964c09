"""The Rubrics pages: the index, one version of a rubric, and the diff of two versions.

Versions are named in addresses by their content hash (the first 12 hex digits suffice),
as the debrief and the requisition pages print them.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from hiring.domain.rubric_diff import diff_rubrics
from hiring.domain.rubric_words import policy_notes, policy_rules
from hiring.models import User
from hiring.permissions import RUBRIC_ROLES, can_view_rubrics, require, role_required
from hiring.queries.rubrics import VersionRow, find_version, history, rubric_index
from hiring.rubrics_area import bp


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def _history(rubric_key: str) -> list[VersionRow]:
    require(can_view_rubrics(_me()))
    rows = history(_me(), rubric_key)
    if not rows:
        abort(404)
    return rows


@bp.route("")
@role_required(*RUBRIC_ROLES)
def index() -> str:
    return render_template("rubrics/index.html", rows=rubric_index(_me()))


def _version_page(rows: list[VersionRow], shown: VersionRow) -> str:
    rubric = shown.version.rubric
    return render_template("rubrics/rubric.html", rows=rows, shown=shown, rubric=rubric,
                           current=rows[-1], rules=policy_rules(rubric),
                           notes=policy_notes(rubric))


@bp.route("/<rubric_key>")
@role_required(*RUBRIC_ROLES)
def rubric(rubric_key: str) -> str:
    rows = _history(rubric_key)
    return _version_page(rows, rows[-1])


@bp.route("/<rubric_key>/versions/<ref>")
@role_required(*RUBRIC_ROLES)
def version(rubric_key: str, ref: str) -> str:
    rows = _history(rubric_key)
    shown = find_version(rows, ref)
    if shown is None:
        abort(404)
    return _version_page(rows, shown)


@bp.route("/<rubric_key>/diff")
@role_required(*RUBRIC_ROLES)
def diff(rubric_key: str) -> str | tuple[str, int]:
    """``?from=&to=`` name two versions (older first reads best; either order works);
    without them, the previous version against the current one."""
    rows = _history(rubric_key)
    older_ref, newer_ref = request.args.get("from"), request.args.get("to")
    if older_ref is None and newer_ref is None:
        if len(rows) < 2:
            return _diff_page(rows, None, None, notice="This rubric has one stored version "
                                                       "so far: there is nothing to compare.")
        return _diff_page(rows, rows[-2], rows[-1])
    older, newer = find_version(rows, older_ref or ""), find_version(rows, newer_ref or "")
    problems = [_refusal(side, ref) for side, ref, found in
                (("older", older_ref, older), ("newer", newer_ref, newer)) if found is None]
    if not problems and older is newer:
        problems.append("choose two different versions")
    if problems:
        error = "Nothing to compare: " + "; ".join(problems) + ". Pick two versions below."
        return _diff_page(rows, older, newer, error=error), 400
    return _diff_page(rows, older, newer)


def _refusal(side: str, ref: str | None) -> str:
    """Why one side of the comparison names nothing, quoting (a bounded part of) the input."""
    if not ref:
        return f"choose the {side} version"
    shown = ref if len(ref) <= 40 else ref[:40] + "…"
    return f"“{shown}” names no version of this rubric"


def _diff_page(rows: list[VersionRow], older: VersionRow | None, newer: VersionRow | None,
               error: str = "", notice: str = "") -> str:
    found = (diff_rubrics(older.version.rubric, newer.version.rubric)
             if older is not None and newer is not None and older is not newer else None)
    return render_template("rubrics/diff.html", rows=rows, older=older, newer=newer,
                           diff=found, error=error, notice=notice,
                           current=rows[-1])

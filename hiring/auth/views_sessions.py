"""The user's own sessions: where they are logged in, and ending the ones they do not want.

Ending is POST-only (with the CSRF token) and audited; a session of someone else is out of
reach (404). This session is ended by logging out, not from the list.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.extensions import db
from hiring.models import User, UserSession
from hiring.permissions import authenticated, can_end_session, require
from hiring.services import sessions


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


@bp.route("/account/sessions")
@authenticated
def sessions_page() -> str:
    return render_template("auth/sessions.html", rows=sessions.live_sessions(_me()),
                           current_id=sessions.current_session_id(),
                           device=sessions.device_label)


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@authenticated
def end_session(session_id: int) -> Response:
    row = db.get_or_404(UserSession, session_id)
    require(can_end_session(_me(), row))
    if FlaskForm().validate_on_submit():
        if row.id == sessions.current_session_id():
            flash("This is the session you are using: log out to end it.", "info")
        else:
            sessions.end_one(_me(), row)
            db.session.commit()
            flash(f"Ended the session of {sessions.device_label(row.user_agent)}; that browser "
                  "gets the login page from now on.", "success")
    return redirect(url_for("auth.sessions_page"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@authenticated
def end_other_sessions() -> Response:
    if FlaskForm().validate_on_submit():
        ended = sessions.end_others(_me())
        db.session.commit()
        flash(f"Ended {ended} other session{'' if ended == 1 else 's'}." if ended
              else "There were no other sessions to end.", "success")
    return redirect(url_for("auth.sessions_page"))

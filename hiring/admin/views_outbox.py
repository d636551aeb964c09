"""The mail outbox for admins: every message with its state, attempts and last error, one
message as it will be (or was) sent, and "retry now" for one that failed or waits.

Without an SMTP host (``make run``) this page is where mail goes: nothing is sent, nothing
is lost.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.admin import bp
from hiring.extensions import db
from hiring.mail import outbox
from hiring.mail.sender import smtp_configured
from hiring.models import OutboxMessage
from hiring.models.mail import MAIL_STATES
from hiring.permissions import can_view_outbox, require, role_required
from hiring.queries.paging import page_number, page_size, window


@bp.route("/admin/outbox")
@role_required("admin")
def outbox_list() -> str:
    require(can_view_outbox(current_user))
    state = request.args.get("state", "")
    shown = [state] if state in MAIL_STATES else []
    page = window(outbox.messages_by_state(shown), page_number(), page_size())
    return render_template("admin/outbox.html", page=page, state=shown[0] if shown else "",
                           counts=outbox.state_counts(), states=MAIL_STATES,
                           configured=smtp_configured(current_app.config))


@bp.route("/admin/outbox/<int:message_id>")
@role_required("admin")
def outbox_message(message_id: int) -> str:
    require(can_view_outbox(current_user))
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", m=message,
                           configured=smtp_configured(current_app.config))


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@role_required("admin")
def outbox_retry(message_id: int) -> Response:
    require(can_view_outbox(current_user))
    message = db.get_or_404(OutboxMessage, message_id)
    if message.state == "sent":
        flash("This message was sent already; it is not sent twice.", "warning")
    else:
        outbox.retry(message)
        db.session.commit()
        flash("The message is due now: the next send pass (hiring mail send) sends it.",
              "success")
    return redirect(url_for("admin.outbox_message", message_id=message_id))

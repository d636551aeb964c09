"""The PDF packet download."""

from __future__ import annotations

import re

from flask import Response, render_template
from flask_login import current_user

from hiring.committee import bp
from hiring.committee.submit_first import submit_first_page
from hiring.database import begin_writes
from hiring.extensions import db
from hiring.models import Candidate
from hiring.pdf import PacketError, PacketTimedOut, PacketTooLarge
from hiring.permissions import can_view_debrief, require, role_required
from hiring.security import no_store
from hiring.services.packets import packet_for


def packet_filename(candidate_id: int, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "candidate"
    return f"debrief-{candidate_id}-{slug}.pdf"


@bp.route("/candidates/<int:candidate_id>/packet.pdf")
@role_required("committee", "recruiter")
def packet(candidate_id: int) -> Response | tuple[str, int]:
    candidate = db.get_or_404(Candidate, candidate_id)
    require(can_view_debrief(current_user, candidate))
    blocked = submit_first_page(current_user, candidate)  # the packet is the debrief on paper
    if blocked:
        return blocked
    no_store()
    try:
        result = packet_for(candidate, before_write=begin_writes)
    except PacketError as exc:
        db.session.rollback()
        code = 413 if isinstance(exc, PacketTooLarge) else 503
        title = ("The packet is too large" if isinstance(exc, PacketTooLarge) else
                 "The packet took too long" if isinstance(exc, PacketTimedOut) else
                 "The packet could not be made")
        return render_template("errors/error.html", code=code, title=title,
                               message=f"{str(exc)[:300]}. The debrief page shows "
                                       "everything the packet would."), code
    db.session.commit()
    response = Response(result.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{packet_filename(result.candidate_id, result.candidate_name)}"')
    response.headers["X-Packet-Cache"] = "hit" if result.from_cache else "miss"
    return response

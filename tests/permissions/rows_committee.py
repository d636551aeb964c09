"""The committee's routes, and the admin's decisions page.

The debrief opens to the requisition's committee and its recruiters (404 for anyone
else's candidate); interviewers and admins get 403 from the role gate, so an interviewer
who is not on the committee never reaches it. Recording a decision is for the committee
only: a recruiter gets 403 from the role gate (the role cannot decide anywhere, so there
is nothing to hide), a committee member of another requisition 404.
"""

from tests.permissions.matrix import Route

OWN = (200, 404, 404)
DONE = (302, 404, 404)
MADE = (303, 404, 404)


def _cand(w, s):
    return w.id("candidate", s)


ROWS = [
    Route("committee.index", "GET", lambda w, s: "/committee", has_object=False,
          expect={"committee": 200}),
    Route("committee.debrief", "GET", lambda w, s: f"/candidates/{_cand(w, s)}/debrief",
          expect={"committee": OWN, "recruiter": OWN}),
    # The packet is the debrief on paper: the same people reach it. Not cached yet, it is
    # made by a job whose progress page (303 to the download while there is no job) and
    # status the same people reach.
    Route("committee.packet", "GET", lambda w, s: f"/candidates/{_cand(w, s)}/packet.pdf",
          expect={"committee": MADE, "recruiter": MADE}),
    Route("committee.packet_progress", "GET",
          lambda w, s: f"/candidates/{_cand(w, s)}/packet",
          expect={"committee": MADE, "recruiter": MADE}),
    Route("committee.packet_status", "GET",
          lambda w, s: f"/candidates/{_cand(w, s)}/packet/status",
          expect={"committee": OWN, "recruiter": OWN}),
    Route("committee.record_decision", "POST",
          lambda w, s: f"/candidates/{_cand(w, s)}/decision",
          expect={"committee": DONE},
          # The world's candidates have no submitted scorecard: the engine says incomplete.
          data=lambda w, s: {"decision": "hold", "rationale": "More interviews first.",
                             "seen_outcome": "incomplete"}),
    Route("admin.decisions", "GET", lambda w, s: "/admin/decisions", has_object=False,
          expect={"admin": 200}),
    Route("admin.reopen_decision", "POST",
          lambda w, s: f"/admin/decisions/{w.id('decision', s)}/reopen",
          expect={"admin": (302, 302, 404)},
          data=lambda w, s: {"reason": "Recorded on the wrong candidate."}),
]

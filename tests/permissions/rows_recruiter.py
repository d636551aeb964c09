"""The recruiter's routes: recruiters reach their own requisitions' objects (404 for others');
committee members may read the requisition and candidate pages of their own committees."""

from hiring.database import utcnow
from tests.permissions.matrix import Route

SOON = f"{utcnow().year + 1}-01-07T10:00"  # inside the schedule window whatever today is
OWN = (200, 404, 404)  # own object / someone else's / missing
DONE = (302, 404, 404)  # a change that worked redirects back to the page
MANAGE = {"recruiter": OWN}
READ = {"recruiter": OWN, "committee": OWN}
LIST = {"recruiter": 200}


def _req(w, s):
    return w.id("requisition", s)


def _cand(w, s):
    return w.id("candidate", s)


def _iv(w, s):
    return w.id("interview", s)


def _requisition_form(w, s):
    return {"title": "Req A", "team": "Platform", "recruiters": w.users["recruiter"].id,
            "hiring_manager": 0, "visibility": "after_submit"}


def _loop_form(w, s):
    stages = ["system_design_interview", "coding_interview", "debugging_interview",
              "behavioral_interview"]
    data = {"start": f"{utcnow().year + 1}-01-07T09:00"}  # inside the schedule window
    for n, stage in enumerate(stages):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": w.users["interviewer"].id}
    return data


ROWS = [
    Route("recruiter.requisitions", "GET", lambda w, s: "/requisitions", has_object=False,
          expect=LIST),
    Route("recruiter.requisition_new", "GET", lambda w, s: "/requisitions/new",
          has_object=False, expect=LIST),
    Route("recruiter.requisition_new", "POST", lambda w, s: "/requisitions/new",
          has_object=False, expect={"recruiter": 302},
          data=lambda w, s: {**_requisition_form(w, s),
                             "rubric": w.objects["requisition"]["own"].rubric_version_id}),
    Route("recruiter.requisition", "GET", lambda w, s: f"/requisitions/{_req(w, s)}",
          expect=READ),
    Route("recruiter.requisition_edit", "GET",
          lambda w, s: f"/requisitions/{_req(w, s)}/edit", expect=MANAGE),
    Route("recruiter.requisition_edit", "POST",
          lambda w, s: f"/requisitions/{_req(w, s)}/edit", expect={"recruiter": DONE},
          data=_requisition_form),
    Route("recruiter.requisition_status", "POST",
          lambda w, s: f"/requisitions/{_req(w, s)}/status", expect={"recruiter": DONE},
          data=lambda w, s: {"status": "closed"}),
    Route("recruiter.requisition_rubric", "POST",
          lambda w, s: f"/requisitions/{_req(w, s)}/rubric", expect={"recruiter": DONE},
          data=lambda w, s: {"rubric_version_id": 1}),
    Route("recruiter.candidate_new", "GET",
          lambda w, s: f"/requisitions/{_req(w, s)}/candidates/new", expect=MANAGE),
    Route("recruiter.candidate_new", "POST",
          lambda w, s: f"/requisitions/{_req(w, s)}/candidates/new",
          expect={"recruiter": DONE}, data=lambda w, s: {"name": "Nia New"}),
    Route("recruiter.candidates", "GET", lambda w, s: "/candidates", has_object=False,
          expect=LIST),
    Route("recruiter.candidate", "GET", lambda w, s: f"/candidates/{_cand(w, s)}",
          expect=READ),
    Route("recruiter.candidate_edit", "GET", lambda w, s: f"/candidates/{_cand(w, s)}/edit",
          expect=MANAGE),
    Route("recruiter.candidate_edit", "POST", lambda w, s: f"/candidates/{_cand(w, s)}/edit",
          expect={"recruiter": DONE}, data=lambda w, s: {"name": "Alice A"}),
    Route("recruiter.candidate_move", "POST", lambda w, s: f"/candidates/{_cand(w, s)}/move",
          expect={"recruiter": DONE}, data=lambda w, s: {"stage": "debrief", "confirm": "y"}),
    Route("recruiter.round_schedule", "GET",
          lambda w, s: f"/candidates/{_cand(w, s)}/rounds/technical_interviews/schedule",
          expect=MANAGE),
    Route("recruiter.round_schedule", "POST",
          lambda w, s: f"/candidates/{_cand(w, s)}/rounds/technical_interviews/schedule",
          expect={"recruiter": DONE}, data=_loop_form),
    Route("recruiter.interview_new", "GET",
          lambda w, s: f"/candidates/{_cand(w, s)}/interviews/new", expect=MANAGE),
    Route("recruiter.interview_new", "POST",
          lambda w, s: f"/candidates/{_cand(w, s)}/interviews/new",
          expect={"recruiter": DONE},
          data=lambda w, s: {"stage": "coding_interview",
                             "interviewer": w.users["interviewer"].id,
                             "scheduled_at": SOON}),
    Route("recruiter.interview_reassign", "GET",
          lambda w, s: f"/interviews/{_iv(w, s)}/reassign", expect=MANAGE),
    Route("recruiter.interview_reassign", "POST",
          lambda w, s: f"/interviews/{_iv(w, s)}/reassign", expect={"recruiter": DONE},
          data=lambda w, s: {"interviewer": w.users["interviewer_b"].id,
                             "scheduled_at": SOON, "duration": 45}),
    Route("recruiter.interview_cancel", "GET",
          lambda w, s: f"/interviews/{_iv(w, s)}/cancel", expect=MANAGE),
    Route("recruiter.interview_cancel", "POST",
          lambda w, s: f"/interviews/{_iv(w, s)}/cancel", expect={"recruiter": DONE},
          data=lambda w, s: {"reason": "Rescheduled by the candidate"}),
    Route("recruiter.interview_remind", "POST",
          lambda w, s: f"/interviews/{_iv(w, s)}/remind", expect={"recruiter": DONE}),
    Route("recruiter.overdue", "GET", lambda w, s: "/overdue", has_object=False,
          expect=LIST),
    # Bulk actions name their candidates in the form: one out of reach is "not found".
    Route("recruiter.candidates_bulk_move", "POST", lambda w, s: "/candidates/bulk/move",
          expect={"recruiter": DONE},
          data=lambda w, s: {"candidate": _cand(w, s), "stage": "debrief", "confirm": "y"}),
    Route("recruiter.candidates_bulk_reject", "POST", lambda w, s: "/candidates/bulk/reject",
          expect={"recruiter": DONE},
          data=lambda w, s: {"candidate": _cand(w, s), "reason": "Role filled."}),
    Route("recruiter.candidates_bulk_export", "POST", lambda w, s: "/candidates/bulk/export",
          expect={"recruiter": OWN}, data=lambda w, s: {"candidate": _cand(w, s)}),
    # CSV downloads: the lists' own gates; a requisition's scorecards for its recruiters and
    # committee (anyone else: not found).
    Route("recruiter.candidates_csv", "GET", lambda w, s: "/candidates.csv", has_object=False,
          expect=LIST),
    Route("recruiter.overdue_csv", "GET", lambda w, s: "/overdue.csv", has_object=False,
          expect=LIST),
    Route("recruiter.scorecards_csv", "GET",
          lambda w, s: f"/requisitions/{_req(w, s)}/scorecards.csv", expect=READ, default=404),
]

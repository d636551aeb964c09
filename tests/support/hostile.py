"""A debrief whose every user-written text field holds the same hostile payload."""

from __future__ import annotations

from typing import Any

from hiring.models import Requisition, User
from tests.support.factories import Factory
from tests.views.committee_support import amend_in_db

SHORT = '<img src="file:///etc/passwd">'  # for the fields with a length limit


def hostile_candidate(make: Factory, payload: str) -> dict[str, Any]:
    """Returns the objects and ``fields``: how many distinct fields hold the payload.

    Fields with a length limit (titles, names, labels) get SHORT, which every payload starts
    with; free-text fields get the whole payload.
    """
    assert payload.startswith(SHORT)
    committee = make.user("committee", name="Cora Committee")
    req = make.requisition(committee=[committee], title=f"Req {SHORT}")
    with make.session() as s:
        s.get(Requisition, req.id).team = f"Team {SHORT}"
    candidate = make.candidate(req, name=f"Cand {SHORT}", stage="debrief",
                               notes=payload, source=SHORT, links="https://x.example/a")
    fields = 3  # requisition title, team, candidate name
    interviewer = make.user("interviewer", name=f"Ivy {SHORT}")
    behavioural = make.interview(candidate, interviewer, "behavioral_interview")
    card = make.scorecard(behavioural, {"ownership": 4, "mentoring": None},
                          evidence=f"Evidence {payload}", summary=f"Summary {payload}",
                          reasons={"mentoring": f"Reason {payload}"},
                          flags=[("arrogant", f"Flag note {payload}"),
                                 (None, f"Free note {payload}")])
    fields += 6  # interviewer, evidence, not-assessed reason, summary, flag note, free note
    with make.session() as s:
        free = next(f for f in s.get(type(card), card.id).flags if f.flag_id is None)
        free.label = f"Free label {SHORT}"
    fields += 1
    amend_in_db(make, card, "ownership", 5, f"Amended {payload}")
    fields += 1
    make.decision(candidate, decision="no_offer", engine_outcome="incomplete", by=committee,
                  rationale=f"Rationale {payload}", is_override=True,
                  justification=f"Justification {payload}")
    fields += 2
    with make.session() as s:
        s.get(User, committee.id).name = f"Cora {SHORT}"
    return {"candidate": candidate, "committee": committee, "fields": fields}

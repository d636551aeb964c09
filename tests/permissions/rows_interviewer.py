"""The interviewer's pages: their own interviews only; anyone else's look missing (404)."""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import Route
from tests.permissions.world import World

MINE = {"interviewer": (200, 404, 404)}
MINE_REDIRECT = {"interviewer": (302, 404, 404)}


def _draft(w: World, side: str) -> dict[str, Any]:
    return {"action": "save", "lock_version": "", "score-coding": "3",
            "evidence-coding": "Solved it with one hint."}


def _amendment(w: World, side: str) -> dict[str, Any]:
    return {"lock_version": "1", "score-coding": "5", "evidence-coding": "Clean solution.",
            "reason": "Re-read my notes."}


ROWS = [
    Route("interviewer.queue", "GET", lambda w, s: "/my/interviews", has_object=False,
          expect={"interviewer": 200}),
    Route("interviewer.interview", "GET",
          lambda w, s: f"/my/interviews/{w.id('interview', s)}", expect=MINE),
    Route("interviewer.interview", "POST",
          lambda w, s: f"/my/interviews/{w.id('interview', s)}", data=_draft,
          expect=MINE_REDIRECT),
    Route("interviewer.amend", "GET",
          lambda w, s: f"/my/interviews/{w.id('scored_interview', s)}/amend", expect=MINE),
    Route("interviewer.amend", "POST",
          lambda w, s: f"/my/interviews/{w.id('scored_interview', s)}/amend",
          data=_amendment, expect=MINE_REDIRECT),
    Route("interviewer.colleagues", "GET",
          lambda w, s: f"/my/candidates/{w.id('scored_candidate', s)}/scorecards",
          expect=MINE),
]

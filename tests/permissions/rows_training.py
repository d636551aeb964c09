"""Training: interviewers take calibration exercises; their results are read by them and by
admins (404 for anyone else, as for any object out of reach)."""

from tests.permissions.matrix import Route

EXERCISE = "/training/exercises/system-design-shortener-gaps"
RESULTS = {"interviewer": (200, 404, 404), "admin": (200, 200, 404)}


def _attempt(w, s):
    return w.id("calibration_attempt", s)


ROWS = [
    Route("training.index", "GET", lambda w, s: "/training", has_object=False,
          expect={"interviewer": 200}),
    Route("training.exercise", "GET", lambda w, s: EXERCISE, has_object=False,
          expect={"interviewer": 200}),
    # An empty attempt comes back with its errors (200); nothing is stored.
    Route("training.exercise", "POST", lambda w, s: EXERCISE, has_object=False,
          expect={"interviewer": 200}),
    Route("training.exercise", "GET", lambda w, s: "/training/exercises/no-such-exercise",
          has_object=False, expect={"interviewer": 404}),
    Route("training.attempt", "GET", lambda w, s: f"/training/attempts/{_attempt(w, s)}",
          expect=RESULTS, default=404),
    Route("training.person", "GET", lambda w, s: f"/training/people/{w.id('user', s)}",
          expect=RESULTS, default=404),
]

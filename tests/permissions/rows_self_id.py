"""Self-identification: the recruiter's one-time link, and the public form (no account)."""

from tests.permissions.matrix import Route

EVERYONE = dict.fromkeys(("nobody", "admin", "recruiter", "interviewer", "committee"))


def _public(status: int) -> dict[str, int]:
    return dict.fromkeys((*EVERYONE, "anonymous"), status)


ROWS = [
    Route("self_id.invite", "POST",
          lambda w, s: f"/candidates/{w.id('candidate', s)}/self-identification/link",
          expect={"recruiter": (200, 404, 404)}),
    # A token nobody was given: the same clear "not valid" page for everyone.
    Route("self_id.form", "GET", lambda w, s: "/self-id/not-a-token", public=True,
          has_object=False, expect=_public(404)),
    Route("self_id.form", "POST", lambda w, s: "/self-id/not-a-token", public=True,
          has_object=False, expect=_public(404),
          data=lambda w, s: {"gender": "declined", "race_ethnicity": "declined"}),
    Route("self_id.thanks", "GET", lambda w, s: "/self-id/thanks", public=True,
          has_object=False, expect=_public(200)),
]

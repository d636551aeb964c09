from tests.permissions.matrix import Route
from tests.permissions.world import MISSING_ID

EVERYONE = {"nobody": 302, "admin": 302, "recruiter": 302, "interviewer": 302, "committee": 302}

ROWS = [
    Route("auth.login", "GET", lambda w, s: "/login", public=True, has_object=False,
          expect={"anonymous": 200, **EVERYONE}),
    Route("auth.login", "POST", lambda w, s: "/login", public=True, has_object=False,
          expect={"anonymous": 200, **EVERYONE}),
    Route("auth.home", "GET", lambda w, s: "/", has_object=False, expect=EVERYONE),
    Route("auth.no_roles", "GET", lambda w, s: "/welcome", has_object=False,
          expect={"nobody": 200, "admin": 200, "recruiter": 200, "interviewer": 200,
                  "committee": 200}),
    Route("auth.logout", "POST", lambda w, s: "/logout", has_object=False, expect=EVERYONE),
    # Whose session it is: tests/test_sessions.py (own, someone else's, missing).
    Route("auth.sessions_page", "GET", lambda w, s: "/account/sessions", has_object=False,
          expect={"nobody": 200, "admin": 200, "recruiter": 200, "interviewer": 200,
                  "committee": 200}),
    Route("auth.end_session", "POST", lambda w, s: f"/account/sessions/{MISSING_ID}/end",
          has_object=False, expect={"nobody": 404, "admin": 404, "recruiter": 404,
                                    "interviewer": 404, "committee": 404}),
    Route("auth.end_other_sessions", "POST", lambda w, s: "/account/sessions/end-others",
          has_object=False, expect=EVERYONE),
    # One-time links: anyone may ask for a reset (signed-in people go to their own password
    # page); a link page answers by its token alone (tests/services/test_account_links.py).
    Route("auth.forgot_password", "GET", lambda w, s: "/account/forgot", public=True,
          has_object=False, expect={"anonymous": 200, **EVERYONE}),
    Route("auth.forgot_password", "POST", lambda w, s: "/account/forgot", public=True,
          has_object=False, expect={"anonymous": 200, **EVERYONE}),
    Route("auth.account_link", "GET", lambda w, s: "/account/link/no-such-token", public=True,
          has_object=False, expect={"anonymous": 404, **dict.fromkeys(EVERYONE, 404)}),
    Route("auth.account_link", "POST", lambda w, s: "/account/link/no-such-token",
          public=True, has_object=False,
          expect={"anonymous": 404, **dict.fromkeys(EVERYONE, 404)}),
]

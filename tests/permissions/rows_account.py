"""The user's own account pages and the login's second step.

Every logged-in user reaches their own account pages (there is no one else's: the pages take
no id). The code step answers everyone with a redirect: without a password checked moments
ago it sends to the login page, and a logged-in user home.
"""

from tests.permissions.matrix import Route

EVERY_USER = {"nobody": 200, "admin": 200, "recruiter": 200, "interviewer": 200,
              "committee": 200}
EVERY_USER_REDIRECTED = dict.fromkeys(EVERY_USER, 302)

ROWS = [
    Route("auth.login_code", "GET", lambda w, s: "/login/code", public=True, has_object=False,
          expect={"anonymous": 302, **EVERY_USER_REDIRECTED}),
    Route("auth.login_code", "POST", lambda w, s: "/login/code", public=True,
          has_object=False, data=lambda w, s: {"code": "123456"},
          expect={"anonymous": 302, **EVERY_USER_REDIRECTED}),
    Route("auth.change_password", "GET", lambda w, s: "/account/password", has_object=False,
          expect=EVERY_USER),
    # A wrong current password: the form again with its error.
    Route("auth.change_password", "POST", lambda w, s: "/account/password", has_object=False,
          data=lambda w, s: {"current_password": "not it", "password": "x", "confirm": "x"},
          expect=EVERY_USER),
    Route("auth.mfa", "GET", lambda w, s: "/account/mfa", has_object=False, expect=EVERY_USER),
    # Starts an enrolment (refused for admins, whose authenticator is active): back to the page.
    Route("auth.mfa_begin", "POST", lambda w, s: "/account/mfa/begin", has_object=False,
          expect=EVERY_USER_REDIRECTED),
    # Empty forms: the page again with the errors.
    Route("auth.mfa_confirm", "POST", lambda w, s: "/account/mfa/confirm", has_object=False,
          expect=EVERY_USER),
    Route("auth.mfa_disable", "POST", lambda w, s: "/account/mfa/disable", has_object=False,
          expect=EVERY_USER),
    Route("auth.mfa_recovery_codes", "POST", lambda w, s: "/account/mfa/recovery-codes",
          has_object=False, expect=EVERY_USER),
    Route("auth.tokens_page", "GET", lambda w, s: "/account/tokens", has_object=False,
          expect=EVERY_USER),
    # An empty form: the page again with its error.
    Route("auth.tokens_page", "POST", lambda w, s: "/account/tokens", has_object=False,
          expect=EVERY_USER),
    # One's own token (the interviewer's), and administrators anyone's; anyone else's
    # looks missing.
    Route("auth.revoke_token", "POST",
          lambda w, s: f"/account/tokens/{w.id('api_token', s)}/revoke",
          expect={"interviewer": (302, 404, 404), "admin": (302, 302, 404)}, default=404),
]

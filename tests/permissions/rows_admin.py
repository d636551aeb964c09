"""The administrator's pages: admins reach every account ("own" and "other" alike)."""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import Route
from tests.permissions.world import World

ADMIN_ONLY = {"admin": 200}
REDIRECT_OR_MISSING = {"admin": (302, 302, 404)}
NEW_PASSWORD = "a new and long enough password"


def _user_url(suffix: str = "") -> Any:
    return lambda w, s: f"/admin/users/{w.id('user', s)}{suffix}"


def _profile(w: World, side: str) -> dict[str, Any]:
    user = w.objects["user"].get(side)
    if user is None:
        return {"name": "Nobody", "email": "nobody@example.test", "roles": ["interviewer"]}
    return {"name": f"{user.name} (renamed)", "email": user.email, "roles": ["interviewer"]}


ROWS = [
    Route("admin.users", "GET", lambda w, s: "/admin/users", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.audit", "GET", lambda w, s: "/admin/audit", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.audit_csv", "GET", lambda w, s: "/admin/audit.csv", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.user_new", "GET", lambda w, s: "/admin/users/new", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.user_new", "POST", lambda w, s: "/admin/users/new", has_object=False,
          expect={"admin": 302},
          data=lambda w, s: {"name": "New Person", "email": "new.person@example.test",
                             "roles": ["interviewer"], "password": NEW_PASSWORD,
                             "confirm": NEW_PASSWORD}),
    Route("admin.user_edit", "GET", _user_url(), expect={"admin": (200, 200, 404)}),
    Route("admin.user_edit", "POST", _user_url(), expect=REDIRECT_OR_MISSING, data=_profile),
    Route("admin.user_password", "POST", _user_url("/password"), expect=REDIRECT_OR_MISSING,
          data=lambda w, s: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    # A one-time link for any account; without SMTP the answer shows it (200).
    Route("admin.user_link", "POST", _user_url("/link"), expect={"admin": (200, 200, 404)}),
    Route("admin.user_deactivate", "POST", _user_url("/deactivate"),
          expect=REDIRECT_OR_MISSING),
    Route("admin.user_reactivate", "POST", _user_url("/reactivate"),
          expect=REDIRECT_OR_MISSING),
    # One decision, read-only, with its reopen form: any admin, any requisition's decision.
    Route("admin.decision", "GET", lambda w, s: f"/admin/decisions/{w.id('decision', s)}",
          expect={"admin": (200, 200, 404)}),
    # The mail outbox: any admin reads any message and retries it.
    Route("admin.outbox_list", "GET", lambda w, s: "/admin/outbox", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.outbox_message", "GET",
          lambda w, s: f"/admin/outbox/{w.id('outbox_message', s)}",
          expect={"admin": (200, 200, 404)}),
    Route("admin.outbox_retry", "POST",
          lambda w, s: f"/admin/outbox/{w.id('outbox_message', s)}/retry",
          expect=REDIRECT_OR_MISSING),
    # Privacy: erasure on request (any candidate, admins only) and the access log.
    Route("admin.privacy_home", "GET", lambda w, s: "/admin/privacy", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.access_log", "GET", lambda w, s: "/admin/access-log", has_object=False,
          expect=ADMIN_ONLY),
    Route("admin.erase_candidate", "GET",
          lambda w, s: f"/admin/candidates/{w.id('candidate', s)}/erase",
          expect={"admin": (200, 200, 404)}),
    Route("admin.erase_candidate_post", "POST",
          lambda w, s: f"/admin/candidates/{w.id('candidate', s)}/erase",
          expect=REDIRECT_OR_MISSING,
          data=lambda w, s: {"reason": "Request 77", "confirm": "y"}),
]

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
    Route("admin.user_deactivate", "POST", _user_url("/deactivate"),
          expect=REDIRECT_OR_MISSING),
    Route("admin.user_reactivate", "POST", _user_url("/reactivate"),
          expect=REDIRECT_OR_MISSING),
    # One decision, read-only, with its reopen form: any admin, any requisition's decision.
    Route("admin.decision", "GET", lambda w, s: f"/admin/decisions/{w.id('decision', s)}",
          expect={"admin": (200, 200, 404)}),
]

"""Sessions, password hashing and the headers every response carries."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager

from hiring.uploads import UploadRequest

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; frame-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# A candidate's PDF served to be shown inline: framed only by our own pages (the kit), and
# itself allowed to load nothing (the browser's own PDF viewer needs no permission here).
DOCUMENT_CSP = ("default-src 'none'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'self'")


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    app.session_interface = _SessionInterface()
    app.request_class = UploadRequest  # larger bodies only on the routes that take a file
    app.after_request(_headers)
    from hiring.services.sessions import touch_after_request

    app.after_request(touch_after_request)


def _load_user(user_id: str) -> Any:
    """Sessions carry ``id:session_version`` and a server-side session token; the user comes
    only with a live session row (see services/sessions.py), in one statement with roles."""
    from hiring.services.sessions import SESSION_KEY, signed_in_user

    return signed_in_user(user_id, session.get(SESSION_KEY))


class _SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]
                    or (has_request_context() and request.is_secure))


def no_store() -> None:
    """Mark this response as showing candidate data: browsers and proxies must not keep it."""
    g.no_store = True


def inline_document(response: Response) -> Response:
    """Headers for a stored document shown inside our own pages (the kit's PDF frame):
    framable by this origin only, never sniffed as anything but its declared type, never
    cached, and readable by no other site."""
    no_store()
    response.headers["Content-Security-Policy"] = DOCUMENT_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if g.get("no_store") or response.mimetype == "text/html":
        # Pages of this app show candidate data or forms with tokens: never cache them.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def password_hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["ARGON2_TIME_COST"],
                          memory_cost=config["ARGON2_MEMORY_COST"],
                          parallelism=config["ARGON2_PARALLELISM"])


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the account does not exist, so that timing does not tell.
_DUMMY: dict[str, str] = {}


def dummy_verify(password: str) -> None:
    key = repr(sorted((k, v) for k, v in current_app.config.items() if k.startswith("ARGON2")))
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password")
    verify_password(_DUMMY[key], password)

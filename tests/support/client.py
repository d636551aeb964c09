"""A test client that sends a valid CSRF token with every form, as a browser would.

CSRF stays on in tests; the token is made the way Flask-WTF makes it: a raw token in the
session, signed with the app's secret key.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

# A hidden csrf_token input, whatever the order of its attributes.
TOKEN_IN_PAGE = re.compile(r'<input(?=[^>]*name="csrf_token")[^>]*value="([^"]+)"')


class CSRFClient(FlaskClient):
    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            if "csrf_token" not in session:
                session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324
            raw = session["csrf_token"]
        app = self.application
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def post(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)

    def login(self, user: Any) -> None:
        """Log in without the password form (argon2 is slow on purpose), with a real
        server-side session row as the form would start."""
        from flask import current_app, has_app_context

        from hiring.extensions import db
        from hiring.services.sessions import SESSION_KEY, start

        with self.application.app_context():
            token = start(user)
            db.session.commit()
        if has_app_context() and current_app._get_current_object() is self.application:
            # Called inside the test's own app context, which this client's requests share:
            # end its read transaction, whose snapshot predates the new session row.
            db.session.commit()
        with self.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session[SESSION_KEY] = token

    def logout(self) -> None:
        with self.session_transaction() as session:
            session.clear()

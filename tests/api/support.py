"""Tokens for the permission world's users, and calls with them."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from hiring.extensions import db
from hiring.models import User
from hiring.services.api_tokens import create_token
from tests.support.factories import Factory

API = "/api/v1"


def token_for(make: Factory, user: User, days: int = 90) -> str:
    with make.session():
        new = create_token(db.session.get(User, user.id), "tests", days)
    return new.secret


def tokens(make: Factory, users: dict[str, User]) -> dict[str, str]:
    """One token per role user of the world; the anonymous caller sends none."""
    return {role: token_for(make, user) for role, user in users.items()}


def call(client: FlaskClient, method: str, path: str, token: str | None = None,
         json: Any = None, headers: dict[str, str] | None = None) -> Any:
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.open(API + path, method=method, json=json, headers=headers)

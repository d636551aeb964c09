"""Accounts and their roles."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hiring.database import UTCDateTime, utcnow
from hiring.domain.search import record_key
from hiring.extensions import db

if TYPE_CHECKING:
    from hiring.models.mfa import TotpAuthenticator

ROLES = ("admin", "recruiter", "interviewer", "committee")
ROLE_LABELS = {"admin": "Admin", "recruiter": "Recruiter", "interviewer": "Interviewer",
               "committee": "Committee member"}


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="known_role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session's user id: bumping it ends every session of this user.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Name and email folded for search (``hiring.domain.search.record_key``), kept by
    # ``_keep_search_key`` on every assignment.
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")

    # Lazy: the signed-in user's roles and authenticator come with the session's one
    # statement (``services.sessions.signed_in_user``); other users load them only when a
    # query asks (``selectinload``), so lists of people do not pay for them.
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by=UserRole.role)
    totp: Mapped[TotpAuthenticator | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    @validates("name", "email")
    def _keep_search_key(self, field: str, value: str) -> str:
        """Every write of the name or email refolds the key in the same flush."""
        self.search_key = record_key(value if field == "name" else self.name,
                                     value if field == "email" else self.email)
        return value

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

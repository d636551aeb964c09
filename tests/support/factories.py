"""Factories that write rows directly, each in its own app context and transaction.

Objects come back detached with their columns loaded (``.id``, ``.get_id()`` work);
load relationships again inside ``app.app_context()`` when a test needs them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyotp
from flask import Flask
from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import (
    CalibrationAttempt,
    Candidate,
    CommitteeDecision,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    ScorecardFlag,
    ScorecardRevision,
    ScorecardScore,
    StageMove,
    TotpAuthenticator,
    User,
    UserRole,
)
from hiring.security import hash_password
from hiring.services.mfa import seal_secret

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    @contextmanager
    def session(self) -> Iterator[Any]:
        with self.app.app_context():
            db.session().expire_on_commit = False
            yield db.session
            db.session.commit()

    def rubric_version(self, rubric_id: str = "senior-engineer") -> RubricVersion:
        with self.session() as s:
            version = s.scalar(select(RubricVersion).where(RubricVersion.rubric_key == rubric_id)
                               .order_by(RubricVersion.id.desc()))
            assert version is not None, f"rubric {rubric_id} was not synced"
            version.rubric  # noqa: B018 - parse while attached
            return version

    def user(self, *roles: str, name: str | None = None, email: str | None = None,
             password: str = PASSWORD, active: bool = True, totp: bool | None = None) -> User:
        """A user; with an active TOTP authenticator when ``totp`` (by default: admins, who
        may not work without one), its base32 secret left on ``user.totp_secret``."""
        n = next(_counter)
        with self.session() as s:
            user = User(email=email or f"user{n}@example.com",
                        name=name or f"{(roles or ('user',))[0].capitalize()} {n}",
                        password_hash=hash_password(password), active=active,
                        role_rows=[UserRole(role=r) for r in roles])
            s.add(user)
            s.flush()
            if totp if totp is not None else "admin" in roles:
                secret = pyotp.random_base32()
                user.totp = TotpAuthenticator(user_id=user.id,
                                              secret=seal_secret(user.id, secret),
                                              confirmed_at=utcnow())
                s.flush()
                user.totp_secret = secret  # type: ignore[attr-defined]
            return user

    def requisition(self, recruiters: Sequence[User] = (), committee: Sequence[User] = (),
                    rubric_id: str = "senior-engineer", title: str = "Senior Engineer",
                    visibility: str = "after_submit", status: str = "open",
                    hiring_manager: User | None = None) -> Requisition:
        version = self.rubric_version(rubric_id)
        with self.session() as s:
            req = Requisition(title=title, team="Platform", rubric_version_id=version.id,
                              scorecard_visibility=visibility, status=status,
                              hiring_manager_id=hiring_manager.id if hiring_manager else None)
            req.recruiters = [s.get(User, u.id) for u in recruiters]
            req.committee = [s.get(User, u.id) for u in committee]
            s.add(req)
            s.flush()
            return req

    def candidate(self, requisition: Requisition, name: str | None = None,
                  stage: str = "applied", **fields: Any) -> Candidate:
        n = next(_counter)
        with self.session() as s:
            candidate = Candidate(requisition_id=requisition.id, name=name or f"Candidate {n}",
                                  email=fields.pop("email", f"candidate{n}@example.com"),
                                  stage=stage, **fields)
            s.add(candidate)
            s.flush()
            s.add(StageMove(candidate_id=candidate.id, from_stage=None, to_stage=stage))
            return candidate

    def interview(self, candidate: Candidate, interviewer: User, stage: str = "phone_screen",
                  when: dt.datetime | None = None, minutes: int = 45,
                  status: str = "scheduled") -> Interview:
        with self.session() as s:
            interview = Interview(candidate_id=candidate.id, stage=stage,
                                  interviewer_id=interviewer.id,
                                  scheduled_at=when or utcnow() - dt.timedelta(hours=2),
                                  duration_minutes=minutes, status=status)
            s.add(interview)
            s.flush()
            return interview

    def scorecard(self, interview: Interview, scores: dict[str, int | None],
                  submitted: bool = True, evidence: str = "Evidence.",
                  flags: Sequence[tuple[str | None, str]] = (), summary: str = "",
                  reasons: dict[str, str] | None = None) -> Scorecard:
        """A scorecard; ``flags`` are (flag id or None for free text, note)."""
        reasons = reasons or {}
        with self.session() as s:
            iv = s.get(Interview, interview.id)
            req = s.get(Requisition, iv.candidate.requisition_id)
            now = utcnow()
            card = Scorecard(interview_id=iv.id, interviewer_id=iv.interviewer_id,
                             rubric_version_id=req.rubric_version_id,
                             status="submitted" if submitted else "draft", summary=summary,
                             revision=1 if submitted else 0,
                             submitted_at=now if submitted else None,
                             first_submitted_at=now if submitted else None)
            card.scores = [ScorecardScore(criterion_id=c, score=v, evidence=evidence,
                                          not_assessed=v is None and c in reasons,
                                          not_assessed_reason=reasons.get(c, "") if v is None
                                          else "") for c, v in scores.items()]
            card.flags = [ScorecardFlag(flag_id=f, label="" if f else "Other concern", note=n)
                          for f, n in flags]
            s.add(card)
            s.flush()
            if submitted:
                s.add(ScorecardRevision(scorecard_id=card.id, number=1, submitted_at=now,
                                        submitted_by_id=iv.interviewer_id,
                                        content=card.content()))
            return card

    def decision(self, candidate: Candidate, decision: str = "offer",
                 engine_outcome: str = "offer", by: User | None = None,
                 rationale: str = "Strong across the panel.", is_override: bool = False,
                 justification: str = "") -> CommitteeDecision:
        """A standing committee decision, written directly (no stage move, no audit)."""
        with self.session() as s:
            cand = s.get(Candidate, candidate.id)
            row = CommitteeDecision(
                candidate_id=cand.id, decision=decision, rationale=rationale,
                engine_outcome=engine_outcome, engine_score=None,
                rubric_version_id=cand.requisition.rubric_version_id, is_override=is_override,
                override_justification=justification, decided_by_id=by.id if by else None)
            s.add(row)
            s.flush()
            return row

    def api_token(self, user: User, name: str = "script", days: int = 90) -> Any:
        """A personal access token of ``user``, its secret left on ``token.secret``."""
        from hiring.services.api_tokens import create_token

        with self.session() as s:
            new = create_token(s.get(User, user.id), name, days)
            new.token.secret = new.secret  # type: ignore[attr-defined]
            return new.token

    def calibration_attempt(self, user: User, exercise_id: str = "system-design-shortener-gaps",
                            stage_id: str = "system_design_interview",
                            scores: dict[str, int | None] | None = None,
                            gold: dict[str, int] | None = None,
                            when: dt.datetime | None = None) -> CalibrationAttempt:
        """An attempt at a calibration exercise, written directly (default: the shipped
        system-design exercise whose gold is 3, answered 3)."""
        scores = scores if scores is not None else {"system_design": 3}
        with self.session() as s:
            attempt = CalibrationAttempt(
                user_id=user.id, exercise_id=exercise_id, exercise_version="test",
                rubric_key="senior-engineer", stage_id=stage_id,
                answers={c: {"score": v, "not_assessed": v is None, "reason": "",
                             "evidence": "Evidence."} for c, v in scores.items()},
                gold=gold if gold is not None else {"system_design": 3},
                submitted_at=when or utcnow())
            s.add(attempt)
            s.flush()
            return attempt

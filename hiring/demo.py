"""``hiring demo``: a realistic, populated product to look at, relative to today.

Two requisitions on two rubrics, candidates spread over the pipeline, interviews in the past
and the future, and submitted scorecards with real evidence so that the debrief shows every
outcome: offer, no offer, discuss and incomplete. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.demo_content import DEMO_PASSWORD, EVIDENCE, LINKS, PEOPLE, SUMMARIES
from hiring.demo_documents import load_documents
from hiring.demo_fairness import load_fairness_and_training
from hiring.demo_history import load_history
from hiring.domain.pipeline import APPLIED, DEBRIEF, passed_rounds
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Requisition,
    Scorecard,
    ScorecardFlag,
    ScorecardRevision,
    ScorecardScore,
    StageMove,
    User,
    UserRole,
)
from hiring.security import hash_password
from hiring.services import audit, evaluations
from hiring.services.rubrics import latest_version_of

__all__ = ["DEMO_PASSWORD", "DemoSummary", "load_demo"]

MARKER_EMAIL = "admin@example.com"


@dataclass
class DemoSummary:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # email, name, roles
    requisitions: int = 0
    candidates: int = 0
    interviews: int = 0
    scorecards: int = 0
    created: bool = True

    def describe(self) -> str:
        state = "Loaded" if self.created else "Already loaded"
        lines = [f"{state}: {self.requisitions} requisitions, {self.candidates} candidates, "
                 f"{self.interviews} interviews, {self.scorecards} submitted scorecards.",
                 "Demo logins:"]
        lines += [f"  {email:<26} {name:<18} {roles}" for email, name, roles in self.logins]
        return "\n".join(lines)


def _level_quality(score: int | None) -> str:
    return "high" if (score or 0) >= 4 else "mid" if (score or 0) == 3 else "low"


class _Builder:
    def __init__(self) -> None:
        self.now = utcnow().replace(minute=0, second=0, microsecond=0)
        self.password_hash = hash_password(DEMO_PASSWORD)
        self.users: dict[str, User] = {}
        self.summary = DemoSummary()

    def days(self, n: float) -> dt.datetime:
        return self.now + dt.timedelta(days=n)

    def people(self) -> None:
        for key, name, email, roles in PEOPLE:
            user = User(email=email, name=name, password_hash=self.password_hash,
                        role_rows=[UserRole(role=r) for r in roles])
            db.session.add(user)
            self.users[key] = user
            self.summary.logins.append((email, name, ", ".join(roles)))
        db.session.flush()

    def requisition(self, title: str, team: str, rubric_id: str, description: str) -> Requisition:
        version = latest_version_of(rubric_id)
        if version is None:
            raise RuntimeError(f"rubric {rubric_id} is not stored: run `hiring rubric sync`")
        req = Requisition(title=title, team=team, description=description,
                          rubric_version_id=version.id, hiring_manager=self.users["manager"],
                          created_by_id=self.users["recruiter"].id,
                          created_at=self.days(-45))
        req.recruiters = [self.users["recruiter"]]
        req.committee = [self.users["committee"], self.users["manager"]]
        db.session.add(req)
        db.session.flush()
        self.summary.requisitions += 1
        return req

    def candidate(self, req: Requisition, name: str, source: str, path: list[str],
                  started_days_ago: float, notes: str = "") -> Candidate:
        """A candidate who moved along ``path`` (after applied), a few days per step."""
        email = name.lower().replace(" ", ".") + "@mail.example.com"
        entered = self.days(-started_days_ago)
        cand = Candidate(requisition_id=req.id, name=name, email=email, source=source,
                         links=LINKS, notes=notes, stage=APPLIED, stage_entered_at=entered,
                         created_at=entered)
        db.session.add(cand)
        db.session.flush()
        recruiter = self.users["recruiter"]
        db.session.add(StageMove(candidate_id=cand.id, from_stage=None, to_stage=APPLIED,
                                 moved_by_id=recruiter.id, moved_at=entered))
        step = started_days_ago / (len(path) + 1)
        rubric = req.rubric_version.rubric
        taken = {sid for state in path if (r := rubric.round(state)) for sid in r.interviews}
        for stage in path:
            entered += dt.timedelta(days=step)
            # Rounds left out of the path were skipped: only optional ones, as a recruiter
            # may without confirming.
            skipped = [{"round": p.round.id, "name": p.round.name, "skipped": True,
                        "unscored": [x.id for x in p.unscored], "confirmed": False}
                       for p in passed_rounds(rubric, cand.stage, stage, taken)]
            db.session.add(StageMove(candidate_id=cand.id, from_stage=cand.stage, to_stage=stage,
                                     moved_by_id=recruiter.id, moved_at=entered,
                                     passed_rounds=skipped))
            cand.stage, cand.stage_entered_at = stage, entered
        self.summary.candidates += 1
        return cand

    def interview(self, cand: Candidate, stage: str, who: str, days: float,
                  minutes: int | None = None) -> Interview:
        rubric = cand.requisition.rubric_version.rubric
        stage_def = rubric.stage(stage)
        assert stage_def is not None, stage
        iv = Interview(candidate_id=cand.id, stage=stage, interviewer_id=self.users[who].id,
                       scheduled_at=self.days(days).replace(hour=14),
                       duration_minutes=minutes or stage_def.minutes,
                       created_by_id=self.users["recruiter"].id)
        db.session.add(iv)
        db.session.flush()
        self.summary.interviews += 1
        return iv

    def scorecard(self, iv: Interview, scores: dict[str, int | None], *,
                  flags: tuple[tuple[str, str], ...] = (), submitted: bool = True,
                  not_assessed: str = "Ran out of time before this part.",
                  amended: dict[str, int] | None = None,
                  delay: dt.timedelta = dt.timedelta(hours=2), vote: str = "none") -> Scorecard:
        req = iv.candidate.requisition
        written = iv.ends_at + delay  # the submission's turnaround
        quality = _level_quality(round(sum(v for v in scores.values() if v) /
                                       max(1, sum(1 for v in scores.values() if v))))
        card = Scorecard(interview_id=iv.id, interviewer_id=iv.interviewer_id,
                         rubric_version_id=req.rubric_version_id, summary=SUMMARIES[quality],
                         recommendation=vote, created_at=written, updated_at=written)
        card.scores = [
            ScorecardScore(criterion_id=cid, score=value,
                           evidence=EVIDENCE[cid][_level_quality(value)] if value else "",
                           not_assessed=not value,
                           not_assessed_reason="" if value else not_assessed)
            for cid, value in scores.items()]
        card.flags = [ScorecardFlag(flag_id=fid, note=note) for fid, note in flags]
        db.session.add(card)
        db.session.flush()
        if submitted:
            self._submit(card, written, iv.interviewer_id)
            if amended:
                for score in card.scores:
                    if score.criterion_id in amended:
                        score.score = amended[score.criterion_id]
                self._submit(card, written + dt.timedelta(days=1), iv.interviewer_id,
                             reason="Re-read my notes: I under-rated the debugging part.")
        return card

    def _submit(self, card: Scorecard, when: dt.datetime, author: int, reason: str = "") -> None:
        card.status = "submitted"
        card.revision += 1
        card.submitted_at = when
        card.first_submitted_at = card.first_submitted_at or when
        db.session.flush()
        db.session.add(ScorecardRevision(scorecard_id=card.id, number=card.revision,
                                         content=card.content(), reason=reason,
                                         submitted_by_id=author, submitted_at=when))
        if card.revision == 1:
            self.summary.scorecards += 1


def _senior(b: _Builder) -> None:
    req = b.requisition(
        "Senior Software Engineer, Payments", "Payments", "senior-engineer",
        "Owns the payment orchestration services: design, on-call and mentoring.")
    # Q6's rounds; the optional take-home is done by some candidates and skipped by others.
    to_debrief = ["phone_screen", "technical_interviews", "final_round", DEBRIEF]
    with_take_home = ["phone_screen", "take_home", "technical_interviews", "final_round",
                      DEBRIEF]

    # Offer: strong everywhere, take-home included.
    amara = b.candidate(req, "Amara Okonkwo", "Referral", with_take_home, 30)
    plan = [("phone_screen", "ivan", {"coding": 4}),
            ("take_home_review", "sam", {"coding": 5}),
            ("system_design_interview", "priya", {"system_design": 5}),
            ("coding_interview", "sam", {"coding": 5}),
            ("debugging_interview", "lena", {"debugging": 4}),
            ("behavioral_interview", "marco", {"ownership": 4, "mentoring": 5}),
            ("architecture_review", "manager", {"system_design": 4, "ownership": 5}),
            ("pair_programming", "jun", {"coding": 4, "cultural_fit": 5}),
            ("values_interview", "marco", {"cultural_fit": 4})]
    votes = {"priya": "strong_yes", "sam": "strong_yes", "marco": "yes", "manager": "yes"}
    for i, (stage, who, scores) in enumerate(plan):
        b.scorecard(b.interview(amara, stage, who, -28 + i * 2), scores,
                    vote=votes.get(who, "none"))

    # No offer: complete, below the bar.
    ben = b.candidate(req, "Ben Carter", "LinkedIn", to_debrief, 28)
    plan = [("phone_screen", "sam", {"coding": 4}),
            ("system_design_interview", "priya", {"system_design": 3}),
            ("coding_interview", "ivan", {"coding": 4}),
            ("debugging_interview", "lena", {"debugging": 3}),
            ("behavioral_interview", "marco", {"ownership": 3, "mentoring": 2}),
            ("architecture_review", "manager", {"system_design": 3, "ownership": 4}),
            ("pair_programming", "jun", {"coding": 4, "cultural_fit": 4}),
            ("values_interview", "marco", {"cultural_fit": 4})]
    for i, (stage, who, scores) in enumerate(plan):
        flags = (("no_mentoring_evidence", "No example of mentoring anyone in six years."),) \
            if stage == "behavioral_interview" else ()
        # The holistic votes split; a Strong yes on a candidate below the bar is a topic.
        vote = {"pair_programming": "strong_yes", "coding_interview": "yes",
                "behavioral_interview": "no", "architecture_review": "no"}.get(stage, "none")
        b.scorecard(b.interview(ben, stage, who, -24 + i * 2), scores, flags=flags, vote=vote)

    # Discuss: meets the bar, but a red flag was raised; one amended scorecard (drift).
    chen = b.candidate(req, "Chen Wei", "Careers page", to_debrief, 25)
    plan = [("phone_screen", "ivan", {"coding": 5}),
            ("system_design_interview", "priya", {"system_design": 4}),
            ("system_design_interview", "sam", {"system_design": 2}),
            ("coding_interview", "jun", {"coding": 5}),
            ("debugging_interview", "lena", {"debugging": 3}),
            ("behavioral_interview", "marco", {"ownership": 4, "mentoring": 4}),
            ("architecture_review", "manager", {"system_design": 5, "ownership": 4}),
            ("pair_programming", "ivan", {"coding": 4, "cultural_fit": 4}),
            ("values_interview", "marco", {"cultural_fit": 4})]
    for i, (stage, who, scores) in enumerate(plan):
        flags: tuple[tuple[str, str], ...] = ()
        if who == "sam":
            flags = (("over_engineers", "Proposed Kafka and a service mesh for ~100 writes a "
                                        "day; held on to it when asked about cost."),)
        amended = {"debugging": 4} if stage == "debugging_interview" else None
        vote = {"priya": "yes", "sam": "definitely_not", "manager": "yes"}.get(who, "none")
        b.scorecard(b.interview(chen, stage, who, -21 + i * 2), scores, flags=flags,
                    amended=amended, vote=vote)

    # Incomplete: in debrief, but mentoring was never assessed.
    dana = b.candidate(req, "Dana Kowalski", "Agency", to_debrief, 22)
    plan = [("phone_screen", "sam", {"coding": 4}),
            ("system_design_interview", "priya", {"system_design": 4}),
            ("coding_interview", "ivan", {"coding": 4}),
            ("debugging_interview", "lena", {"debugging": 5}),
            ("behavioral_interview", "marco", {"ownership": 4, "mentoring": None}),
            ("pair_programming", "jun", {"coding": 4, "cultural_fit": 4})]
    for i, (stage, who, scores) in enumerate(plan):
        b.scorecard(b.interview(dana, stage, who, -18 + i * 2), scores)

    # Mid-pipeline, one candidate per round.
    elif_ = b.candidate(req, "Elif Demir", "Referral", ["phone_screen",
                                                         "technical_interviews"], 9)
    b.scorecard(b.interview(elif_, "phone_screen", "ivan", -6), {"coding": 4})
    loop = [("system_design_interview", "priya", 0), ("coding_interview", "sam", 60),
            ("debugging_interview", "lena", 120), ("behavioral_interview", "marco", 165)]
    for stage, who, minutes in loop:  # the technical loop, scheduled back to back
        iv = b.interview(elif_, stage, who, 2)
        iv.scheduled_at = iv.scheduled_at.replace(hour=9) + dt.timedelta(minutes=minutes)
    olu = b.candidate(req, "Olu Adeyemi", "Meetup", ["phone_screen", "take_home"], 8,
                      notes="Doing the take-home (a rate limiter); due on Friday.")
    b.scorecard(b.interview(olu, "phone_screen", "sam", -5), {"coding": 4})
    b.interview(olu, "take_home_review", "jun", 3)
    rafael = b.candidate(req, "Rafael Costa", "Referral",
                         ["phone_screen", "technical_interviews", "final_round"], 14)
    plan = [("phone_screen", "ivan", {"coding": 4}),
            ("system_design_interview", "priya", {"system_design": 4}),
            ("coding_interview", "sam", {"coding": 4}),
            ("debugging_interview", "lena", {"debugging": 5}),
            ("behavioral_interview", "marco", {"ownership": 4, "mentoring": 3}),
            ("pair_programming", "jun", {"coding": 4, "cultural_fit": 5})]
    for i, (stage, who, scores) in enumerate(plan):
        b.scorecard(b.interview(rafael, stage, who, -12 + i), scores)
    b.interview(rafael, "architecture_review", "manager", 1)
    b.interview(rafael, "values_interview", "marco", 1)
    farid = b.candidate(req, "Farid Haddad", "LinkedIn", ["phone_screen"], 5)
    iv = b.interview(farid, "phone_screen", "ivan", -3)  # overdue: a draft only
    b.scorecard(iv, {"coding": 3}, submitted=False)
    grace = b.candidate(req, "Grace Liu", "Conference", ["phone_screen"], 3)
    b.interview(grace, "phone_screen", "sam", 1)
    hannah = b.candidate(req, "Hannah Schmidt", "Careers page", ["phone_screen", "rejected"],
                         20, notes="Rejected after the phone screen; kind note sent.")
    b.scorecard(b.interview(hannah, "phone_screen", "sam", -14), {"coding": 2})
    ivo = b.candidate(req, "Ivo Novak", "Agency", ["phone_screen", "withdrawn"], 15,
                      notes="Accepted another offer.")
    b.scorecard(b.interview(ivo, "phone_screen", "ivan", -12), {"coding": 4})
    b.candidate(req, "Jonas Berg", "Careers page", [], 1)


def _manager(b: _Builder) -> None:
    req = b.requisition(
        "Engineering Manager, Platform", "Platform", "engineering-manager",
        "Leads the platform team of eight: reliability, developer experience, hiring.")
    rubric = req.rubric_version.rubric
    rounds = [r.id for r in rubric.rounds]
    julia = b.candidate(req, "Julia Alvarez", "Referral", [*rounds, DEBRIEF], 24)
    plan = [("hiring_manager_screen", "manager", {"people_leadership": 4}),
            ("people_management_interview", "marco", {"people_leadership": 4}),
            ("execution_interview", "lena", {"delivery_and_prioritisation": 4}),
            ("architecture_decision_interview", "priya", {"technical_judgment": 4}),
            ("incident_review_exercise", "sam", {"operational_excellence": 5}),
            ("cross_functional_interview", "jun", {"stakeholder_communication": 3})]
    for i, (stage, who, scores) in enumerate(plan):
        wanted = {c.id: scores.get(c.id, next(iter(scores.values())))
                  for c in rubric.stage_criteria(stage)}
        b.scorecard(b.interview(julia, stage, who, -20 + i * 2), wanted)
    kofi = b.candidate(req, "Kofi Mensah", "LinkedIn", rounds, 12)
    done = ["hiring_manager_screen", "people_management_interview", "execution_interview"]
    for i, stage in enumerate(done):
        wanted = {c.id: 3 + (i % 2) for c in rubric.stage_criteria(stage)}
        b.scorecard(b.interview(kofi, stage, ["manager", "marco", "lena"][i], -10 + i * 2),
                    wanted)
    b.interview(kofi, "architecture_decision_interview", "priya", 3)
    mateo = b.candidate(req, "Mateo García", "Agency", rounds[:2], 8)
    b.scorecard(b.interview(mateo, "hiring_manager_screen", "manager", -6),
                {c.id: 4 for c in rubric.stage_criteria("hiring_manager_screen")})
    b.interview(mateo, "people_management_interview", "marco", -3)  # overdue, nothing yet
    nadia = b.candidate(req, "Nadia Rahman", "Referral", rounds[:1], 4)
    b.interview(nadia, "hiring_manager_screen", "manager", 2)
    b.candidate(req, "Laura Becker", "Careers page", [], 2)


def load_demo(skip_if_users: bool = False) -> DemoSummary | None:
    """Load the demo (needs stored rubric versions); None when skipped because users exist.

    Idempotent: when the demo is already there, nothing is written and its summary is
    returned. The caller commits.
    """
    if skip_if_users and db.session.scalar(select(func.count(User.id))):
        return None
    if db.session.scalar(select(User).where(User.email == MARKER_EMAIL)) is not None:
        return _existing_summary()
    builder = _Builder()
    builder.people()
    _senior(builder)
    _manager(builder)
    load_history(builder)
    load_fairness_and_training(builder)
    load_documents(builder)
    # Written past the services: the committee index's summaries are computed here.
    evaluations.refresh_ids(evaluations.all_candidate_ids())
    audit.record("demo.loaded", actor_label="hiring demo", object_type="demo",
                 after={"requisitions": builder.summary.requisitions,
                        "candidates": builder.summary.candidates})
    return builder.summary


def _existing_summary() -> DemoSummary:
    summary = DemoSummary(created=False)
    summary.requisitions = _count(Requisition)
    summary.candidates = _count(Candidate)
    summary.interviews = _count(Interview)
    summary.scorecards = db.session.scalar(
        select(func.count(Scorecard.id)).where(Scorecard.status == "submitted")) or 0
    summary.logins = [(email, name, ", ".join(roles)) for _, name, email, roles in PEOPLE]
    return summary


def _count(model: type[Requisition] | type[Candidate] | type[Interview]) -> int:
    return db.session.scalar(select(func.count(model.id))) or 0

"""The data layer: one module per aggregate. Importing this package registers every model."""

from hiring.models.access_log import AccessRecord
from hiring.models.account_link import AccountLink
from hiring.models.api_token import ApiToken
from hiring.models.audit import AuditEvent
from hiring.models.calibration_attempt import CalibrationAttempt
from hiring.models.candidate import Candidate, StageMove
from hiring.models.decision import CommitteeDecision
from hiring.models.document import CandidateDocument
from hiring.models.evaluation import CandidateEvaluation
from hiring.models.interview import Interview
from hiring.models.login_attempt import LoginAttempt
from hiring.models.mail import OutboxMessage
from hiring.models.mfa import RecoveryCode, TotpAuthenticator
from hiring.models.packet import Packet, PacketJob
from hiring.models.requisition import Requisition
from hiring.models.rubric_version import RubricVersion
from hiring.models.scorecard import Scorecard, ScorecardFlag, ScorecardRevision, ScorecardScore
from hiring.models.self_identification import SelfIdentification, SelfIdInvitation
from hiring.models.session import UserSession
from hiring.models.user import User, UserRole

__all__ = [
    "AccessRecord",
    "AccountLink",
    "ApiToken",
    "AuditEvent",
    "CalibrationAttempt",
    "Candidate",
    "CandidateDocument",
    "CandidateEvaluation",
    "CommitteeDecision",
    "Interview",
    "LoginAttempt",
    "OutboxMessage",
    "Packet",
    "PacketJob",
    "RecoveryCode",
    "Requisition",
    "RubricVersion",
    "Scorecard",
    "ScorecardFlag",
    "ScorecardRevision",
    "ScorecardScore",
    "SelfIdInvitation",
    "SelfIdentification",
    "StageMove",
    "TotpAuthenticator",
    "User",
    "UserRole",
    "UserSession",
]

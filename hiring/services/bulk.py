"""Bulk actions on the candidate list: move or reject several candidates at once.

Each candidate goes through ``move_candidate``, the single-candidate action, so a bulk move
obeys exactly the same pipeline rules (offers only after the committee's decision, hired
after offer, confirmation past unscored interviews). All or nothing: every candidate is
tried, so the refusal names each one that cannot move and why, and nothing is kept unless
all of them moved. Permission is the caller's: ``permissions.can_manage_candidates``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hiring.domain.pipeline import REJECTED
from hiring.extensions import db
from hiring.models import Candidate, StageMove, User
from hiring.services.candidates import MAX_NOTE, move_candidate
from hiring.services.errors import ServiceError, ValidationFailed

MAX_SELECTED = 500  # a page is 25-100 rows; anything far past that is not a person clicking


class BulkRefused(ValidationFailed):
    """Some selected candidates cannot make the move; nothing was changed. The form-wide
    messages (key "") count them, then give each reason once with the candidates it
    stops (``problems``: (candidate name, reason) pairs)."""

    NAMES_SHOWN = 12

    def __init__(self, problems: list[tuple[str, str]], selected: int) -> None:
        self.problems = problems
        by_reason: dict[str, list[str]] = {}
        for name, reason in problems:
            by_reason.setdefault(reason, []).append(name)
        lines = []
        for reason, names in by_reason.items():
            shown = ", ".join(names[:self.NAMES_SHOWN])
            if len(names) > self.NAMES_SHOWN:
                shown += f" and {len(names) - self.NAMES_SHOWN} more"
            lines.append(f"{shown}: {reason}")
        stopped = len({name for name, _ in problems})
        super().__init__({"": [f"{stopped} of the {selected} selected candidates cannot make "
                               "this move, so none was moved.", *lines]})


def check_selection(candidates: Sequence[Candidate]) -> None:
    """ValidationFailed (field ``candidate``) when nothing, or far too much, is selected."""
    if not candidates:
        raise ValidationFailed({"candidate": ["Select at least one candidate in the list."]})
    if len(candidates) > MAX_SELECTED:
        raise ValidationFailed({"candidate": [
            f"Select at most {MAX_SELECTED} candidates at once."]})


def move_candidates(candidates: Sequence[Candidate], to_stage: str, note: str = "",
                    actor: User | None = None,
                    confirm_unscored: bool = False) -> list[StageMove]:
    """Move every candidate to ``to_stage`` (one history entry and audit event each, as a
    single move), or none of them: raises BulkRefused listing each candidate that cannot
    move, with the single move's reason."""
    check_selection(candidates)
    if not to_stage:
        raise ValidationFailed({"stage": ["Choose the stage to move the candidates to."]})
    if len(note.strip()) > MAX_NOTE:
        raise ValidationFailed({"note": [f"Use at most {MAX_NOTE} characters."]})
    moves: list[StageMove] = []
    problems: list[tuple[str, str]] = []
    savepoint = db.session.begin_nested()
    try:
        for candidate in candidates:
            name = candidate.name
            try:
                moves.append(move_candidate(candidate, to_stage, note, actor=actor,
                                            confirm_unscored=confirm_unscored))
            except ServiceError as exc:
                problems.extend((name, message) for message in _messages(exc))
        if problems:
            raise BulkRefused(problems, len(candidates))
    except ServiceError:
        savepoint.rollback()  # the candidates that could move stay where they were
        raise
    savepoint.commit()
    return moves


def reject_candidates(candidates: Sequence[Candidate], reason: str,
                      actor: User | None = None) -> list[StageMove]:
    """Reject every candidate with ``reason`` (kept as each move's note), or none of them.
    ValidationFailed (field ``reason``) without a reason: a rejection is explained."""
    reason = reason.strip()
    check_selection(candidates)
    if not reason:
        raise ValidationFailed({"reason": ["Say why the candidates are rejected."]})
    if len(reason) > MAX_NOTE:
        raise ValidationFailed({"reason": [f"Use at most {MAX_NOTE} characters."]})
    return move_candidates(candidates, REJECTED, reason, actor=actor)


def _messages(exc: ServiceError) -> list[str]:
    if isinstance(exc, ValidationFailed):
        return [m for messages in exc.errors.values() for m in messages]
    return [str(exc)]

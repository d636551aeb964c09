"""Parsing a rubric's ``rounds:``: the pipeline's steps and the interview stages each holds.

Kept apart from ``rubric_loader`` (which calls it) because the rules are their own: every
stage in exactly one round, ids that cannot be mistaken for a pipeline state or for a stage
of another round, and a time budget that fits the round's interviews.
"""

from __future__ import annotations

import re
from typing import Any

from hiring.domain.rubric import RESERVED_STAGE_IDS, Round, Stage
from hiring.domain.validation import MISSING, Checker

ITEM_ID = re.compile(r"^[a-z0-9_]+$")


def parse_rounds(check: Checker, data: Any, stages: list[Stage],
                 stage_ids: dict[str, int]) -> list[Round]:
    """The declared rounds, recording every problem in ``check``; [] when none are declared.

    ``stages`` are the valid stages, ``stage_ids`` every stage id written with its position
    (a stage with another problem is still known, so that it is not reported twice).
    """
    if data is MISSING:
        return []
    items = check.sequence(data, "rounds", non_empty=True)
    by_id = {s.id: s for s in stages}
    holder: dict[str, str] = {}  # stage id -> the round that lists it first
    round_ids: set[str] = set()
    rounds: list[Round] = []
    nodes: list[tuple[str, str | None, list[str]]] = []
    for index, item in enumerate(items):
        path = f"rounds[{index}]"
        node = check.mapping(item, path, required=("id", "name", "interviews"),
                             optional=("minutes", "optional"))
        if node is None:
            continue
        rid = check.text(node, "id", path, pattern=ITEM_ID, pattern_hint="[a-z0-9_]+")
        if rid is not None and rid in round_ids:
            check.problem(f"{path}.id", f"duplicate round id '{rid}'")
            rid = None
        elif rid in RESERVED_STAGE_IDS:
            check.problem(f"{path}.id", f"'{rid}' is a pipeline state; choose another id")
            rid = None
        elif rid is not None:
            round_ids.add(rid)
        name = check.text(node, "name", path)
        minutes = _minutes(check, node, path)
        optional = node.get("optional", False)
        if not isinstance(optional, bool):
            check.problem(f"{path}.optional", "must be true or false")
        interviews = _interviews(check, node.get("interviews", MISSING), path, rid,
                                 stage_ids, holder)
        nodes.append((path, rid, interviews))
        if rid is None or name is None or minutes is False or not interviews:
            continue
        planned = sum(by_id[s].minutes for s in interviews if s in by_id)
        if isinstance(minutes, int) and minutes < planned:
            check.problem(f"{path}.minutes", f"{minutes} is less than the {planned} minutes "
                                             "its interviews take")
        rounds.append(Round(rid, name, minutes if isinstance(minutes, int) else None,
                            optional is True, tuple(interviews)))
    for path, rid, _ in nodes:
        # A round named like a stage must hold that stage: a stored state that is a stage
        # id (a candidate moved before rounds existed) must mean one round only.
        if rid is not None and rid in stage_ids and holder.get(rid, rid) != rid:
            check.problem(f"{path}.id", f"'{rid}' is the id of a stage in round "
                                        f"'{holder[rid]}'; a round may share an id only "
                                        "with a stage it holds")
    if items:
        for sid, index in stage_ids.items():
            if sid not in holder:
                check.problem(f"stages[{index}].id", f"stage '{sid}' is in no round")
    return rounds


def _minutes(check: Checker, node: dict[Any, Any], path: str) -> int | bool | None:
    """The round's minutes, None when absent, False when invalid (already reported)."""
    if "minutes" not in node:
        return None
    minutes = check.integer(node, "minutes", path)
    if minutes is None:
        return False
    if minutes <= 0:
        check.problem(f"{path}.minutes", "must be > 0")
        return False
    return minutes


def _interviews(check: Checker, data: Any, path: str, rid: str | None,
                stage_ids: dict[str, int], holder: dict[str, str]) -> list[str]:
    field = f"{path}.interviews"
    if isinstance(data, list) and not data:
        check.problem(field, "a round needs at least one interview stage")
        return []
    interviews: list[str] = []
    for i, sid in enumerate(check.sequence(data, field)):
        where = f"{field}[{i}]"
        if not isinstance(sid, str) or (stage_ids and sid not in stage_ids):
            # With no stage written at all, the stages' own problem is the one to fix.
            check.problem(where, f"unknown stage {sid!r}")
        elif sid in interviews:
            check.problem(where, f"stage '{sid}' is listed twice in this round")
        elif sid in holder:
            check.problem(where, f"stage '{sid}' is already in round '{holder[sid]}'; "
                                 "a stage belongs to exactly one round")
        else:
            holder[sid] = rid or path
            interviews.append(sid)
    return interviews

"""Rounds: moves record the rounds they passed; candidates move from interviews to rounds

Revision ID: b1_rounds
Revises: a3_committee_decisions
Create Date: 2026-11-30

Before rounds, every interview stage of a rubric was a step of the pipeline, and candidates
sat in one interview stage at a time. The shipped rubrics now group their stages into
rounds (the senior-engineer rubric follows Q6: phone screen, technical interviews, final
round). Stored rubric versions are immutable snapshots (their version is the hash of their
content), so this migration does not edit them: for each stored version of a shipped
rubric without rounds, it stores a new version, the same content plus the rounds of that
rubric over the stages the old version has, and re-pins the requisitions on the old
version to it. Criteria, weights, stages and the decision policy are unchanged, so every
score and decision keeps its meaning; scorecards and decisions keep the version they were
given under, which stays readable.

Candidates of those requisitions move from the interview stage they were in to the round
that holds it, and their move history is rewritten in rounds: consecutive moves inside one
round become one stay, so time in stage counts the round. Rubrics this migration does not
know keep working as before: without ``rounds:`` each stage is its own round.

Downgrade re-pins requisitions to the version they had and puts each candidate in the
first interview of their round; the stays merged on upgrade stay merged.
"""

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "b1_rounds"
down_revision = "a3_committee_decisions"
branch_labels = None
depends_on = None

MARK = "rounds added by migration b1 to version "

# The rounds of the shipped rubrics, as written in rubrics/*.yaml when rounds arrived.
# Kept here, not read from the files: a migration must do the same thing whenever it runs.
LAYOUTS = {
    "senior-engineer": [
        {"id": "phone_screen", "name": "Phone Screen", "minutes": 45,
         "interviews": ["phone_screen"]},
        {"id": "take_home", "name": "Take-Home Assignment", "optional": True, "minutes": 360,
         "interviews": ["take_home_review"]},
        {"id": "technical_interviews", "name": "Technical Interviews", "minutes": 240,
         "interviews": ["system_design_interview", "coding_interview", "debugging_interview",
                        "behavioral_interview"]},
        {"id": "final_round", "name": "On-site / Final Round", "minutes": 240,
         "interviews": ["architecture_review", "pair_programming", "values_interview"]},
    ],
    "engineering-manager": [
        {"id": "manager_screen", "name": "Hiring Manager Screen", "minutes": 30,
         "interviews": ["hiring_manager_screen"]},
        {"id": "leadership_loop", "name": "Leadership Interviews", "minutes": 120,
         "interviews": ["people_management_interview", "execution_interview"]},
        {"id": "final_round", "name": "Final Round", "minutes": 180,
         "interviews": ["architecture_decision_interview", "incident_review_exercise",
                        "cross_functional_interview"]},
    ],
}

rubric_versions = sa.table(
    "rubric_versions", sa.column("id", sa.Integer), sa.column("rubric_key", sa.String),
    sa.column("version", sa.String), sa.column("title", sa.String),
    sa.column("source", sa.String), sa.column("snapshot", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)))
requisitions = sa.table(
    "requisitions", sa.column("id", sa.Integer), sa.column("rubric_version_id", sa.Integer))
candidates = sa.table(
    "candidates", sa.column("id", sa.Integer), sa.column("requisition_id", sa.Integer),
    sa.column("stage", sa.String), sa.column("stage_entered_at", sa.DateTime(timezone=True)))
stage_moves = sa.table(
    "stage_moves", sa.column("id", sa.Integer), sa.column("candidate_id", sa.Integer),
    sa.column("from_stage", sa.String), sa.column("to_stage", sa.String),
    sa.column("moved_at", sa.DateTime(timezone=True)))
audit_events = sa.table(
    "audit_events", sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor_label", sa.String), sa.column("action", sa.String),
    sa.column("object_type", sa.String), sa.column("object_id", sa.String),
    sa.column("before", sa.JSON), sa.column("after", sa.JSON), sa.column("ip", sa.String))


def _canonical(data):
    """hiring.domain.rubric_loader.canonical_json, repeated: the version is its sha256."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _now(bind):
    now = dt.datetime.now(dt.UTC)
    return now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now


def _rounds_for(rubric_key, snapshot):
    """The layout's rounds over the snapshot's stages, or None when they do not fit it."""
    layout = LAYOUTS.get(rubric_key)
    if layout is None or "rounds" in snapshot:
        return None
    stages = [s.get("id") for s in snapshot.get("stages") or [] if isinstance(s, dict)]
    rounds = []
    for layout_round in layout:
        held = [sid for sid in layout_round["interviews"] if sid in stages]
        if held:
            rounds.append({**layout_round, "interviews": held})
    listed = [sid for r in rounds for sid in r["interviews"]]
    if sorted(listed) != sorted(stages):
        return None  # an edited copy with stages the layout does not know: leave it as it is
    minutes = {s["id"]: s.get("minutes") for s in snapshot["stages"]}
    for r in rounds:
        if any(not isinstance(minutes[sid], int) for sid in r["interviews"]):
            return None
        if r.get("minutes") is not None and r["minutes"] < sum(minutes[s] for s in r["interviews"]):
            del r["minutes"]  # the old stages took longer than today's budget: no budget
    return rounds


def _derived_versions(bind):
    """{old version id: (new version id, {stage id: round id})} for every version that fits."""
    found = {}
    rows = bind.execute(sa.select(rubric_versions)).mappings().all()
    by_hash = {row["version"]: row["id"] for row in rows}
    for row in rows:
        snapshot = row["snapshot"]
        if isinstance(snapshot, str):
            snapshot = json.loads(snapshot)
        rounds = _rounds_for(row["rubric_key"], snapshot)
        if not rounds:
            continue
        new_snapshot = {**snapshot, "rounds": rounds}
        version = hashlib.sha256(_canonical(new_snapshot).encode()).hexdigest()
        new_id = by_hash.get(version)
        if new_id is None:
            bind.execute(sa.insert(rubric_versions).values(
                rubric_key=row["rubric_key"], version=version, title=row["title"],
                source=(MARK + row["version"])[:500], snapshot=new_snapshot,
                created_at=_now(bind)))
            new_id = bind.execute(sa.select(rubric_versions.c.id).where(
                rubric_versions.c.version == version)).scalar_one()
            by_hash[version] = new_id
        mapping = {sid: r["id"] for r in rounds for sid in r["interviews"]}
        found[row["id"]] = (new_id, row["version"], version, mapping)
    return found


def _move_candidates(bind, requisition_id, mapping):
    """Each candidate into the round of their stage; consecutive moves in one round merged."""
    moved = 0
    rows = bind.execute(sa.select(candidates).where(
        candidates.c.requisition_id == requisition_id)).mappings().all()
    for cand in rows:
        history = bind.execute(
            sa.select(stage_moves).where(stage_moves.c.candidate_id == cand["id"])
            .order_by(stage_moves.c.moved_at, stage_moves.c.id)).mappings().all()
        kept = None  # (to_stage, moved_at) of the last move kept
        for move in history:
            to_stage = mapping.get(move["to_stage"], move["to_stage"])
            if kept is not None and to_stage == kept[0]:
                bind.execute(sa.delete(stage_moves).where(stage_moves.c.id == move["id"]))
                continue
            from_stage = move["from_stage"]
            bind.execute(sa.update(stage_moves).where(stage_moves.c.id == move["id"]).values(
                to_stage=to_stage,
                from_stage=kept[0] if kept is not None else mapping.get(from_stage, from_stage)))
            kept = (to_stage, move["moved_at"])
        stage = mapping.get(cand["stage"], cand["stage"])
        if stage != cand["stage"]:
            moved += 1
            entered = kept[1] if kept is not None and kept[0] == stage else cand[
                "stage_entered_at"]
            bind.execute(sa.update(candidates).where(candidates.c.id == cand["id"]).values(
                stage=stage, stage_entered_at=entered))
    return moved


def upgrade():
    with op.batch_alter_table("stage_moves", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passed_rounds", sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))

    bind = op.get_bind()
    derived = _derived_versions(bind)
    for old_id, (new_id, old_version, new_version, mapping) in derived.items():
        pinned = bind.execute(sa.select(requisitions.c.id).where(
            requisitions.c.rubric_version_id == old_id)).scalars().all()
        for requisition_id in pinned:
            bind.execute(sa.update(requisitions).where(requisitions.c.id == requisition_id)
                         .values(rubric_version_id=new_id))
            moved = _move_candidates(bind, requisition_id, mapping)
            bind.execute(sa.insert(audit_events).values(
                at=_now(bind), actor_label="migration b1_rounds",
                action="requisition.rubric_changed", object_type="requisition",
                object_id=str(requisition_id), before={"rubric_version": old_version},
                after={"rubric_version": new_version, "reason": "rounds added",
                       "candidates_moved_to_rounds": moved},
                ip=""))


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(rubric_versions).where(
        rubric_versions.c.source.like(MARK + "%"))).mappings().all()
    hashes = {row["version"]: row["id"]
              for row in bind.execute(sa.select(rubric_versions.c.version,
                                                rubric_versions.c.id)).mappings()}
    for row in rows:
        old_id = hashes.get(row["source"][len(MARK):])
        snapshot = row["snapshot"]
        if isinstance(snapshot, str):
            snapshot = json.loads(snapshot)
        if old_id is None:
            continue
        first = {r["id"]: r["interviews"][0] for r in snapshot.get("rounds") or []}
        pinned = bind.execute(sa.select(requisitions.c.id).where(
            requisitions.c.rubric_version_id == row["id"])).scalars().all()
        for requisition_id in pinned:
            bind.execute(sa.update(requisitions).where(requisitions.c.id == requisition_id)
                         .values(rubric_version_id=old_id))
            ids = sa.select(candidates.c.id).where(
                candidates.c.requisition_id == requisition_id).scalar_subquery()
            for round_id, stage_id in first.items():
                if round_id == stage_id:
                    continue
                bind.execute(sa.update(candidates).where(
                    candidates.c.requisition_id == requisition_id,
                    candidates.c.stage == round_id).values(stage=stage_id))
                bind.execute(sa.update(stage_moves).where(
                    stage_moves.c.candidate_id.in_(ids),
                    stage_moves.c.to_stage == round_id).values(to_stage=stage_id))
                bind.execute(sa.update(stage_moves).where(
                    stage_moves.c.candidate_id.in_(ids),
                    stage_moves.c.from_stage == round_id).values(from_stage=stage_id))

    with op.batch_alter_table("stage_moves", schema=None) as batch_op:
        batch_op.drop_column("passed_rounds")

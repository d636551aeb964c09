"""An interviewer's interviews indexed by status and start, with the candidate

Revision ID: f4_interviewer_queue_index
Revises: f3_candidate_stage_queue
Create Date: 2026-12-01
"""

from alembic import op

revision = "f4_interviewer_queue_index"
down_revision = "f3_candidate_stage_queue"
branch_labels = None
depends_on = None


def upgrade():
    # Starts with the old index's columns: what it served, this one serves.
    op.create_index("ix_interviews_interviewer_queue", "interviews",
                    ["interviewer_id", "status", "scheduled_at", "candidate_id"])
    op.drop_index("ix_interviews_interviewer_status", table_name="interviews")


def downgrade():
    op.create_index("ix_interviews_interviewer_status", "interviews", ["interviewer_id", "status"])
    op.drop_index("ix_interviews_interviewer_queue", table_name="interviews")

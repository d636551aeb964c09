"""Candidates indexed per requisition and stage in waiting order (the committee index)

Revision ID: f3_candidate_stage_queue
Revises: f2_access_kind_document
Create Date: 2026-12-01
"""

from alembic import op

revision = "f3_candidate_stage_queue"
down_revision = "f2_access_kind_document"
branch_labels = None
depends_on = None


def upgrade():
    # The new index starts with the old one's columns, so every query the old one served
    # keeps an index.
    op.create_index("ix_candidates_stage_queue", "candidates",
                    ["requisition_id", "stage", "stage_entered_at", "id"])
    op.drop_index("ix_candidates_requisition_stage", table_name="candidates")


def downgrade():
    op.create_index("ix_candidates_requisition_stage", "candidates", ["requisition_id", "stage"])
    op.drop_index("ix_candidates_stage_queue", table_name="candidates")

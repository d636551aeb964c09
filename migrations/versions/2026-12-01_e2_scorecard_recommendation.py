"""The interviewer's holistic recommendation on a scorecard

Revision ID: e2_scorecard_recommendation
Revises: e1_candidate_documents
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "e2_scorecard_recommendation"
down_revision = "e1_candidate_documents"
branch_labels = None
depends_on = None

VOTES = "('none', 'definitely_not', 'no', 'yes', 'strong_yes')"


def upgrade():
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recommendation", sa.String(length=16), nullable=False,
                                      server_default=sa.text("'none'")))
        batch_op.create_check_constraint(op.f("ck_scorecards_known_recommendation"),
                                         f"recommendation IN {VOTES}")


def downgrade():
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scorecards_known_recommendation"), type_="check")
        batch_op.drop_column("recommendation")

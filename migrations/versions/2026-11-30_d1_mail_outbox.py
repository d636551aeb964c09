"""The mail outbox: reminders, calendar invitations and debrief notices, queued before sending

Revision ID: d1_mail_outbox
Revises: c2_calibration_attempts
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "d1_mail_outbox"
down_revision = "c2_calibration_attempts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('calendar', sa.Text(), nullable=False),
    sa.Column('calendar_method', sa.String(length=10), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('interview_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed')",
                       name=op.f('ck_mail_outbox_known_state')),
    sa.CheckConstraint("kind IN ('reminder', 'reminder-manual', 'invitation', 'debrief-ready')",
                       name=op.f('ck_mail_outbox_known_kind')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_mail_outbox_attempts_not_negative')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'],
                            name=op.f('fk_mail_outbox_candidate_id_candidates'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'],
                            name=op.f('fk_mail_outbox_interview_id_interviews'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'],
                            name=op.f('fk_mail_outbox_recipient_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_candidate_id'), ['candidate_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_mail_outbox_recipient_id'), ['recipient_id'],
                              unique=False)
        batch_op.create_index('ix_mail_outbox_interview_kind', ['interview_id', 'kind'],
                              unique=False)
        batch_op.create_index('ix_mail_outbox_state_next_attempt_at',
                              ['state', 'next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_state_next_attempt_at')
        batch_op.drop_index('ix_mail_outbox_interview_kind')
        batch_op.drop_index(batch_op.f('ix_mail_outbox_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_mail_outbox_candidate_id'))
    op.drop_table('mail_outbox')

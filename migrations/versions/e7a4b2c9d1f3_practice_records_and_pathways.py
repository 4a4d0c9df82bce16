"""practice records and shown pathways

Practitioners record attested practice (hours or sessions of a kind, the attester, the state
of the attestation) and may show a completed pathway publicly (SPEC R19). Notifications gain
a place: one's practice records.

Revision ID: e7a4b2c9d1f3
Revises: c1f0a7d3e9b2
Create Date: 2026-12-01 19:30:00

"""
import sqlalchemy as sa
from alembic import op

import ipn.models.base

# revision identifiers, used by Alembic.
revision = 'e7a4b2c9d1f3'
down_revision = 'c1f0a7d3e9b2'
branch_labels = None
depends_on = None

OLD_PLACES = "place IN ('me', 'group', 'workspace', 'statement', 'links', 'concerns', 'rules')"
PLACES = "place IN ('me', 'group', 'workspace', 'statement', 'links', 'concerns', 'rules', 'practice')"
KINDS = ("kind IN ('balint_participation', 'supervised_leading', 'leadership_seminar', "
         "'cocounselling_training', 'intervision_group', 'theory_course', 'own_therapy', "
         "'prior_accreditation')")
STATES = "state IN ('awaiting', 'attested', 'declined', 'withdrawn')"


def upgrade():
    op.create_table(
        'practice_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('started', sa.Date(), nullable=False),
        sa.Column('ended', sa.Date(), nullable=False),
        sa.Column('minutes', sa.Integer(), server_default='0', nullable=False),
        sa.Column('sessions', sa.Integer(), server_default='0', nullable=False),
        sa.Column('attester_id', sa.Integer(), nullable=False),
        sa.Column('pathway', sa.String(length=60), nullable=True),
        sa.Column('note', sa.String(length=500), server_default='', nullable=False),
        sa.Column('state', sa.String(length=20), server_default='awaiting', nullable=False),
        sa.Column('created_at', ipn.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column('answered_at', ipn.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_at', ipn.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(KINDS, name=op.f('ck_practice_records_kind_known')),
        sa.CheckConstraint(STATES, name=op.f('ck_practice_records_state_known')),
        sa.CheckConstraint('minutes >= 0 AND sessions >= 0', name=op.f('ck_practice_records_amounts_not_negative')),
        sa.CheckConstraint("kind = 'prior_accreditation' OR minutes > 0 OR sessions > 0",
                           name=op.f('ck_practice_records_some_practice')),
        sa.CheckConstraint('ended >= started', name=op.f('ck_practice_records_ends_after_start')),
        sa.CheckConstraint('attester_id <> practitioner_id', name=op.f('ck_practice_records_not_self_attested')),
        sa.CheckConstraint("(kind = 'prior_accreditation') = (pathway IS NOT NULL)",
                           name=op.f('ck_practice_records_prior_names_pathway')),
        sa.CheckConstraint("(state = 'awaiting') = (answered_at IS NULL)",
                           name=op.f('ck_practice_records_answered_when')),
        sa.CheckConstraint("(state = 'withdrawn') = (withdrawn_at IS NOT NULL)",
                           name=op.f('ck_practice_records_withdrawn_when')),
        sa.ForeignKeyConstraint(['attester_id'], ['practitioners.id'],
                                name=op.f('fk_practice_records_attester_id_practitioners')),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_practice_records_practitioner_id_practitioners')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_records')),
    )
    with op.batch_alter_table('practice_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_records_attester_id'), ['attester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_records_practitioner_id'), ['practitioner_id'], unique=False)
    op.create_table(
        'shown_pathways',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('pathway', sa.String(length=60), nullable=False),
        sa.Column('created_at', ipn.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_shown_pathways_practitioner_id_practitioners')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shown_pathways')),
        sa.UniqueConstraint('practitioner_id', 'pathway', name=op.f('uq_shown_pathways_practitioner_id_pathway')),
    )
    with op.batch_alter_table('shown_pathways', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shown_pathways_practitioner_id'), ['practitioner_id'], unique=False)
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notifications_place_known'), type_='check')
        batch_op.create_check_constraint('place_known', PLACES)


def downgrade():
    notifications = sa.table('notifications', sa.column('place', sa.String))
    op.execute(notifications.update().where(notifications.c.place == 'practice').values(place='me'))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notifications_place_known'), type_='check')
        batch_op.create_check_constraint('place_known', OLD_PLACES)
    with op.batch_alter_table('shown_pathways', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shown_pathways_practitioner_id'))
    op.drop_table('shown_pathways')
    with op.batch_alter_table('practice_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_records_practitioner_id'))
        batch_op.drop_index(batch_op.f('ix_practice_records_attester_id'))
    op.drop_table('practice_records')

"""live stand-bys by group

A partial index of the live stand-bys by group (with both stays), so that counting every
group's live stand-bys, as `ipn reevaluate --all` does, reads the index alone (issue 13).

Revision ID: a7c3e5f1b9d2
Revises: c6e2a9d4f871
Create Date: 2026-12-04 19:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b9d2'
down_revision = 'c6e2a9d4f871'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stand_bys', schema=None) as batch_op:
        batch_op.create_index('ix_stand_bys_live_by_group', ['group_id', 'giver_id', 'receiver_id'], unique=False,
                              sqlite_where=sa.text('withdrawn_at IS NULL'),
                              postgresql_where=sa.text('withdrawn_at IS NULL'))


def downgrade():
    with op.batch_alter_table('stand_bys', schema=None) as batch_op:
        batch_op.drop_index('ix_stand_bys_live_by_group', sqlite_where=sa.text('withdrawn_at IS NULL'),
                            postgresql_where=sa.text('withdrawn_at IS NULL'))

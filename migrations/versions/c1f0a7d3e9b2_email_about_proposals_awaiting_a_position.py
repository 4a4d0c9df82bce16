"""email about proposals awaiting one's position

Each person chooses whether the registry emails them when a proposal awaits their position
at a Gathering they attended (on by default, like the other kinds).

Revision ID: c1f0a7d3e9b2
Revises: 5b9e2f7c1d34
Create Date: 2026-12-01 18:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1f0a7d3e9b2'
down_revision = '5b9e2f7c1d34'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_positions', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.drop_column('mail_positions')

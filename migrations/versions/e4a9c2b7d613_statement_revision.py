"""a draft statement's revision

Every edit of a draft adds one to its revision, so an endorsement can name the version it
endorses and a stale one is refused (issue 12: endorse versus edit).

Revision ID: e4a9c2b7d613
Revises: e7a4c2b9d815
Create Date: 2026-12-01 19:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4a9c2b7d613'
down_revision = 'e7a4c2b9d815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_column('revision')

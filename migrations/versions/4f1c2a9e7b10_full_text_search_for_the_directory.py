"""full-text search for the directory

The index lives outside the models (GIN expression indexes on PostgreSQL, an FTS5 table with
triggers on SQLite): ipn.services.search_index builds and drops it, and migrations/env.py keeps
Alembic's comparison away from it.

Revision ID: 4f1c2a9e7b10
Revises: be6ff41c3004
Create Date: 2026-11-23 10:00:00

"""
from alembic import op

from ipn.services.search_index import drop_search_index, ensure_search_index


# revision identifiers, used by Alembic.
revision = '4f1c2a9e7b10'
down_revision = 'be6ff41c3004'
branch_labels = None
depends_on = None


def upgrade():
    ensure_search_index(op.get_bind())


def downgrade():
    drop_search_index(op.get_bind())

"""SQLite: the words of every name, region and statement, as written, in an index of their own
(group_search_words and its vocabulary), so that an unfinished last word of a search is looked
for as the whole words it may be; the search index's triggers made anew to keep it.

Revision ID: b8d4f2a6c3e1
Revises: a7c3e5f1b9d2
"""
from alembic import op

from ipn.services.search_index import ensure_search_index

revision = 'b8d4f2a6c3e1'
down_revision = 'a7c3e5f1b9d2'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":  # PostgreSQL's index is as it was
        ensure_search_index(connection)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for name in ("group_search_words_vocab", "group_search_words"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
        # The triggers as they were: without the words table they would fail on every write.
        from ipn.services import search_index
        for name in search_index.SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")

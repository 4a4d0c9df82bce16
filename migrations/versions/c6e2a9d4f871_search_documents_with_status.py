"""one search document per group, its status in it

The directory's index is rebuilt as ipn.services.search_index builds it now: on PostgreSQL a
table of one tsvector per group (name, region, current statement and status) with a GIN
index and triggers, in place of the two expression indexes; on SQLite the FTS5 table gains a
`state` column. A search, with the status it asks for, is then counted from the index alone.

Revision ID: c6e2a9d4f871
Revises: b5d1e8f3a2c7
Create Date: 2026-12-02 19:30:00

"""
from alembic import op

from ipn.services.search_index import drop_search_index, ensure_search_index

# revision identifiers, used by Alembic.
revision = 'c6e2a9d4f871'
down_revision = 'b5d1e8f3a2c7'
branch_labels = None
depends_on = None

# The first index, as migration 4f1c2a9e7b10 built it, written out for the way back.
OLD_PG = [
    "CREATE INDEX IF NOT EXISTS ix_search_groups ON groups "
    "USING gin ((to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(region, ''))))",
    "CREATE INDEX IF NOT EXISTS ix_search_statements ON statements "
    "USING gin ((to_tsvector('english', text))) WHERE state = 'published'",
]
OLD_SQLITE = [
    "CREATE VIRTUAL TABLE group_search USING fts5(name, region, statement, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    """CREATE TRIGGER group_search_ai AFTER INSERT ON groups BEGIN
        INSERT INTO group_search(rowid, name, region, statement) VALUES (new.id, new.name, new.region, '');
    END""",
    """CREATE TRIGGER group_search_au AFTER UPDATE OF name, region ON groups BEGIN
        UPDATE group_search SET name = new.name, region = new.region WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER group_search_ad AFTER DELETE ON groups BEGIN
        DELETE FROM group_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER group_search_statement_ai AFTER INSERT ON statements
        WHEN new.state = 'published' BEGIN
        UPDATE group_search SET statement = new.text WHERE rowid = new.group_id;
    END""",
    """CREATE TRIGGER group_search_statement_au AFTER UPDATE OF state, text ON statements
        WHEN new.state = 'published' BEGIN
        UPDATE group_search SET statement = new.text WHERE rowid = new.group_id;
    END""",
    "INSERT INTO group_search(rowid, name, region, statement) SELECT g.id, g.name, g.region, coalesce(s.text, '') "
    "FROM groups g LEFT JOIN statements s ON s.group_id = g.id AND s.state = 'published'",
]


def upgrade():
    connection = op.get_bind()
    drop_search_index(connection)
    ensure_search_index(connection)


def downgrade():
    connection = op.get_bind()
    drop_search_index(connection)
    for statement in OLD_PG if connection.dialect.name == "postgresql" else OLD_SQLITE:
        op.execute(statement)

"""announce each new generation (PostgreSQL)

On PostgreSQL a trigger on network_generation sends NOTIFY ipn_generation with the new number
and time as the change commits, so that each process knows the network's generation without
asking on every request (issue 13: cached pages that ask the database nothing). SQLite has no
NOTIFY and keeps reading the row.

Revision ID: b5d1e8f3a2c7
Revises: e4a9c2b7d613
Create Date: 2026-12-02 09:00:00

"""
from alembic import op

# As ipn.models.generation has them today, written out: a migration does not change with the code.
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION ipn_generation_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ipn_generation', NEW.generation || ' ' || NEW.changed);
    RETURN NULL;
END $$"""
NOTIFY_TRIGGER = ("CREATE TRIGGER network_generation_notify AFTER INSERT OR UPDATE ON network_generation "
                  "FOR EACH ROW EXECUTE FUNCTION ipn_generation_notify()")

# revision identifiers, used by Alembic.
revision = 'b5d1e8f3a2c7'
down_revision = 'e4a9c2b7d613'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS network_generation_notify ON network_generation")
        op.execute("DROP FUNCTION IF EXISTS ipn_generation_notify()")

"""The network's generation: one row whose number goes up in the same transaction as any
change that can alter a public page (ipn.services.generation), so that a cached page is
current exactly while the number it was rendered at is."""

from __future__ import annotations

from sqlalchemy import DDL, BigInteger, CheckConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ipn.models.base import Base


class NetworkGeneration(Base):
    __tablename__ = "network_generation"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # When it last went up, in whole seconds since 1970 (UTC): a page's Last-Modified. Kept
    # strictly increasing, so that two changes within a second still differ.
    changed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


# On PostgreSQL every new generation is announced as it commits (NOTIFY, delivered in commit
# order), with its number and time: each process's listener (ipn.services.generation_listener)
# knows it without asking, whatever wrote it.
CHANNEL = "ipn_generation"
# The row as every reader reads it: plain SQL, on the path of every cached page.
GENERATION_SQL = "SELECT generation, changed FROM network_generation WHERE id = 1"
NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ipn_generation_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', NEW.generation || ' ' || NEW.changed);
    RETURN NULL;
END $$"""
NOTIFY_TRIGGER = ("CREATE TRIGGER network_generation_notify AFTER INSERT OR UPDATE ON network_generation "
                  "FOR EACH ROW EXECUTE FUNCTION ipn_generation_notify()")

# A schema made by create_all (tests, `ipn bench`) starts with the row, as the migration does.
event.listen(NetworkGeneration.__table__, "after_create",
             DDL("INSERT INTO network_generation (id, generation, changed) VALUES (1, 0, 0)"))
event.listen(NetworkGeneration.__table__, "after_create", DDL(NOTIFY_FUNCTION).execute_if(dialect="postgresql"))
event.listen(NetworkGeneration.__table__, "after_create", DDL(NOTIFY_TRIGGER).execute_if(dialect="postgresql"))

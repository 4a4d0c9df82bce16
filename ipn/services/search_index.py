"""The directory's full-text index over each group's name, region and current statement.

PostgreSQL: two GIN expression indexes (groups' name and region; published statements' text),
which the database keeps current by itself. SQLite: an FTS5 table `group_search` (rowid = the
group's id) kept current by triggers on `groups` and `statements`.

None of this is in the models (an expression index over two tables, a virtual table, triggers),
so `ensure_search_index` builds it: the migration calls it, and `Base.metadata.create_all` calls
it too through the DDL listener below (the test suite builds its schema that way). Alembic's
comparison skips these objects (migrations/env.py `include_name`). A later SQLite batch
migration that recreates `groups` or `statements` drops the triggers: it should call
`ensure_search_index` again. Until then searches fall back to LIKE, never to an error.
"""

from __future__ import annotations

import re

from flask import g, has_app_context
from sqlalchemy import (
    Connection,
    and_,
    event,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.sql import ColumnElement

from ipn.models.base import Base
from ipn.states import StatementState

FTS_TABLE = "group_search"
PG_INDEXES = ("ix_search_groups", "ix_search_statements")
READY = "ipn_search_index_ready"
SQLITE_TRIGGERS = ("group_search_ai", "group_search_au", "group_search_ad",
                   "group_search_statement_ai", "group_search_statement_au")

# The same expressions in the indexes and in the queries, or PostgreSQL will not use the indexes.
def _pg_group_document(prefix: str = "") -> str:
    return f"to_tsvector('simple', coalesce({prefix}name, '') || ' ' || coalesce({prefix}region, ''))"


def _pg_statement_document(prefix: str = "") -> str:
    return f"to_tsvector('english', {prefix}text)"

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(name, region, statement, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_ai AFTER INSERT ON groups BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, region, statement) VALUES (new.id, new.name, new.region, '');
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_au AFTER UPDATE OF name, region ON groups BEGIN
        UPDATE {FTS_TABLE} SET name = new.name, region = new.region WHERE rowid = new.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_ad AFTER DELETE ON groups BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_statement_ai AFTER INSERT ON statements
        WHEN new.state = 'published' BEGIN
        UPDATE {FTS_TABLE} SET statement = new.text WHERE rowid = new.group_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_statement_au AFTER UPDATE OF state, text ON statements
        WHEN new.state = 'published' BEGIN
        UPDATE {FTS_TABLE} SET statement = new.text WHERE rowid = new.group_id;
    END""",
]


def ensure_search_index(connection: Connection) -> None:
    """Create the index if missing and fill it from the current data. Idempotent."""
    _forget_readiness()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_search_groups ON groups USING gin (({_pg_group_document()}))"))
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_search_statements ON statements "
            f"USING gin (({_pg_statement_document()})) WHERE state = 'published'"))
    elif dialect == "sqlite":
        for statement in _SQLITE_DDL:
            connection.execute(text(statement))
        connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
        connection.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, name, region, statement) "
            "SELECT g.id, g.name, g.region, coalesce(s.text, '') FROM groups g "
            "LEFT JOIN statements s ON s.group_id = g.id AND s.state = 'published'"))


def drop_search_index(connection: Connection) -> None:
    _forget_readiness()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        for name in PG_INDEXES:
            connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
    elif dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))


def is_search_object(name: str | None, type_: str) -> bool:
    """For Alembic's comparison: the objects above, which the models do not describe."""
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    if type_ == "index":
        return name in PG_INDEXES
    return False


@event.listens_for(Base.metadata, "after_create")
def _after_create(target, connection: Connection, **kw) -> None:
    ensure_search_index(connection)


@event.listens_for(Base.metadata, "before_drop")
def _before_drop(target, connection: Connection, **kw) -> None:
    drop_search_index(connection)


# --- Queries ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def words(query: str) -> list[str]:
    """The words of what someone typed, at most eight; punctuation and operators ignored."""
    return _WORD.findall(query or "")[:8]


def sqlite_index_ready(connection: Connection) -> bool:
    """The FTS table and all its triggers exist (a batch migration may have dropped triggers).
    Asked once per app context (a request): only building or dropping the index changes it."""
    known = g.setdefault(READY, {}) if has_app_context() else {}
    if id(connection) not in known:
        found = set(connection.execute(text(
            "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = :table) OR type = 'trigger'"),
            {"table": FTS_TABLE}).scalars())
        known[id(connection)] = FTS_TABLE in found and set(SQLITE_TRIGGERS) <= found
    return known[id(connection)]


def _forget_readiness() -> None:
    if has_app_context():
        g.pop(READY, None)


def _sqlite_match(terms: list[str]) -> str:
    """Each word quoted (no FTS5 operators from users), the last one also as a prefix."""
    match = " ".join(f'"{w}"' for w in terms[:-1])
    return (match + " " if match else "") + f'"{terms[-1]}"*'


def indexed_match_count(connection: Connection, query: str) -> int | None:
    """How many groups match every word of `query`, counted in SQLite's index alone (each
    group is one row of it, dissolved ones too); None without words, on PostgreSQL, or
    without the index."""
    terms = words(query)
    if not terms or connection.dialect.name != "sqlite" or not sqlite_index_ready(connection):
        return None
    return connection.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"),
                              {"match": _sqlite_match(terms)}).scalar_one()


def matching_group_ids(connection: Connection, query: str, as_filter: bool = False,
                       for_counting: bool = False) -> ColumnElement[bool] | None:
    """A condition on Group.id: the group's name, region or current statement matches every
    word of `query` (name and region also by prefix). None when the query has no words.

    `as_filter` (SQLite): the groups are read some other way (in name order, when most groups
    match; by status) and each is tested against the matches, read once, rather than every
    match looked up (and, for a page, all of them sorted).
    `for_counting` (PostgreSQL): the matches of the two indexes as one list of ids, which
    counts several times faster than the page's form (each group's name tested in turn)."""
    from ipn.models import Group, Statement

    terms = words(query)
    if not terms:
        return None
    dialect = connection.dialect.name
    if dialect == "postgresql":
        prefix = " & ".join(f"{w.lower()}:*" for w in terms)
        plain = " ".join(terms)
        in_group = literal_column(_pg_group_document("groups.")).op("@@")(
            func.to_tsquery(literal_column("'simple'"), prefix))
        in_statement = select(Statement.group_id).where(
            Statement.state == StatementState.PUBLISHED,
            literal_column(_pg_statement_document("statements.")).op("@@")(
                func.plainto_tsquery(literal_column("'english'"), plain)))
        if for_counting:
            return Group.id.in_(union(select(Group.id).where(in_group), in_statement))
        return or_(in_group, Group.id.in_(in_statement))
    if dialect == "sqlite" and sqlite_index_ready(connection):
        matches = (select(literal_column("rowid")).select_from(text(FTS_TABLE))
                   .where(literal_column(FTS_TABLE).op("MATCH")(_sqlite_match(terms))))
        # `id + 0` is no use to an index on id, so SQLite reads the groups by another index
        # (their names, the page's order; their status) and tests each against the matches.
        return (Group.id + 0 if as_filter else Group.id).in_(matches)
    # No index: the same question, slowly.
    return and_(*(
        or_(Group.name.icontains(word, autoescape=True), Group.region.icontains(word, autoescape=True),
            Group.id.in_(select(Statement.group_id).where(
                Statement.state == StatementState.PUBLISHED, Statement.text.icontains(word, autoescape=True))))
        for word in terms))

"""The directory's full-text index: one search document per group, of its name, region,
current statement and status, so that the index alone says which groups match and how many.

PostgreSQL: a table `group_search` (one `tsvector` per group, a GIN index over it), kept
current by triggers on `groups` and `statements`. Its lexemes keep the three parts apart:
the name's and region's words as the 'simple' configuration writes them (matched also by
their start: a word typed unfinished), the statement's stemmed by 'english' behind a '#', and
the status behind a '=' ('=member', and '=current' for every group not dissolved). No word of
a search can start with either sign, so each matches only where it should, and a search with
its status (the directory leaves out dissolved groups) is one lookup in one index: counted
from the index alone, however many groups it finds. (Weights would keep the parts apart too,
but PostgreSQL then checks every match against its row.)

SQLite: an FTS5 table `group_search` (rowid = the group's id) with the same four parts as
columns, kept current by triggers; a search's words are looked for in the first three only,
the last one also by its start: as the whole words it starts, which a second, contentless
index (`group_search_words`, every word as written, not stemmed) lists from its vocabulary.

None of this is in the models (a table the ORM never writes, a virtual table, functions and
triggers), so `ensure_search_index` builds it: the migrations call it, and
`Base.metadata.create_all` calls it too through the DDL listener below (the test suite builds
its schema that way). Alembic's comparison skips these objects (migrations/env.py
`include_name`). A later SQLite batch migration that recreates `groups` or `statements` drops
the triggers: it should call `ensure_search_index` again. Until then searches fall back to
LIKE, never to an error.
"""

from __future__ import annotations

import re
import unicodedata

from flask import g, has_app_context
from sqlalchemy import (
    Connection,
    String,
    and_,
    bindparam,
    cast,
    column,
    event,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.sql import ColumnElement

from ipn.models.base import Base
from ipn.states import GroupStatus, StatementState

FTS_TABLE = "group_search"
PG_INDEXES = ("ix_group_search_document",)
# The expression indexes of the first index (migration 4f1c2a9e7b10), dropped with it.
PG_OLD_INDEXES = ("ix_search_groups", "ix_search_statements")
PG_FUNCTIONS = ("ipn_group_search_state(text)", "ipn_group_search_document(integer)",
                "ipn_group_search_refresh(integer)", "ipn_group_search_on_group()", "ipn_group_search_on_statement()")
PG_TRIGGERS = (("group_search_group_ai", "groups"), ("group_search_group_au", "groups"),
               ("group_search_statement", "statements"))
READY = "ipn_search_index_ready"
LEXEMES = "ipn_search_lexemes"
SQLITE_TRIGGERS = ("group_search_ai", "group_search_au", "group_search_ad",
                   "group_search_statement_ai", "group_search_statement_au", "group_search_statement_ad")
WORDS_TABLE = "group_search_words"  # SQLite: every word as written, to finish an unfinished one
WORDS_VOCABULARY = "group_search_words_vocab"
CURRENT = "current"  # the state of every group not dissolved, in both indexes
TEXT_COLUMNS = "{name region statement}"  # SQLite: where a search's words are looked for

_PG_DDL = [
    f"""CREATE TABLE IF NOT EXISTS {FTS_TABLE} (
        group_id integer PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS ix_group_search_document ON {FTS_TABLE} USING gin (document)",
    # The state lexemes: the status, and 'current' unless dissolved.
    f"""CREATE OR REPLACE FUNCTION ipn_group_search_state(status text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE AS $$
        SELECT array_to_tsvector(CASE WHEN status = '{GroupStatus.DISSOLVED}' THEN ARRAY['=' || status]
                                      ELSE ARRAY['=' || status, '={CURRENT}'] END)
    $$""",
    f"""CREATE OR REPLACE FUNCTION ipn_group_search_document(gid integer) RETURNS tsvector
        LANGUAGE sql STABLE AS $$
        SELECT strip(to_tsvector('simple', coalesce(g.name, '') || ' ' || coalesce(g.region, '')))
            || array_to_tsvector(ARRAY(SELECT '#' || lexeme FROM unnest(to_tsvector('english', coalesce(
                   (SELECT s.text FROM statements s WHERE s.group_id = g.id AND s.state = '{StatementState.PUBLISHED}'
                    ORDER BY s.id DESC LIMIT 1), '')))))
            || ipn_group_search_state(g.status)
        FROM groups g WHERE g.id = gid
    $$""",
    f"""CREATE OR REPLACE FUNCTION ipn_group_search_refresh(gid integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO {FTS_TABLE} (group_id, document)
        SELECT g.id, ipn_group_search_document(g.id) FROM groups g WHERE g.id = gid
        ON CONFLICT (group_id) DO UPDATE SET document = excluded.document
    $$""",
    # A status changed alone (re-evaluations): its lexemes swapped, the statement not read again.
    f"""CREATE OR REPLACE FUNCTION ipn_group_search_on_group() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.name IS NOT DISTINCT FROM NEW.name
                AND OLD.region IS NOT DISTINCT FROM NEW.region THEN
            UPDATE {FTS_TABLE} SET document = ts_delete(document, ARRAY(
                    SELECT lexeme FROM unnest(document) WHERE left(lexeme, 1) = '='))
                || ipn_group_search_state(NEW.status)
            WHERE group_id = NEW.id;
        END IF;
        IF TG_OP = 'INSERT' OR NOT FOUND OR OLD.name IS DISTINCT FROM NEW.name
                OR OLD.region IS DISTINCT FROM NEW.region THEN
            PERFORM ipn_group_search_refresh(NEW.id);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION ipn_group_search_on_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.state = '{StatementState.PUBLISHED}' THEN
            PERFORM ipn_group_search_refresh(OLD.group_id);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.state = '{StatementState.PUBLISHED}' THEN
            PERFORM ipn_group_search_refresh(NEW.group_id);
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS group_search_group_ai ON groups",
    "CREATE TRIGGER group_search_group_ai AFTER INSERT ON groups "
    "FOR EACH ROW EXECUTE FUNCTION ipn_group_search_on_group()",
    "DROP TRIGGER IF EXISTS group_search_group_au ON groups",
    "CREATE TRIGGER group_search_group_au AFTER UPDATE OF name, region, status ON groups FOR EACH ROW "
    "WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.region IS DISTINCT FROM NEW.region "
    "OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ipn_group_search_on_group()",
    "DROP TRIGGER IF EXISTS group_search_statement ON statements",
    "CREATE TRIGGER group_search_statement AFTER INSERT OR UPDATE OF state, text OR DELETE ON statements "
    "FOR EACH ROW EXECUTE FUNCTION ipn_group_search_on_statement()",
]

# The state column's words: 'current' and the status, its underscore left out ('fullmember':
# FTS5 would split 'full_member' into two words, and 'member' would then find it).
_SQLITE_STATE = (f"CASE WHEN new.status = '{GroupStatus.DISSOLVED}' THEN replace(new.status, '_', '') "
                 f"ELSE '{CURRENT} ' || replace(new.status, '_', '') END")
# SQLite: the words of every name, region and statement ever indexed, as written (lower case,
# without diacritics; not stemmed), in a contentless index of its own that only grows (a word no
# longer anywhere finds nothing): its vocabulary says which whole words an unfinished last word
# of a search may be (_sqlite_last_word).
_SQLITE_WORDS = f"INSERT INTO {WORDS_TABLE}(words) VALUES"
_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(name, region, statement, state, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS_TABLE} USING fts5(words, content = '', detail = none, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS_VOCABULARY} USING fts5vocab({WORDS_TABLE}, row)",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_ai AFTER INSERT ON groups BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, region, statement, state)
        VALUES (new.id, new.name, new.region, '', {_SQLITE_STATE});
        {_SQLITE_WORDS} (coalesce(new.name, '') || ' ' || coalesce(new.region, ''));
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_au AFTER UPDATE OF name, region, status ON groups
        WHEN old.name IS NOT new.name OR old.region IS NOT new.region OR old.status IS NOT new.status BEGIN
        UPDATE {FTS_TABLE} SET name = new.name, region = new.region, state = {_SQLITE_STATE} WHERE rowid = new.id;
        {_SQLITE_WORDS} (coalesce(new.name, '') || ' ' || coalesce(new.region, ''));
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_ad AFTER DELETE ON groups BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_statement_ai AFTER INSERT ON statements
        WHEN new.state = '{StatementState.PUBLISHED}' BEGIN
        UPDATE {FTS_TABLE} SET statement = new.text WHERE rowid = new.group_id;
        {_SQLITE_WORDS} (new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_statement_au AFTER UPDATE OF state, text ON statements
        WHEN new.state = '{StatementState.PUBLISHED}' BEGIN
        UPDATE {FTS_TABLE} SET statement = new.text WHERE rowid = new.group_id;
        {_SQLITE_WORDS} (new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS group_search_statement_ad AFTER DELETE ON statements
        WHEN old.state = '{StatementState.PUBLISHED}' BEGIN
        UPDATE {FTS_TABLE} SET statement = '' WHERE rowid = old.group_id;
    END""",
]


def ensure_search_index(connection: Connection) -> None:
    """Create the index if missing and fill it from the current data. Idempotent."""
    _forget_readiness()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        for statement in _PG_DDL:
            connection.execute(text(statement))
        connection.execute(text("SELECT ipn_group_search_refresh(id) FROM groups"))
    elif dialect == "sqlite":
        columns = {row[1] for row in connection.execute(text(f"PRAGMA table_info({FTS_TABLE})"))}
        if columns and "state" not in columns:
            drop_search_index(connection)  # the first index (migration 4f1c2a9e7b10), without states
        for name in SQLITE_TRIGGERS:  # made anew below, as this version writes them
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        for statement in _SQLITE_DDL:
            connection.execute(text(statement))
        connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
        connection.execute(text(f"INSERT INTO {WORDS_TABLE}({WORDS_TABLE}) VALUES ('delete-all')"))
        connection.execute(text(f"INSERT INTO {WORDS_TABLE}(words) SELECT coalesce(name, '') || ' ' || "
                                f"coalesce(region, '') FROM groups"))
        connection.execute(text(f"INSERT INTO {WORDS_TABLE}(words) SELECT text FROM statements "
                                f"WHERE state = '{StatementState.PUBLISHED}'"))
        for name in (FTS_TABLE, WORDS_TABLE):  # each into one segment: read fastest, as after writing it anew
            connection.execute(text(f"INSERT INTO {name}({name}) VALUES ('optimize')"))
        connection.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, name, region, statement, state) "
            f"SELECT new.id, new.name, new.region, coalesce(s.text, ''), {_SQLITE_STATE} FROM groups new "
            f"LEFT JOIN statements s ON s.group_id = new.id AND s.state = '{StatementState.PUBLISHED}'"))


def drop_search_index(connection: Connection) -> None:
    _forget_readiness()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        for name, on in PG_TRIGGERS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {on}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        for name in PG_OLD_INDEXES:
            connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
        for name in PG_FUNCTIONS:
            connection.execute(text(f"DROP FUNCTION IF EXISTS {name}"))
    elif dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        for name in (WORDS_VOCABULARY, WORDS_TABLE, FTS_TABLE):
            connection.execute(text(f"DROP TABLE IF EXISTS {name}"))


def is_search_object(name: str | None, type_: str) -> bool:
    """For Alembic's comparison: the objects above, which the models do not describe."""
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    if type_ == "index":
        return name in PG_INDEXES or name in PG_OLD_INDEXES
    return False


@event.listens_for(Base.metadata, "after_create")
def _after_create(target, connection: Connection, **kw) -> None:
    ensure_search_index(connection)


@event.listens_for(Base.metadata, "before_drop")
def _before_drop(target, connection: Connection, **kw) -> None:
    drop_search_index(connection)


# --- Queries ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_DOCUMENTS = table(FTS_TABLE, column("group_id"), column("document"))  # PostgreSQL
_FTS = table(FTS_TABLE, column("rowid"))  # SQLite


def words(query: str) -> list[str]:
    """The words of what someone typed, at most eight; punctuation and operators ignored."""
    return _WORD.findall(query or "")[:8]


_PG_READY = ("to_regclass(:table) IS NOT NULL AND (SELECT count(*) FROM pg_trigger "
             "WHERE NOT tgisinternal AND tgname = ANY(:names) "
             "AND tgrelid IN (to_regclass('groups'), to_regclass('statements'))) = :count")


def index_ready(connection: Connection) -> bool:
    """The index and all its triggers exist (on SQLite a batch migration may have dropped the
    triggers; anywhere, `drop_search_index`). Asked once per app context (a request): only
    building or dropping the index changes it."""
    known = g.setdefault(READY, {}) if has_app_context() else {}
    if id(connection) not in known:
        if connection.dialect.name == "sqlite":
            tables = (FTS_TABLE, WORDS_TABLE, WORDS_VOCABULARY)
            found = set(connection.execute(text(
                "SELECT name FROM sqlite_master WHERE (type = 'table' AND name IN (:a, :b, :c)) OR type = 'trigger'"),
                dict(zip("abc", tables))).scalars())
            known[id(connection)] = set(tables) <= found and set(SQLITE_TRIGGERS) <= found
        elif connection.dialect.name == "postgresql":
            known[id(connection)] = bool(connection.execute(text(f"SELECT {_PG_READY}"), _pg_ready_params()).scalar())
        else:
            known[id(connection)] = False
    return known[id(connection)]


def _pg_ready_params() -> dict:
    return {"table": FTS_TABLE, "names": [name for name, _ in PG_TRIGGERS], "count": len(PG_TRIGGERS)}


def _forget_readiness() -> None:
    if has_app_context():
        g.pop(READY, None)
        g.pop(LEXEMES, None)
        g.pop(LAST_WORDS, None)


# An unfinished last word is looked for as the whole words it may be, when it may be no more
# than these: each found by its own list in the index, read as far as needed (a search for
# words of most statements stops at the page's groups); FTS5 (3.40) would otherwise merge the
# lists of every word it starts, in full, on every search. A shorter start ("s") is left to FTS5.
WHOLE_WORDS = 30
LAST_WORDS = "ipn_search_last_words"


def _sqlite_match(connection: Connection, terms: list[str], state: str | None = None) -> tuple[str, bool]:
    """Each word quoted (no FTS5 operators from users), the last one also by its start (as
    the whole words it may be, or as a prefix), looked for in the name, region and statement;
    and the state, when asked. True with it when no part of it is a prefix."""
    last, whole, _ = _sqlite_last_word(connection, terms[-1])
    match = " AND ".join([*(f'"{w}"' for w in terms[:-1]), last])
    match = f'{TEXT_COLUMNS} : ({match})'
    return match + (f' AND state : "{state.replace("_", "")}"' if state else ""), whole


def _sqlite_last_word(connection: Connection, word: str) -> tuple[str, bool, int | None]:
    """The last word of a search as FTS5 is asked for it: the whole words of the index that
    start with it, as written (each then stemmed as the index stems it, so that "supervision"
    also finds "supervised"), when there are at most WHOLE_WORDS of them; else by its start.
    With it: True when it is whole words, and in how many documents they are (ever written:
    at least as many as it finds). Read once per request."""
    cache = g.setdefault(LAST_WORDS, {}) if has_app_context() else {}
    if (id(connection), word) not in cache:
        start = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
        found = connection.execute(text(f"SELECT term, doc FROM {WORDS_VOCABULARY} WHERE term >= :start "
                                        "AND term < :start || char(1114111) LIMIT :most"),
                                   {"start": start, "most": WHOLE_WORDS + 1}).all()
        if found and len(found) <= WHOLE_WORDS and start.isalnum():
            cache[id(connection), word] = ("(" + " OR ".join(f'"{term}"' for term, _ in found) + ")", True,
                                           sum(documents for _, documents in found))
        else:
            cache[id(connection), word] = f'"{word}"*', False, None
    return cache[id(connection), word]


def last_word_documents(connection: Connection, query: str) -> int | None:
    """SQLite: in how many documents the whole words that the last word of `query` may be have
    ever been written (more than the groups the search finds, never fewer); None when the last
    word is looked for by its start alone, or without words or the index."""
    terms = words(query)
    if not terms or connection.dialect.name != "sqlite" or not index_ready(connection):
        return None
    return _sqlite_last_word(connection, terms[-1])[2]


def _pg_lexemes(connection: Connection, terms: list[str]) -> list[tuple[list[str], list[str]]] | None:
    """Each word's lexemes as the index writes them ('simple' for the name and region,
    'english' for the statement), read together with whether the index is there, in one
    query once per request; None without the index."""
    cache = g.setdefault(LEXEMES, {}) if has_app_context() else {}
    key = (id(connection), tuple(terms))
    if key not in cache:
        columns = [f"ARRAY(SELECT lexeme FROM unnest(to_tsvector('{config}', :w{i})))"
                   for i in range(len(terms)) for config in ("simple", "english")]
        row = connection.execute(text(f"SELECT {_PG_READY}, " + ", ".join(columns)),
                                 {**_pg_ready_params(), **{f"w{i}": w for i, w in enumerate(terms)}}).one()
        if has_app_context():
            g.setdefault(READY, {})[id(connection)] = bool(row[0])
        cache[key] = [(row[1 + 2 * i], row[2 + 2 * i]) for i in range(len(terms))] if row[0] else None
    return cache[key]


def _tsquery_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_tsquery(lexemes: list[tuple[list[str], list[str]]], state: str | None = None) -> str | None:
    """The index's question for these words: each word by its start among the name's and
    region's words or by its stem among the statement's; and the state, when asked. None
    when a word has no lexemes at all (nothing can match it). Words the statement's index
    leaves out ('each', 'other': English stop words) are left out of the question too, as a
    phrase search would leave them out, unless every word is one."""
    parts = []
    for simple, english in [pair for pair in lexemes if pair[1]] or lexemes:
        either = [f"({' & '.join(_tsquery_lexeme(x) + ':*' for x in simple)})"] if simple else []
        either += [f"({' & '.join(_tsquery_lexeme('#' + x) for x in english)})"] if english else []
        if not either:
            return None
        parts.append(f"({' | '.join(either)})")
    if state:
        parts.append(_tsquery_lexeme("=" + state))
    return " & ".join(parts)


def _pg_matches(connection: Connection, terms: list[str], state: str | None = None) -> ColumnElement[bool] | None:
    """The condition on the index's documents; None without the index. The question is
    written into the statement itself, so that PostgreSQL plans it from the index's
    statistics of these very words (a common word: the groups read in name order)."""
    lexemes = _pg_lexemes(connection, terms)
    if lexemes is None:
        return None
    query = pg_tsquery(lexemes, state)
    if query is None:
        return false()
    return _DOCUMENTS.c.document.op("@@")(cast(bindparam(None, query, String, literal_execute=True), TSQUERY))


def _state(state: str | None) -> str | None:
    """A status, or CURRENT (not dissolved); anything else is refused, never put in a query."""
    if state is not None and state != CURRENT and state not in set(GroupStatus):
        raise ValueError(f"no such state: {state!r}")
    return state


def indexed_match_count(connection: Connection, query: str, state: str | None = None,
                        up_to: int | None = None) -> int | None:
    """How many groups match every word of `query` and, when given, have `state` (a status,
    or CURRENT: not dissolved), counted in the index alone, and no further than `up_to` when
    given (the index stops reading there); None without words or without the index."""
    terms, state = words(query), _state(state)
    if not terms:
        return None
    if connection.dialect.name == "sqlite":
        if not index_ready(connection):
            return None
        limit = " LIMIT :up_to" if up_to is not None else ""
        return connection.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match{limit})"),
                                  {"match": _sqlite_match(connection, terms, state)[0], "up_to": up_to}).scalar_one()
    if connection.dialect.name == "postgresql":
        condition = _pg_matches(connection, terms, state)
        if condition is None:
            return None
        matches = select(literal_column("1")).select_from(_DOCUMENTS).where(condition).limit(up_to)
        return connection.execute(select(func.count()).select_from(matches.subquery())).scalar_one()
    return None


def matching_group_ids(connection: Connection, query: str, as_filter: bool = False,
                       one_by_one: bool = False) -> ColumnElement[bool] | None:
    """A condition on Group.id: the group's name, region or current statement has every word
    of `query` (name and region also by their start; on SQLite the last word by its start
    everywhere, as the whole words it starts). None when the query has no words.

    `as_filter` (SQLite): the groups are read some other way (in name order, when many groups
    match; by status) and each is tested against the matches, read once, rather than every
    match looked up (and, for a page, all of them sorted). `one_by_one` (SQLite, with
    `as_filter`: most groups match): each group read is looked up in the index, so that a
    page stops reading the matches at its last group, unless the last word is a prefix (FTS5
    would merge its lists again for every group). On PostgreSQL the planner chooses between
    these ways by itself."""
    from ipn.models import Group, Statement

    terms = words(query)
    if not terms:
        return None
    dialect = connection.dialect.name
    if dialect == "postgresql":
        condition = _pg_matches(connection, terms)
        if condition is not None:
            return exists().where(_DOCUMENTS.c.group_id == Group.id, condition)
    if dialect == "sqlite" and index_ready(connection):
        match, whole = _sqlite_match(connection, terms)
        matches = select(_FTS.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(match))
        if as_filter and one_by_one and whole:
            return exists(matches.where(_FTS.c.rowid == Group.id))
        # `id + 0` is no use to an index on id, so SQLite reads the groups by another index
        # (their names, the page's order; their status) and tests each against the matches.
        return (Group.id + 0 if as_filter else Group.id).in_(matches)
    # No index: the same question, slowly.
    return and_(*(
        or_(Group.name.icontains(word, autoescape=True), Group.region.icontains(word, autoescape=True),
            Group.id.in_(select(Statement.group_id).where(
                Statement.state == StatementState.PUBLISHED, Statement.text.icontains(word, autoescape=True))))
        for word in terms))

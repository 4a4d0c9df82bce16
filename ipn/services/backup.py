"""Backups: the whole registry, history included, as one versioned JSON document.

Generic over `Base.metadata.sorted_tables`, so a new table is backed up without a line here.
Every value is written in one form whatever the database (times as UTC ISO 8601 with
microseconds, days as YYYY-MM-DD, JSON columns as JSON) and rows in primary-key order, so
the same registry gives the same file from SQLite and from PostgreSQL. Password hashes
travel with their accounts; the secret key that signs sessions lives in configuration, not
in the database, and is never in a backup.

Like every service, these flush and never commit: the command commits once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import IO, Any

from flask import current_app
from sqlalchemy import Connection, Date, DateTime, Integer, Table, func, select, text

from ipn.extensions import db
from ipn.models import Base
from ipn.services import rulebook
from ipn.services.search_index import ensure_search_index

FORMAT = "ipn-registry-backup"
VERSION = 1

Progress = Callable[[int], None]


class BackupError(Exception):
    """A backup that cannot be restored here, with a message for whoever runs the command."""


def schema_revision() -> str | None:
    """The migration this code's schema is at (the head of migrations/)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    directory = current_app.extensions["migrate"].directory
    config = Config()
    config.set_main_option("script_location", directory)
    return ScriptDirectory.from_config(config).get_current_head()


def _kind(column) -> str:
    type_ = column.type
    if isinstance(type_, DateTime) or isinstance(getattr(type_, "impl", None), DateTime):
        return "datetime"
    if isinstance(type_, Date):
        return "date"
    return "plain"


def _encode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    if kind == "date":
        return value.isoformat()
    return value


def _decode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


# Bookkeeping, not the registry's history: the network generation (the page cache's version)
# is a single row every database has from its migration, and starts afresh after a restore.
NOT_BACKED_UP = frozenset({"network_generation"})


def _tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_BACKED_UP]


def _count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def begin_snapshot() -> None:
    """Read the whole registry as of one moment. Call before anything else in the session: on
    PostgreSQL the transaction becomes REPEATABLE READ, so a write meanwhile is either wholly in
    the backup or not at all. (SQLite: stop the server while exporting, as README says.)"""
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def row_count() -> int:
    """How many rows a backup of this registry holds (for a progress bar)."""
    connection = db.session.connection()
    return sum(_count(connection, table) for table in _tables())


def _rows(connection: Connection, table: Table) -> list[list[Any]]:
    kinds = [_kind(c) for c in table.columns]
    rows = [[_encode(k, v) for k, v in zip(kinds, row)] for row in connection.execute(select(table))]
    # In Python, not ORDER BY: SQLite and PostgreSQL collate text differently.
    key_positions = [i for i, c in enumerate(table.columns) if c.primary_key] or list(range(len(kinds)))
    rows.sort(key=lambda row: [(row[i] is not None, row[i]) for i in key_positions])
    return rows


def export_registry(progress: Progress | None = None) -> dict[str, Any]:
    """The whole registry as a JSON-ready document."""
    connection = db.session.connection()
    tables: dict[str, Any] = {}
    for table in _tables():
        rows = _rows(connection, table)
        tables[table.name] = {"columns": [c.name for c in table.columns], "rows": rows}
        if progress:
            progress(len(rows))
    return {"format": FORMAT, "version": VERSION, "schema": schema_revision(), "tables": tables}


def write_backup(document: dict[str, Any], stream: IO[str]) -> None:
    """One way to write a document, so that equal registries give identical files."""
    json.dump(document, stream, ensure_ascii=False, sort_keys=True, indent=1)
    stream.write("\n")


def read_backup(stream: IO[str]) -> dict[str, Any]:
    try:
        document = json.load(stream)
    except ValueError as error:
        raise BackupError(f"This is not a registry backup (not JSON: {error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a registry backup.")
    if document.get("version") != VERSION:
        raise BackupError(f"This backup is in format version {document.get('version')!r}; "
                          f"this registry reads version {VERSION}.")
    if document.get("schema") != schema_revision():
        raise BackupError(
            f"This backup was made at schema {document.get('schema')}; this registry is at "
            f"{schema_revision()}. Restore it with the release that made it, upgrade, and export again.")
    return document


def nonempty_tables() -> list[str]:
    connection = db.session.connection()
    return [table.name for table in _tables() if _count(connection, table)]


def import_registry(document: dict[str, Any], progress: Progress | None = None) -> int:
    """Restore a backup (from read_backup) into this empty database; returns the rows written.
    Refuses a database that holds anything: a restore never merges."""
    occupied = nonempty_tables()
    if occupied:
        raise BackupError("The database is not empty (it has rows in " + ", ".join(occupied) + "); "
                          "restore into a new database: create it, run `ipn db upgrade`, then import.")
    connection = db.session.connection()
    tables = document["tables"]
    known = {table.name for table in _tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise BackupError("This backup has tables this registry does not know: " + ", ".join(unknown))
    written = 0
    for table in _tables():
        data = tables.get(table.name, {"columns": [], "rows": []})
        columns = data["columns"]
        missing = [name for name in columns if name not in table.columns]
        if missing:
            raise BackupError(f"Table {table.name} in the backup has unknown columns: {', '.join(missing)}")
        kinds = [_kind(table.columns[name]) for name in columns]
        rows = [{name: _decode(kind, value) for name, kind, value in zip(columns, kinds, row)}
                for row in data["rows"]]
        if rows:
            connection.execute(table.insert(), rows)
        written += len(rows)
        if progress:
            progress(len(rows))
    _after_import(connection)
    return written


def _after_import(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Rows came with their ids: move each sequence past them so new rows get fresh ones.
        for table in _tables():
            key = list(table.primary_key.columns)
            if len(key) == 1 and isinstance(key[0].type, Integer) and key[0].autoincrement in (True, "auto"):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                    f"coalesce((SELECT max({key[0].name}) FROM {table.name}), 0) + 1, false)"))
    ensure_search_index(connection)
    rulebook.forget()  # the rules in force are the backup's now

"""The network's generation (ipn.models.generation): bumped in the same transaction as any
write that can alter a public page, read once per request by the page cache and the ETags.

Every statement that writes (INSERT, UPDATE or DELETE, through the ORM, a bulk statement or
the session's raw connection) marks the request's transaction; when that transaction
commits, one upsert raises the number first. So the new number and the change become
visible together, and a page rendered after reading a number is at least as new as it.
Writes only to tables no public page reads (tokens, the outbox, notifications) do not count.
The day's run counts: what a request must do first is kept until the generation moves on.

On PostgreSQL each process is told every new generation as it commits
(ipn.services.generation_listener) and reads the row only while it cannot be told; on SQLite
each thread reads it on a connection of its own (SqliteReader). Either way a page kept is
served without a word through the session."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from typing import TypeVar

from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from sqlalchemy import case, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from ipn.config import flag
from ipn.extensions import db
from ipn.models import NetworkGeneration
from ipn.models.generation import GENERATION_SQL
from ipn.services.generation_listener import Listener

# Tables no public page reads: writing only to them leaves the pages kept (a login, say).
PRIVATE_TABLES = frozenset({"network_generation", "api_tokens", "account_tokens", "outbox", "notifications",
                            "login_sessions"})
T = TypeVar("T")
WROTE = "ipn_wrote_public"
READ = "ipn_generation"
COMMITTING = "ipn_generation_committing"  # the number this request's transaction raised it to
LISTENER = "ipn_generation_listener"
WRITE = re.compile(r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def version() -> tuple[str, tuple[int, int]]:
    """The generation with this app's own token: a key for caches kept across requests in
    module state (the map's layouts), which must not mix up two apps in one process."""
    return current_app.extensions.setdefault("ipn_generation_token", uuid.uuid4().hex), current()


class _OwnConnection:
    """A thread's connection, closed when the thread ends (its locals are let go)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.pid = conn, os.getpid()

    def __del__(self) -> None:
        if self.pid == os.getpid():  # a forked child's copy belongs to the parent
            self.conn.close()


class SqliteReader:
    """On SQLite, the row read on a read-only connection of this thread's own, outside any
    transaction: as fresh as a read through the session, for a tenth of the cost (no pooled
    connection checked out, no transaction begun and rolled back) on every cached page. While
    it cannot read (the file locked by a commit for more than a moment, missing, broken) it
    says None and the caller reads through the session, which waits and reports as usual."""

    WAIT_S = 0.05

    def __init__(self) -> None:
        self.local = threading.local()
        self.reads = 0  # how many, for `ipn bench` (which counts every SQL statement a page makes)

    def generation(self) -> tuple[int, int] | None:
        try:
            own = getattr(self.local, "own", None)
            if own is None or own.pid != os.getpid():
                path = db.engine.url.database  # as Flask-SQLAlchemy resolved it
                own = self.local.own = _OwnConnection(sqlite3.connect(
                    f"file:{urllib.parse.quote(path)}?mode=ro", uri=True, timeout=self.WAIT_S, isolation_level=None,
                    # Used by its own thread only, but closed by whichever thread lets it go.
                    check_same_thread=False))
            row = own.conn.execute(GENERATION_SQL).fetchone()
            self.reads += 1
        except sqlite3.Error:
            self.local.own = None
            return None
        return (row[0], row[1]) if row else (0, 0)

    def saw(self, found: tuple[int, int]) -> None:
        """Nothing to remember: every read is fresh."""

    def stop(self) -> None:
        """Nothing runs: each thread's connection closes with the thread."""


def register_listener(app: Flask) -> None:
    """How this app's processes know the generation without the session: on PostgreSQL (unless
    GENERATION_LISTEN is off) a listener, told each change; on an SQLite file, a reader."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql" and flag(app.config.get("GENERATION_LISTEN", True)):
        connect_args = (app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}).get("connect_args")
        app.extensions[LISTENER] = Listener(url, connect_args, app.logger)
    elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        app.extensions[LISTENER] = SqliteReader()


def current() -> tuple[int, int]:
    """(generation, when it last changed in seconds since 1970), once per request: as this
    process was told it, or else read from the database."""
    if READ not in g:
        listener = current_app.extensions.get(LISTENER)
        told = listener.generation() if listener is not None and _may_be_told() else None
        if told is None:
            # Plain SQL: this is on the path of every cached page, where building a statement
            # would cost as much as the rest of the answer.
            row = db.session.connection().exec_driver_sql(GENERATION_SQL).first()
            told = (row[0], row[1]) if row else (0, 0)
        g.setdefault(READ, told)
    return g.get(READ)


def _may_be_told() -> bool:
    """Whether this request may take the generation this process was told, which can be a
    moment behind the database: an anonymous reader's, not one from someone who can write
    (signed in, holding a token, or just told something by a flash). They read the row, so
    that what they have just changed through another worker is on the next page they see."""
    return (has_request_context() and "Authorization" not in request.headers
            and "_user_id" not in session and "_flashes" not in session)


def wrote() -> bool:
    """Whether this request has written something a public page can show, not yet committed."""
    return bool(g.get(WROTE)) if has_app_context() else False


@event.listens_for(Engine, "before_cursor_execute")
def _mark_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if not has_app_context():
        return
    found = WRITE.match(statement)
    if found and found.group(1).lower() not in PRIVATE_TABLES:
        g.setdefault(WROTE, True)


@event.listens_for(Engine, "rollback")
def _forget_write(conn) -> None:
    if has_app_context():
        g.pop(WROTE, None)


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    """Raise the generation inside the transaction that is about to commit, if it wrote."""
    if not has_app_context() or session is not db.session():
        return
    session.flush()  # what is still pending is part of this transaction too
    if not g.pop(WROTE, False):
        return
    now = int(time.time())
    table = NetworkGeneration.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(id=1, generation=1, changed=now)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.id], set_={
        "generation": table.c.generation + 1,
        # Strictly increasing, whole seconds: Last-Modified differs after every change.
        "changed": case((table.c.changed >= now, table.c.changed + 1), else_=now),
    }).returning(table.c.generation, table.c.changed)
    raised = session.execute(stmt).one()
    g.pop(READ, None)
    g.setdefault(COMMITTING, (raised[0], raised[1]))


@event.listens_for(Session, "after_commit")
def _known_here(session: Session) -> None:
    """What this process has just committed is known to its listener at once."""
    if not has_app_context() or COMMITTING not in g:
        return
    raised = g.pop(COMMITTING)
    listener = current_app.extensions.get(LISTENER)
    if listener is not None:
        listener.saw(raised)


@event.listens_for(Session, "after_rollback")
def _not_committed(session: Session) -> None:
    if has_app_context():
        g.pop(COMMITTING, None)


# --- Figures kept per generation -----------------------------------------------------------

_kept_lock = threading.Lock()  # the figures, by key: (the generation and its time, value)
KEPT_MAX = 256


def kept(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, computed once per generation in this process and kept until the network
    changes: for figures that cost what the network costs (counts over every group, a
    region's map). `key` names the figure and its arguments (with the day, if it depends on
    it); the value must be plain data, never ORM objects."""
    if wrote():
        return compute()  # this request's uncommitted writes are in it: not to be kept
    number = current()
    _kept = current_app.extensions.setdefault("ipn_kept", {})  # per app: tests run many apps
    with _kept_lock:
        found = _kept.get(key)
        if found is not None and found[0] == number:
            return found[1]  # type: ignore[return-value]
    value = compute()
    if wrote():
        return value  # computing it wrote (the founding rules, say): kept once committed
    with _kept_lock:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        _kept[key] = (number, value)
    return value

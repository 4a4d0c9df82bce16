"""The network's generation (ipn.models.generation): bumped in the same transaction as any
write that can alter a public page, read once per request by the page cache and the ETags.

Every statement that writes (INSERT, UPDATE or DELETE, through the ORM, a bulk statement or
the session's raw connection) marks the request's transaction; when that transaction
commits, one upsert raises the number first. So the new number and the change become
visible together, and a page rendered after reading a number is at least as new as it.
Writes only to tables no public page reads (tokens, the outbox, notifications) do not count.
The day's run counts: what a request must do first is kept until the generation moves on."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, g, has_app_context
from sqlalchemy import case, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ipn.extensions import db
from ipn.models import NetworkGeneration

PRIVATE_TABLES = frozenset({"network_generation", "api_tokens", "account_tokens", "outbox", "notifications"})
T = TypeVar("T")
WROTE = "ipn_wrote_public"
READ = "ipn_generation"
WRITE = re.compile(r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def version() -> tuple[str, tuple[int, int]]:
    """The generation with this app's own token: a key for caches kept across requests in
    module state (the map's layouts), which must not mix up two apps in one process."""
    return current_app.extensions.setdefault("ipn_generation_token", uuid.uuid4().hex), current()


def current() -> tuple[int, int]:
    """(generation, when it last changed in seconds since 1970), read once per request."""
    if READ not in g:
        # Plain SQL: this is on the path of every cached page, where building a statement
        # would cost as much as the rest of the answer.
        row = db.session.connection().exec_driver_sql(
            "SELECT generation, changed FROM network_generation WHERE id = 1").first()
        g.setdefault(READ, (row[0], row[1]) if row else (0, 0))
    return g.get(READ)


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
    })
    session.execute(stmt)
    g.pop(READ, None)


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

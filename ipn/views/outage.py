"""When the database does not answer (stopped, unreachable, or a SQLite file locked for longer
than IPN_SQLITE_LOCK_TIMEOUT): every page and API answer is a 503 in the usual form, nothing
is half-written (the request's one transaction rolls back), and the next request tries again,
so the registry recovers by itself when the database returns."""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

# SQLite reports SQL mistakes (a missing table) as operational errors too; these codes alone
# mean the file could not be used at this moment.
SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL",
                      "SQLITE_PROTOCOL")


def is_outage(error: BaseException) -> bool:
    """The database could not be reached or did not answer in time, as opposed to a bug."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return (getattr(error.orig, "sqlite_errorname", "") or "").startswith(SQLITE_UNAVAILABLE)
    return True

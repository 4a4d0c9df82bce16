"""On PostgreSQL, each process is told the network's new generations as they commit, so that a
kept page is served without asking the database anything (issue 13).

A trigger on network_generation sends `NOTIFY ipn_generation, '<number> <time>'` with every
change (ipn.models.generation); NOTIFY is delivered when the transaction commits, in commit
order. One thread per process (started on the first request that asks, after gunicorn has
forked) holds a connection of its own that LISTENs, and keeps the last number it was told. So
what it knows is never newer than what has committed: a page rendered after reading it shows at
least as much. What it knows may be older, for the moment a notification takes to arrive (well
under a millisecond on one machine): another server's change shows on this one's kept pages
that much later. A change this process commits is known here at once (`saw`).

While the listener has no connection (the database restarting, the connection lost), it knows
nothing and the generation is read from the database on every request, as on SQLite; it
connects again after 1, 2, 4 ... 30 seconds. Every HEARTBEAT_S it reads the row again, which
also finds a connection that has died without a word. On a read replica (which has no NOTIFY
of its own) it does not listen at all."""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy.engine import URL

from ipn.models.generation import CHANNEL

HEARTBEAT_S = 10.0
RETRY_MAX_S = 30.0
log = logging.getLogger(__name__)


def newer(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    """Whether generation `a` came after `b`: its time is later (a restored database counts
    its numbers from the start again, at a later time)."""
    return b is None or (a[1], a[0]) > (b[1], b[0])


class Listener:
    def __init__(self, url: URL, logger: logging.Logger | None = None, heartbeat_s: float = HEARTBEAT_S) -> None:
        # libpq's own URL: the driver's name is SQLAlchemy's business.
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.log = logger or log
        self.heartbeat_s = heartbeat_s
        self.known: tuple[int, int] | None = None
        self.lock = threading.Lock()
        self.pid: int | None = None
        self.stopping = threading.Event()
        self.connected = threading.Event()  # for tests and the log: listening, and told the row

    def generation(self) -> tuple[int, int] | None:
        """The generation this process was last told, or None when it cannot be told (then
        the caller reads the database)."""
        if self.pid != os.getpid():
            self._start()
        return self.known

    def saw(self, found: tuple[int, int]) -> None:
        """This process has just committed generation `found`: known here from now on, not
        from the notification a moment later (never moving back to an older one)."""
        with self.lock:
            if self.known is not None and newer(found, self.known):
                self.known = found

    def stop(self) -> None:
        """Stop listening (the thread ends within HEARTBEAT_S); the database is read from now on."""
        with self.lock:
            self.stopping.set()
            self.known = None

    def _start(self) -> None:
        with self.lock:
            if self.pid == os.getpid():
                return
            # In a forked worker the parent's thread does not exist: start one of our own.
            self.pid, self.known = os.getpid(), None
            self.connected.clear()
            threading.Thread(target=self._run, name="ipn-generation-listener", daemon=True).start()

    def _run(self) -> None:
        import psycopg

        delay = 1.0
        while not self.stopping.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5,
                                     keepalives=1, keepalives_idle=10, keepalives_interval=5,
                                     keepalives_count=3, application_name="ipn generation listener") as conn:
                    if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                        # A read replica: NOTIFY is not replicated, and a generation told by the
                        # primary could be ahead of what this replica has replayed. Read its own row.
                        self.log.info("generation listener: the database is a replica; reading the "
                                      "generation from it on every request")
                        return
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._read(conn)  # after LISTEN: no change can fall between the two
                    self.connected.set()
                    self.log.info("generation listener: listening on %s", CHANNEL)
                    delay = 1.0
                    while not self.stopping.is_set():
                        for note in conn.notifies(timeout=self.heartbeat_s):
                            self._told(note.payload)
                            if self.stopping.is_set():
                                break
                        self._read(conn)
            except Exception as error:  # any failure: forget, read the database meanwhile, retry
                with self.lock:
                    self.known = None
                self.connected.clear()
                if self.stopping.is_set():
                    return
                self.log.warning("generation listener: %s; reading the generation from the database "
                                 "on every request until it listens again (in %.0f s)", error, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    def _read(self, conn) -> None:
        row = conn.execute("SELECT generation, changed FROM network_generation WHERE id = 1").fetchone()
        with self.lock:
            if not self.stopping.is_set():
                self.known = (int(row[0]), int(row[1])) if row else (0, 0)

    def _told(self, payload: str) -> None:
        number, changed = payload.split()
        told = (int(number), int(changed))
        with self.lock:
            # Notifications come in commit order, but `saw` may already know a later one.
            if not self.stopping.is_set() and (self.known is None or newer(told, self.known)):
                self.known = told

"""On PostgreSQL, each process is told the network's new generations as they commit, so that a
kept page is served without asking the database anything (issue 13).

A trigger on network_generation sends `NOTIFY ipn_generation, '<number> <time>'` with every
change (ipn.models.generation); NOTIFY is delivered when the transaction commits. One thread
per process (started on the first request that asks, after gunicorn has forked) holds a
connection of its own that LISTENs and, woken by a notification, reads the row. (It does not
take the payload's word for it: any role that can connect may NOTIFY.) So what it knows is
never newer than what has committed: a page rendered after reading it shows at least as much.
What it knows may be older, for the moment a notification takes to arrive (well under a
millisecond on one machine): another server's change shows on this one's kept pages that much
later. A change this process commits is known here at once (`saw`).

While the listener has no connection (the database restarting, the connection lost), it knows
nothing and the generation is read from the database on every request, as on SQLite; it
connects again after 1, 2, 4 ... 30 seconds. Every HEARTBEAT_S it reads the row again, which
also finds a connection that has died without a word (TCP keepalives and a TCP user timeout
bound how long that read can hang); what it knows is not trusted once STALE_S have passed
without a read. On a read replica (which has no NOTIFY of its own) it does not listen at all."""

from __future__ import annotations

import logging
import os
import threading
import time

from sqlalchemy.engine import URL

from ipn.models.generation import CHANNEL, GENERATION_SQL

HEARTBEAT_S = 10.0
WAIT_S = 1.0  # one wait for notifications: stop() is heard within it
STALE_S = 2 * HEARTBEAT_S + 5  # no read for this long (a connection hanging): known no more
RETRY_MAX_S = 30.0
log = logging.getLogger(__name__)

# Starting a listener, in whichever process: a lock of its own in each child after a fork (a
# lock held by a thread of the parent at that moment would be held in the child for ever).
_starting = threading.Lock()


def _after_fork_in_child() -> None:
    global _starting
    _starting = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def newer(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    """Whether generation `a` came after `b`: its time is later (a restored database counts
    its numbers from the start again, at a later time)."""
    return b is None or (a[1], a[0]) > (b[1], b[0])


class Listener:
    def __init__(self, url: URL, connect_args: dict | None = None, logger: logging.Logger | None = None,
                 heartbeat_s: float = HEARTBEAT_S) -> None:
        # libpq's own parameters, as the app's engine connects (sslmode and the like included).
        self.params = {**url.translate_connect_args(username="user", database="dbname"), **dict(url.query),
                       **(connect_args or {})}
        self.params.setdefault("connect_timeout", 5)
        self.log = logger or log
        self.heartbeat_s = heartbeat_s
        self.known: tuple[int, int] | None = None
        self.confirmed = 0.0  # time.monotonic() of the last read
        self.pid: int | None = None
        self.backend_pid: int | None = None  # the listening connection's, for the operator and tests
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.connected = threading.Event()  # listening, and the row read

    def generation(self) -> tuple[int, int] | None:
        """The generation as this process last read it, woken by a notification, or None when
        it is not listening (then the caller reads the database)."""
        if self.pid != os.getpid():
            self._start()
        known, confirmed = self.known, self.confirmed
        if known is None or time.monotonic() - confirmed > STALE_S:
            return None
        return known

    def saw(self, found: tuple[int, int]) -> None:
        """This process has just committed generation `found`: known here from now on, not
        from the notification a moment later (never moving back to an older one)."""
        with self.lock:
            if self.known is not None and newer(found, self.known):
                self.known = found

    def stop(self) -> None:
        """Stop listening (the thread ends within WAIT_S); the database is read from now on."""
        with self.lock:
            self.stopping.set()
            self.known = None

    def _start(self) -> None:
        with _starting:
            if self.pid == os.getpid():
                return
            # In a forked worker the parent's thread does not exist, and its locks may be held:
            # new ones, and a thread of our own.
            stopped = self.stopping.is_set()
            self.lock, self.stopping, self.connected = threading.Lock(), threading.Event(), threading.Event()
            self.pid, self.known = os.getpid(), None
            if stopped:
                self.stopping.set()
                return
            threading.Thread(target=self._run, name="ipn-generation-listener", daemon=True).start()

    def _run(self) -> None:
        import psycopg

        delay = 1.0
        while not self.stopping.is_set():
            try:
                with psycopg.connect(autocommit=True, keepalives=1, keepalives_idle=10, keepalives_interval=5,
                                     keepalives_count=3, tcp_user_timeout=15_000,
                                     application_name="ipn generation listener", **self.params) as conn:
                    if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                        # A read replica: NOTIFY is not replicated, and a generation told by the
                        # primary could be ahead of what this replica has replayed. Read its own row.
                        self.log.info("generation listener: the database is a replica; reading the "
                                      "generation from it on every request")
                        return
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._read(conn)  # after LISTEN: no change can fall between the two
                    self.backend_pid = conn.info.backend_pid
                    self.connected.set()
                    self.log.info("generation listener: listening on %s", CHANNEL)
                    delay, last_read = 1.0, time.monotonic()
                    while not self.stopping.is_set():
                        woken = False
                        for _ in conn.notifies(timeout=WAIT_S, stop_after=1):
                            woken = True  # a wake-up: the payload is not taken on trust
                        if woken or time.monotonic() - last_read >= self.heartbeat_s:
                            self._read(conn)
                            last_read = time.monotonic()
            except Exception as error:  # any failure: forget, read the database meanwhile, retry
                with self.lock:
                    self.known = None
                self.connected.clear()
                self.backend_pid = None
                if self.stopping.is_set():
                    return
                self.log.warning("generation listener: %s; reading the generation from the database "
                                 "on every request until it listens again (in %.0f s)", error, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    def _read(self, conn) -> None:
        row = conn.execute(GENERATION_SQL).fetchone()
        with self.lock:
            if not self.stopping.is_set():
                # The row as it is: moving back only if the database did (a restore by hand), and
                # then for the moment between a commit here and this read.
                self.known = (int(row[0]), int(row[1])) if row else (0, 0)
                self.confirmed = time.monotonic()

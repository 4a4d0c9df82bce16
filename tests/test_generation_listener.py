"""On PostgreSQL each process is told the network's new generations (LISTEN/NOTIFY), so a
kept page is served without asking the database anything; a change made by another process
shows as soon as it is announced (the announcement only wakes the listener, which reads), and while the listener has no connection the generation
is read from the database, as before (issue 13)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from ipn import create_app
from ipn.extensions import db
from tests.test_page_cache import Queries, harbour, withdraw_one_stand_by

WITHDRAWN = "withdrew their stand-by"


@pytest.fixture
def database_url(pg_schema_url):
    """PostgreSQL only: SQLite has no NOTIFY and always reads the row."""
    from tests.conftest import _truncate_all

    yield pg_schema_url
    _truncate_all(pg_schema_url)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "GENERATION_LISTEN": True}


@pytest.fixture
def other_app(app_config):
    """Another worker's app on the same database (or another, with DATABASE_URL): made by
    calling it with settings, its listener stopped and its connections closed afterwards."""
    made = []

    def make(**settings):
        made.append(create_app({**app_config, **settings}))
        return made[-1]

    yield make
    for one in made:
        listener = one.extensions.get("ipn_generation_listener")
        if listener is not None:
            listener.stop()
        with one.app_context():
            db.engine.dispose()


def row(app) -> tuple[int, int]:
    with app.app_context():
        from ipn.models import NetworkGeneration

        found = db.session.get(NetworkGeneration, 1)
        return found.generation, found.changed


def listening(app, client) -> None:
    """A first request starts this process's listener; wait until it has read the row."""
    client.get("/")
    listener = app.extensions["ipn_generation_listener"]
    assert listener.connected.wait(10), "the listener did not connect"


def eventually(check, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()


def shows_withdrawal(client, slug: str) -> bool:
    return WITHDRAWN in client.get(f"/groups/{slug}").get_data(as_text=True)


def test_a_kept_page_is_served_without_a_word_to_the_database(app, client):
    slug, _ = harbour(app)
    listening(app, client)
    queries = Queries(app)
    for path in (f"/groups/{slug}", "/groups", "/", f"/api/v1/groups/{slug}", "/api/v1/groups"):
        first, _ = queries.of(client, path)
        again, cost = queries.of(client, path)
        assert again.status_code == 200 and again.get_data() == first.get_data(), path
        assert cost == 0, (path, cost)
        conditional, cost = queries.of(client, path, headers={"If-None-Match": again.headers["ETag"]})
        assert conditional.status_code == 304 and cost == 0, (path, cost)


def test_a_change_made_by_another_process_shows_as_soon_as_it_is_announced(app, client, other_app):
    slug, people = harbour(app)
    listening(app, client)
    assert not shows_withdrawal(client, slug)  # kept from now on
    withdraw_one_stand_by(other_app(), slug, people)
    assert eventually(lambda: shows_withdrawal(client, slug))


def test_a_notification_is_only_a_wake_up_not_taken_on_trust(app, client, pg_schema_url):
    """Any role that can connect may NOTIFY: a number sent that way, or nonsense, neither
    moves this process's generation nor cuts its listening."""
    slug, _ = harbour(app)
    listening(app, client)
    listener = app.extensions["ipn_generation_listener"]
    listening_on = listener.backend_pid
    admin = create_engine(pg_schema_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("NOTIFY ipn_generation, '999999 99999999999'"))
            conn.execute(text("NOTIFY ipn_generation, 'nonsense'"))
    finally:
        admin.dispose()
    time.sleep(0.5)
    assert listener.generation() == row(app)
    assert listener.connected.is_set() and listener.backend_pid == listening_on


def test_someone_signed_in_sees_their_own_change_at_once_whichever_worker_answers(app, client, other_app, auth,
                                                                                   monkeypatch):
    """The change made through one worker, the next page from another whose listener has not
    yet heard of it: someone signed in reads the generation from the database."""
    slug, people = harbour(app)
    listening(app, client)
    with app.app_context():
        from ipn.models import Practitioner

        email = db.session.get(Practitioner, people[2]).email
    auth.login(email)
    assert not shows_withdrawal(client, slug)
    anonymous = app.test_client()
    assert not shows_withdrawal(anonymous, slug)  # kept
    listener = app.extensions["ipn_generation_listener"]
    monkeypatch.setattr(listener, "_read", lambda conn: None)  # what a late notification looks like
    known = listener.generation()
    withdraw_one_stand_by(other_app(GENERATION_LISTEN=False), slug, people)
    assert shows_withdrawal(client, slug)
    assert listener.generation() == known  # not yet heard of, so an anonymous reader is a moment behind
    assert not shows_withdrawal(anonymous, slug)


def test_while_the_listener_is_cut_off_pages_read_the_database_and_it_listens_again(app, client, other_app,
                                                                                     pg_schema_url):
    slug, people = harbour(app)
    listening(app, client)
    listener = app.extensions["ipn_generation_listener"]
    admin = create_engine(pg_schema_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener.backend_pid}).scalar()
    finally:
        admin.dispose()
    assert eventually(lambda: listener.generation() is None), "the listener did not notice"
    withdraw_one_stand_by(other_app(GENERATION_LISTEN=False), slug, people)
    queries = Queries(app)
    served, cost = queries.of(client, f"/groups/{slug}")
    assert WITHDRAWN in served.get_data(as_text=True) and cost >= 1  # read, not heard
    assert listener.connected.wait(10), "the listener did not connect again"
    client.get(f"/groups/{slug}")
    again, cost = queries.of(client, f"/groups/{slug}")
    assert WITHDRAWN in again.get_data(as_text=True) and cost == 0


@pytest.fixture
def primary_and_replica(tmp_path):
    """A PostgreSQL of this test's own with the schema, and a hot standby streaming from it."""
    from ipn.models import Base
    from tests import pg

    primary = pg.start_cluster()
    try:
        engine = create_engine(primary.url)
        Base.metadata.create_all(engine)
        engine.dispose()
        replica = pg.start_replica(primary)
        try:
            yield primary, replica
        finally:
            replica.stop()
    finally:
        primary.stop()


def test_on_a_read_replica_the_generation_is_read_from_the_replica_itself(primary_and_replica, other_app, caplog):
    """NOTIFY is not replicated, and a generation told by the primary could be ahead of what
    the replica has replayed: the replica pool reads the replica's own row (docs/scaling.md)."""
    primary, replica = primary_and_replica
    writer, reader = other_app(DATABASE_URL=primary.url), other_app(DATABASE_URL=replica.url)
    slug, people = harbour(writer)
    writer.test_client().get("/")  # the primary writes the founding rules and runs the day's jobs
    client = reader.test_client()
    caplog.set_level("INFO")

    def replayed() -> bool:
        """Whether the replica has replayed everything the primary has written so far."""
        engines = create_engine(primary.url), create_engine(replica.url)
        try:
            with engines[0].connect() as conn:
                # The insert position, not the write position: with synchronous_commit off
                # (tests/pg.py) a commit returns before its record is written out.
                written = conn.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar()
            with engines[1].connect() as conn:
                return conn.execute(text("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)"),
                                    {"lsn": written}).scalar()
        finally:
            for engine in engines:
                engine.dispose()

    assert eventually(replayed, 10), "the replica did not catch up"
    assert client.get(f"/groups/{slug}").status_code == 200
    listener = reader.extensions["ipn_generation_listener"]
    assert eventually(lambda: "the database is a replica" in caplog.text, 10)
    assert listener.generation() is None and not listener.connected.is_set()
    queries = Queries(reader)
    served, cost = queries.of(client, f"/groups/{slug}")
    assert WITHDRAWN not in served.get_data(as_text=True)
    assert cost == 1, queries.statements  # kept, the row read
    withdraw_one_stand_by(writer, slug, people)
    assert eventually(lambda: shows_withdrawal(client, slug), 10)

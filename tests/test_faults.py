"""Faults (issue 12, item 4): a database that does not answer gives 503 pages in the site's
layout and 503 error objects, quickly, and the registry recovers by itself when it returns;
an error half-way through an action leaves no partial row; a SQLite file locked by someone
else is waited for a bounded time (IPN_SQLITE_LOCK_TIMEOUT), then a 503."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from ipn import create_app
from ipn.extensions import db
from ipn.models import Base, Group, Statement
from ipn.services import accounts, groups, invitations, statements
from tests import factories as f
from tests import pg
from tests.conftest import PASSWORD
from tests.pages import text_of

UNAVAILABLE = "The registry is unavailable for a moment"


def config_for(url: str, tmp_path, **extra) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"), **extra}


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    html = response.get_data(as_text=True)
    assert UNAVAILABLE in text_of(response) and "Nothing was changed" in text_of(response)
    assert 'class="site-header"' in html and "Skip to main content" in html  # the site's layout


def assert_unavailable_json(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.json == {"error": {"code": "unavailable", "message": response.json["error"]["message"],
                                       "fields": {}}}
    assert "not answering" in response.json["error"]["message"]


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


@pytest.fixture
def own_cluster() -> Iterator[pg.Cluster]:
    """A PostgreSQL of this test's own, to stop and start without disturbing the others."""
    cluster = pg.start_cluster()
    engine = create_engine(cluster.url)
    Base.metadata.create_all(engine)
    engine.dispose()
    try:
        yield cluster
    finally:
        cluster.stop()


def test_a_stopped_postgresql_gives_503s_at_once_and_the_registry_recovers_when_it_returns(own_cluster, tmp_path):
    app = create_app(config_for(own_cluster.url, tmp_path))
    with app.app_context():
        founder = f.person("Steady Founder")
        group = groups.found_group(founder, "Steady Group")
        token, email, slug = accounts.create_token(founder), founder.email, group.slug
        db.session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    visitor, member = app.test_client(), app.test_client()
    assert member.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302

    pages = [(visitor, "/"), (visitor, f"/groups/{slug}"), (visitor, "/groups"), (member, "/me")]
    for client, path in pages:
        assert client.get(path).status_code == 200, path
    assert visitor.get("/api/v1/groups", headers=bearer).status_code == 200

    own_cluster.halt()
    try:
        for client, path in pages:
            response, seconds = timed(client.get, path)
            assert_unavailable_page(response)
            assert seconds < 3, (path, seconds)
        response = member.post("/groups/new", data={"name": "Group Founded In The Dark", "region": ""})
        assert_unavailable_page(response)
        for call in (lambda: visitor.get("/api/v1/groups"), lambda: visitor.get(f"/api/v1/groups/{slug}"),
                     lambda: visitor.post("/api/v1/groups", json={"name": "Dark Group"}, headers=bearer),
                     lambda: visitor.get("/api/v1/me", headers=bearer)):
            response, seconds = timed(call)
            assert_unavailable_json(response)
            assert seconds < 3, seconds
        assert visitor.get("/readyz").status_code == 503
        assert visitor.get("/healthz").status_code == 200
    finally:
        own_cluster.resume()

    # The same app, not restarted: its pool replaces the connections the outage dropped.
    for client, path in pages:
        assert client.get(path).status_code == 200, path
    assert visitor.get("/readyz").status_code == 200
    names = [g["name"] for g in visitor.get("/api/v1/groups", headers=bearer).json["items"]]
    assert names == ["Steady Group"]  # nothing tried during the outage was half-done
    assert visitor.post("/api/v1/groups", json={"name": "Bright Group"}, headers=bearer).status_code == 201
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word: a database that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


def test_a_database_that_does_not_answer_is_a_503_within_the_connect_timeout(silent_server, tmp_path):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/ipn"
    app = create_app(config_for(url, tmp_path, DATABASE_CONNECT_TIMEOUT=2))
    client = app.test_client()
    response, seconds = timed(client.get, "/groups")
    assert_unavailable_page(response)
    assert seconds < 7, seconds  # one connection attempt of 2 s, perhaps two; never a hang
    response, seconds = timed(client.get, "/api/v1/groups")
    assert_unavailable_json(response)
    assert seconds < 7, seconds
    with app.app_context():
        db.engine.dispose()


def test_a_locked_sqlite_database_is_waited_for_a_bounded_time_then_a_503(tmp_path):
    path = tmp_path / "ipn.sqlite"
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(config_for(url, tmp_path, SQLITE_LOCK_TIMEOUT=1))
    with app.app_context():
        founder = f.person("Patient Founder")
        token = accounts.create_token(founder)
        db.session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    assert client.get("/groups").status_code == 200

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holding the file, e.g. a long import
    try:
        response, seconds = timed(client.get, "/groups")
        assert_unavailable_page(response)
        assert 0.9 < seconds < 5, seconds  # waited for the lock, but not for ever
        response, seconds = timed(client.post, "/api/v1/groups", json={"name": "Waiting Group"}, headers=bearer)
        assert_unavailable_json(response)
        assert seconds < 5, seconds
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert client.get("/groups").status_code == 200
    assert client.post("/api/v1/groups", json={"name": "Waiting Group"}, headers=bearer).status_code == 201
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- An error half-way through an action -------------------------------------------------------

def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it."""
    return {table.name: sorted(tuple(map(repr, row)) for row in db.session.execute(table.select()))
            for table in Base.metadata.sorted_tables}


def install_fault(table: str) -> None:
    """A trigger that makes the database refuse any new row in `table`: a real error raised by
    the database in the middle of an action, after the action has written other rows."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"CREATE TRIGGER injected_fault BEFORE INSERT ON {table} "
                                "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"))
    else:
        db.session.execute(text("CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS "
                                "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$"))
        db.session.execute(text(f"CREATE TRIGGER injected_fault BEFORE INSERT ON {table} "
                                "FOR EACH ROW EXECUTE FUNCTION injected_fault()"))
    db.session.commit()


def remove_fault(table: str) -> None:
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DROP TRIGGER injected_fault"))
    else:
        db.session.execute(text(f"DROP TRIGGER injected_fault ON {table}"))
        db.session.execute(text("DROP FUNCTION injected_fault()"))
    db.session.commit()


def _last_endorsement(app, client, auth):
    """The last endorsement: the endorsement, an event and notifications are written, the draft
    is published, then the group's status change fails."""
    with app.app_context():
        group, people = f.forming_group("Faulty Group")
        draft = statements.draft_statement(people[0], group, "We hold each other to account.")
        for member in people[:-1]:
            statements.endorse(member, draft)
        token, slug, draft_id, email = accounts.create_token(people[-1]), group.slug, draft.id, people[-1].email
        db.session.commit()
    auth.login(email)
    page = lambda: client.post(f"/groups/{slug}/statement/endorse", data={"version": "1"})  # noqa: E731
    api = lambda: client.post(f"/api/v1/statements/{draft_id}/endorsements",  # noqa: E731
                              headers={"Authorization": f"Bearer {token}"})

    def done() -> bool:
        return db.session.get(Statement, draft_id).state == "published"
    return "status_changes", page, api, done


def _acceptance(app, client, auth):
    """Accepting an invitation: the invitation is answered, the stay begins, an event is
    recorded, then the notifications to the group fail."""
    with app.app_context():
        group, people = f.forming_group("Welcoming Group", size=3)
        newcomer = f.person("Newcomer")
        invitation = invitations.invite(people[0], group, newcomer)
        token, invitation_id, email, group_id = (accounts.create_token(newcomer), invitation.id, newcomer.email,
                                                 group.id)
        db.session.commit()
    auth.login(email)
    page = lambda: client.post(f"/invitations/{invitation_id}/accept")  # noqa: E731
    api = lambda: client.post(f"/api/v1/invitations/{invitation_id}/accept",  # noqa: E731
                              headers={"Authorization": f"Bearer {token}"})

    def done() -> bool:
        return len(groups.people_ids(db.session.get(Group, group_id))) == 4
    return "notifications", page, api, done


def _last_leaving(app, client, auth):
    """The last person leaves: the stay ends, the group dissolves, its links end, its pending
    invitations are declined, then the group's status change fails."""
    with app.app_context():
        founder = f.person("Lone Founder")
        group = groups.found_group(founder, "Lonely Group")
        invitations.invite(founder, group, f.person("Never Joined"))
        token, slug, email, group_id = accounts.create_token(founder), group.slug, founder.email, group.id
        db.session.commit()
    auth.login(email)
    page = lambda: client.post(f"/groups/{slug}/workspace/leave")  # noqa: E731
    api = lambda: client.post(f"/api/v1/groups/{slug}/leave", headers={"Authorization": f"Bearer {token}"})  # noqa: E731

    def done() -> bool:
        return db.session.get(Group, group_id).dissolved_at is not None
    return "status_changes", page, api, done


@pytest.mark.parametrize("action", [_last_endorsement, _acceptance, _last_leaving],
                         ids=["last endorsement", "accepting an invitation", "the last person leaving"])
def test_an_error_half_way_through_an_action_leaves_no_partial_row(app, client, auth, action):
    table, page, api, done = action(app, client, auth)
    with app.app_context():
        install_fault(table)
        before = snapshot()
    for send in (page, api):
        response = send()
        with app.app_context():
            assert snapshot() == before  # not one row written, changed or removed
        if response.status_code == 302:  # a refusal shown as a message on the page one came from
            assert "Please reload and try again" in text_of(client.get(response.location))
        else:
            assert response.status_code >= 400, response.get_data(as_text=True)[:500]
    with app.app_context():
        remove_fault(table)
    assert api().status_code == 200  # the same request, without the fault, does it all
    with app.app_context():
        assert done()

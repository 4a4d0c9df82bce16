"""Backups: `ipn export` writes the registry to a JSON file and `ipn import` restores it into an
empty database, from SQLite to PostgreSQL and back, losing nothing.

These tests need both databases at once, so they build their own two apps (one on SQLite,
one on the session's PostgreSQL) rather than the `app` fixture's one per database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text

from ipn import create_app
from ipn.extensions import db
from ipn.models import Base, Practitioner, Proposal
from tests.conftest import PASSWORD

# "Today" is the same day in both registries, so every answer that depends on it agrees.
NOW = dt.datetime(2026, 6, 17, 11, 30, 15, 123456, tzinfo=dt.timezone.utc)

PUBLIC_ANSWERS = [
    "/api/v1/groups?per_page=100",
    "/api/v1/groups?per_page=100&status=full_member",
    "/api/v1/groups?q=valley",
    "/api/v1/network",
    "/api/v1/rules",
    "/api/v1/rules/history",
    "/api/v1/gatherings",
    "/api/v1/proposals",
    "/api/v1/groups/severn-practitioners",
    "/api/v1/groups/calder-valley-group",
    "/api/v1/groups/thursday-circle",
    "/api/v1/groups/tyne-bridge-group",
    "/api/v1/groups/severn-practitioners/statements",
]


def _config(url: str, tmp_path, name: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "MAIL_OUTBOX_DIR": str(tmp_path / f"outbox-{name}"),
        "MAIL_TRUST_UNCONFIRMED": True,
        "FROZEN_NOW": NOW,
    }


def _app(url: str, tmp_path, name: str):
    app = create_app(_config(url, tmp_path, name))
    app.instance_path = str(tmp_path / f"instance-{name}")
    return app


def _close(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def sqlite_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = _app(url, tmp_path, "sqlite")
    yield app
    _close(app)


@pytest.fixture
def postgresql_app(pg_schema_url, tmp_path) -> Iterator:
    app = _app(pg_schema_url, tmp_path, "postgresql")
    try:
        yield app
    finally:
        _close(app)
        engine = create_engine(pg_schema_url)
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()


def ipn(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def answers(app) -> dict[str, object]:
    client = app.test_client()
    found = {}
    for url in PUBLIC_ANSWERS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found[url] = response.get_json()
    return found


def move(source, target, tmp_path) -> tuple[bytes, bytes]:
    """The demo built in `source`, exported, imported into `target` and exported again."""
    assert "Demo network loaded" in ipn(source, "demo")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert "rows written" in ipn(source, "export", str(first))
    assert "rows restored" in ipn(target, "import", str(first))
    ipn(target, "export", str(second))
    return first.read_bytes(), second.read_bytes()


def test_the_demo_moves_from_sqlite_to_postgresql_and_every_public_answer_is_the_same(
        sqlite_app, postgresql_app, tmp_path):
    first, second = move(sqlite_app, postgresql_app, tmp_path)
    assert first == second
    document = json.loads(first)
    assert document["format"] == "ipn-registry-backup" and document["version"] == 1
    # Every table is in it, with its history (not the page cache's version: bookkeeping).
    assert set(document["tables"]) == {t.name for t in Base.metadata.sorted_tables} - {"network_generation"}
    for table in ("practitioners", "memberships", "stand_bys", "status_changes", "events",
                  "statements", "visits", "gatherings", "positions", "rule_versions"):
        assert document["tables"][table]["rows"], table
    columns = document["tables"]["practitioners"]["columns"]
    assert all(row[columns.index("password_hash")].startswith("scrypt:")
               or row[columns.index("password_hash")].startswith("pbkdf2:")
               for row in document["tables"]["practitioners"]["rows"])
    assert answers(sqlite_app) == answers(postgresql_app)

    # The people moved with their passwords: one logs in on the new database.
    client = postgresql_app.test_client()
    response = client.post("/login", data={"email": "ruth.okafor@example.org", "password": "demo-password-1"})
    assert response.status_code == 302
    assert "Ruth Okafor" in client.get("/me").get_data(as_text=True)


def test_a_registry_moves_from_postgresql_to_sqlite_and_the_second_export_is_identical(
        sqlite_app, postgresql_app, tmp_path):
    first, second = move(postgresql_app, sqlite_app, tmp_path)
    assert first == second
    assert answers(postgresql_app) == answers(sqlite_app)
    # The directory's full-text index was rebuilt on SQLite: a word of a statement finds its group.
    client = sqlite_app.test_client()
    statement = client.get("/api/v1/groups/severn-practitioners/statements").get_json()
    word = next(w for w in statement["items"][0]["text"].split() if w.isalpha() and len(w) > 6)
    found = client.get(f"/api/v1/groups?q={word}").get_json()
    assert "severn-practitioners" in [g["slug"] for g in found["items"]]


def test_after_an_import_into_postgresql_new_rows_get_fresh_ids(sqlite_app, postgresql_app, tmp_path):
    move(sqlite_app, postgresql_app, tmp_path)
    client = postgresql_app.test_client()
    response = client.post("/register", data={
        "name": "Newcomer After The Move", "email": "newcomer@example.org",
        "password": PASSWORD, "password_confirm": PASSWORD})
    assert response.status_code == 302
    with postgresql_app.app_context():
        ids = list(db.session.scalars(select(Practitioner.id).order_by(Practitioner.id)))
        newcomer = db.session.scalar(select(Practitioner).where(Practitioner.email == "newcomer@example.org"))
        assert newcomer.id == ids[-1] == len(ids)


def test_times_days_shares_and_json_come_back_exactly(sqlite_app, postgresql_app, tmp_path):
    from ipn.services import accounts

    odd = dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=dt.timezone.utc)
    with sqlite_app.app_context():
        person = accounts.register(email="exact@example.org", password=PASSWORD, name="Zoë Ñandú 山田",
                                   confirmed=True)
        person.email_confirmed_at = odd
        db.session.commit()
    assert "Demo network loaded" not in ipn(sqlite_app, "demo")  # not empty: the demo stays out
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    ipn(sqlite_app, "export", str(first))
    ipn(postgresql_app, "import", str(first))
    ipn(postgresql_app, "export", str(second))
    assert first.read_bytes() == second.read_bytes()
    with postgresql_app.app_context():
        back = db.session.scalar(select(Practitioner).where(Practitioner.email == "exact@example.org"))
        assert back.name == "Zoë Ñandú 山田"
        assert back.email_confirmed_at == odd


def test_a_proposal_with_a_share_and_nested_json_round_trips(sqlite_app, postgresql_app, tmp_path):
    assert "Demo network loaded" in ipn(postgresql_app, "demo")
    with postgresql_app.app_context():
        proposal = db.session.scalars(select(Proposal).order_by(Proposal.id)).first()
        proposal.changes = {"quorum_fraction": "2/5", "nested": {"list": [1, 2.5, None, "ü"]}}
        proposal_id = proposal.id
        db.session.commit()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    ipn(postgresql_app, "export", str(first))
    ipn(sqlite_app, "import", str(first))
    ipn(sqlite_app, "export", str(second))
    assert first.read_bytes() == second.read_bytes()
    with sqlite_app.app_context():
        back = db.session.get(Proposal, proposal_id)
        assert back.changes == {"quorum_fraction": "2/5", "nested": {"list": [1, 2.5, None, "ü"]}}


def test_import_refuses_a_database_that_is_not_empty(app, runner, make_practitioner, tmp_path):
    make_practitioner(name="Already Here")
    path = tmp_path / "backup.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert "not empty" in result.output and "practitioners" in result.output
    with app.app_context():
        assert len(db.session.scalars(select(Practitioner)).all()) == 1


def test_import_refuses_what_is_not_a_backup_of_this_version(app, runner, tmp_path):
    path = tmp_path / "other.json"
    path.write_text("{\"format\": \"something else\"}")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "not a registry backup" in result.output
    path.write_text(json.dumps({"format": "ipn-registry-backup", "version": 99, "tables": {}}))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "version 99" in result.output
    path.write_text(json.dumps({"format": "ipn-registry-backup", "version": 1, "schema": "0123abcd", "tables": {}}))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "made at schema 0123abcd" in result.output
    path.write_text("not json at all")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "not a registry backup" in result.output

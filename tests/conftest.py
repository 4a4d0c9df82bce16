"""Fixtures: the app on SQLite and on a throwaway PostgreSQL, client, runner, auth helpers,
factories, a live server and Chromium for browser tests.

Every test that uses `app` runs once per database named in IPN_TEST_DATABASES
(default "sqlite,postgresql"; `make test` runs both and never skips either)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from ipn import create_app
from ipn.extensions import db
from ipn.models import Base
from ipn.services import search_index  # noqa: F401  (create_all builds the search index too)
from tests import pg
from tests.serving import threaded_server

# Property and schema tests draw the same examples on every run, so CI is repeatable;
# IPN_HYPOTHESIS=explore draws fresh ones (worth running now and then).
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("IPN_HYPOTHESIS", "repeatable"))

DATABASES = [d.strip() for d in os.environ.get("IPN_TEST_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    cluster = pg.start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_schema_url(pg_cluster: pg.Cluster) -> Iterator[str]:
    """A PostgreSQL database with the models' schema, created once per session."""
    engine = create_engine(pg_cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE DATABASE ipn_test"))
    engine.dispose()
    url = pg_cluster.url_for("ipn_test")
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield url


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ipn.sqlite'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url
    elif request.param == "postgresql":
        url = request.getfixturevalue("pg_schema_url")
        try:
            yield url
        finally:
            _truncate_all(url)
    else:
        raise ValueError(f"unknown test database {request.param!r}")


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override in a test module to change settings for its tests."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # scrypt takes ~0.4 s a password on these 2 cores; the suite registers hundreds of people.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Mail goes to .eml files in the test's own folder (no MAIL_SERVER), and the older tests,
        # which register people over HTTP without reading their email, may invite them
        # (tests/test_mail*.py turn this off and confirm addresses through real SMTP).
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "MAIL_TRUST_UNCONFIRMED": True,
        # No thread and connection per test listening for generations on PostgreSQL: pages
        # read the generation from the database (tests/test_generation_listener.py listens).
        "GENERATION_LISTEN": False,
    }


@pytest.fixture
def app(app_config, tmp_path):
    app = create_app({**app_config})
    app.instance_path = str(tmp_path / "instance")
    yield app
    listener = app.extensions.get("ipn_generation_listener")
    if listener is not None:
        listener.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_practitioner(app):
    """Create a practitioner directly in the database; returns its id."""
    from ipn.services.accounts import register

    def make(name: str | None = None, email: str | None = None, password: str = PASSWORD, **extra) -> int:
        n = next(_counter)
        with app.app_context():
            person = register(
                email=email or f"person{n}@example.org", password=password, name=name or f"Person {n}",
                **{"confirmed": True, **extra}
            )
            db.session.commit()
            return person.id

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


# --- The browser -----------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def live_app_config(app_config) -> dict:
    """The live server keeps CSRF on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(live_app_config, tmp_path) -> Iterator[str]:
    """The app served on a free loopback port in a thread; yields its base URL."""
    with threaded_server(create_app(live_app_config)) as base_url:
        yield base_url


# --- Email -----------------------------------------------------------------------------------

@pytest.fixture
def smtp():
    """A real SMTP server on a free loopback port; the app sends to it with `smtp.config()`."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()

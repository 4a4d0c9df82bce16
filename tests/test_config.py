"""Configuration and the web conventions every response follows (SPEC "Web conventions")."""

from __future__ import annotations

import secrets
import socket

import pytest
from flask import session

from ipn import InsecureSecretKey, create_app
from ipn.config import DEV_SECRET_KEY


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """The developer's own settings must not leak into these tests."""
    for name in ("FLASK_DEBUG", "IPN_SECRET_KEY", "IPN_DATABASE_URL", "IPN_DEBUG", "IPN_TESTING"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ipn.sqlite'}"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free again once closed: nothing listens there


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "too-short"])
def test_refuses_to_start_in_production_without_a_real_secret_key(key, sqlite_url):
    with pytest.raises(InsecureSecretKey) as refused:
        create_app({"SECRET_KEY": key, "DATABASE_URL": sqlite_url})
    assert "IPN_SECRET_KEY" in str(refused.value)
    assert "secrets.token_hex" in str(refused.value)


def test_starts_in_production_with_a_secret_key_from_the_environment(monkeypatch, sqlite_url):
    key = secrets.token_hex(32)
    monkeypatch.setenv("IPN_SECRET_KEY", key)
    app = create_app({"DATABASE_URL": sqlite_url})
    assert app.secret_key == key


@pytest.mark.parametrize("mode", ["DEBUG", "TESTING"])
def test_debug_and_testing_start_with_the_development_key(mode, sqlite_url):
    app = create_app({mode: True, "SECRET_KEY": DEV_SECRET_KEY, "DATABASE_URL": sqlite_url})
    assert app.secret_key == DEV_SECRET_KEY


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:////srv/ipn/ipn.sqlite", "sqlite:////srv/ipn/ipn.sqlite"),
        ("postgresql+psycopg://ipn:pw@db.example/ipn", "postgresql+psycopg://ipn:pw@db.example/ipn"),
        ("postgresql://ipn:pw@db.example/ipn", "postgresql+psycopg://ipn:pw@db.example/ipn"),
        ("postgres://ipn:pw@db.example/ipn", "postgresql+psycopg://ipn:pw@db.example/ipn"),
    ],
)
def test_ipn_database_url_chooses_the_database(monkeypatch, given, used):
    monkeypatch.setenv("IPN_DATABASE_URL", given)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == used


def test_the_database_url_reaches_the_engine(monkeypatch, sqlite_url):
    from ipn.extensions import db

    monkeypatch.setenv("IPN_DATABASE_URL", sqlite_url)
    app = create_app({"TESTING": True})
    with app.app_context():
        assert db.engine.url.render_as_string() == sqlite_url
        db.engine.dispose()


@pytest.fixture
def unreachable_client():
    url = f"postgresql+psycopg://ipn@127.0.0.1:{closed_port()}/ipn?connect_timeout=2"
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    yield app.test_client()
    from ipn.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_healthz_answers_while_the_database_is_unreachable(unreachable_client):
    response = unreachable_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_says_503_while_the_database_is_unreachable(unreachable_client):
    response = unreachable_client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/no-such-page", "/static/no-such-file.css"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = dict(
        (directive.split(" ", 1) + [""])[:2] for directive in
        (part.strip() for part in response.headers["Content-Security-Policy"].split(";")) if directive
    )
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src and "'unsafe-inline'" not in script_src
    assert csp["frame-ancestors"] in ("'none'", "'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_security_headers_on_a_refused_method(client):
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def _cookie_of(app) -> str:
    @app.get("/test-session")
    def set_session():
        session["seen"] = True
        return "ok"

    return app.test_client().get("/test-session").headers["Set-Cookie"]


def test_session_cookie_is_httponly_and_samesite(app):
    cookie = _cookie_of(app)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_cookie_is_secure_outside_debug(sqlite_url):
    app = create_app({"SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": sqlite_url})
    cookie = _cookie_of(app)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_behind_a_proxy_rate_limits_see_each_visitors_own_address(sqlite_url):
    from ipn import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": sqlite_url, "PROXY_COUNT": 1})

    @app.get("/_address")
    def address():
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"


def test_each_app_keeps_its_own_rate_limit_switch(sqlite_url, tmp_path):
    from ipn import create_app

    base = {"TESTING": True, "SECRET_KEY": "x" * 32, "RATE_LIMIT_REGISTER": "1 per minute", "WTF_CSRF_ENABLED": False}
    strict = create_app({**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite'}", "RATELIMIT_ENABLED": True})
    quiet = create_app({**base, "DATABASE_URL": sqlite_url, "RATELIMIT_ENABLED": False})
    assert [strict.test_client().post("/register", data={}).status_code for _ in range(2)] == [422, 429]
    assert [quiet.test_client().post("/register", data={}).status_code for _ in range(3)] == [422] * 3

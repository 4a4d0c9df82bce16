"""Registrations, token requests and concerns through the API are rate limited (SPEC "Web
conventions", R15), with the API's error object and a Retry-After. Counted in a real
redis-server, as in production (tests/test_limits_gunicorn.py: the same across two workers)."""

from __future__ import annotations

import pytest

from tests.redis_server import redis_server, redis_url  # noqa: F401  (fixtures)
from tests.test_api import Api
from tests.test_api_errors import error_of


@pytest.fixture
def app_config(app_config, redis_url):  # noqa: F811  (the fixture)
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": redis_url,
            "RATE_LIMIT_REGISTER": "2 per minute",
            "RATE_LIMIT_LOGIN": "3 per minute", "RATE_LIMIT_LOGIN_ACCOUNT": "2 per 15 minutes",
            "RATE_LIMIT_CONCERN": "2 per minute"}


def test_registrations_are_rate_limited(client):
    api = Api(client)
    for n in range(2):
        api.post("/practitioners", json={"email": f"p{n}@example.org", "password": "a long passphrase",
                                         "name": f"P {n}"}, expect=201)
    refused = api.post("/practitioners", json={"email": "p9@example.org", "password": "a long passphrase",
                                               "name": "P 9"}, expect=429)
    assert error_of(refused)["code"] == "rate_limited"
    assert "registrations" in error_of(refused)["message"]


def test_failed_token_requests_pause_the_account(client, make_practitioner):
    api = Api(client)
    make_practitioner(email="kim@example.org")
    for _ in range(2):
        api.post("/tokens", json={"email": "kim@example.org", "password": "wrong guess!"}, expect=401)
    refused = api.post("/tokens", json={"email": "kim@example.org", "password": "a long enough passphrase"},
                       expect=429)
    assert error_of(refused)["code"] == "rate_limited"


def test_concerns_are_rate_limited(client, make_practitioner):
    api = Api(client)
    person = make_practitioner()
    concern = {"about_practitioner_id": person, "name": "A", "email": "a@example.org", "text": "worried"}
    for _ in range(2):
        api.post("/concerns", json=concern, expect=409)  # counted even when refused
    assert error_of(api.post("/concerns", json=concern, expect=429))["code"] == "rate_limited"


def test_failed_logins_on_the_site_and_the_api_share_one_budget_per_account(client, make_practitioner):
    api = Api(client)
    make_practitioner(email="lee@example.org")
    client.post("/login", data={"email": "lee@example.org", "password": "wrong guess!"})
    api.post("/tokens", json={"email": "LEE@example.org", "password": "wrong guess!"}, expect=401)
    assert client.post("/login", data={"email": "lee@example.org", "password": "wrong again"}).status_code == 429
    api.post("/tokens", json={"email": "lee@example.org", "password": "a long enough passphrase"}, expect=429)


@pytest.fixture
def inviting_group(app):
    from ipn.extensions import db
    from tests import factories as f
    from tests.test_api import token_for

    with app.app_context():
        group, people = f.forming_group("Inviters", size=2)
        newcomers = [f.person().id for _ in range(4)]
        token = token_for(app, people[0])
        email = people[0].email
        db.session.commit()
        return group.slug, token, email, newcomers


def test_invitations_through_the_api_are_rate_limited_with_the_pages(app, client, inviting_group):
    app.config["RATE_LIMIT_INVITE"] = "2 per hour"
    slug, token, email, newcomers = inviting_group
    api = Api(client)
    api.post(f"/groups/{slug}/invitations", token=token, json={"practitioner_id": newcomers[0]}, expect=201)
    client.post("/login", data={"email": email, "password": "a long enough passphrase"})
    page = client.post(f"/groups/{slug}/workspace/invite", data={"email": "nobody@example.org"})
    assert page.status_code != 429  # the second invitation of the hour, through the page
    refused = api.post(f"/groups/{slug}/invitations", token=token, json={"practitioner_id": newcomers[1]},
                       expect=429)
    assert "many invitations" in error_of(refused)["message"]

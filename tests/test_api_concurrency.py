"""Races through the API on a real threaded server: the rules hold in the database transaction,
not only in a check before it (SPEC R3, R9). On SQLite and PostgreSQL."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from ipn import create_app
from ipn.extensions import db
from ipn.models import Link, Membership
from ipn.services import accounts, invitations
from tests import factories as f


@pytest.fixture
def api_server(app_config) -> Iterator[tuple[str, object]]:
    """The app served by a threaded werkzeug server; yields its base URL and the app."""
    app = create_app(app_config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def post_together(base_url: str, requests: list[tuple[str, str, dict | None]]) -> list[int]:
    """POST each (path, token, body) from its own thread, released at the same moment; the statuses."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int | None] = [None] * len(requests)
    bodies: list[str] = [""] * len(requests)
    address = urlsplit(base_url)

    def send(i: int, path: str, token: str, payload: dict | None) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        body = json.dumps(payload or {})
        connection.connect()
        barrier.wait()
        connection.request("POST", path, body=body, headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": "application/json"})
        response = connection.getresponse()
        statuses[i], bodies[i] = response.status, response.read().decode()
        connection.close()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert all(s is not None for s in statuses), bodies
    for status, body in zip(statuses, bodies):
        assert status < 500, body
        if status >= 400:
            assert "error" in json.loads(body)
    return statuses  # type: ignore[return-value]


def test_two_invitees_accepting_the_last_place_at_once_one_joins_one_is_refused(api_server):
    base_url, app = api_server
    with app.app_context():
        group, people = f.forming_group("Crowded Group", size=8)
        invitees = [f.person("Invitee A"), f.person("Invitee B")]
        invites = [invitations.invite(people[0], group, p) for p in invitees]
        tokens = [accounts.create_token(p) for p in invitees]
        requests = [(f"/api/v1/invitations/{i.id}/accept", t, None) for i, t in zip(invites, tokens)]
        group_id = group.id
        db.session.commit()

    statuses = post_together(base_url, requests)
    assert sorted(statuses) == [200, 409]

    with app.app_context():
        people_now = db.session.scalar(select(func.count(Membership.id)).where(
            Membership.group_id == group_id, Membership.left_at.is_(None)))
        assert people_now == 9


def test_two_groups_proposing_a_link_to_each_other_at_once_make_one_link(api_server):
    base_url, app = api_server
    with app.app_context():
        river, hill = f.member_group("River Group"), f.member_group("Hill Group")
        river_token, hill_token = accounts.create_token(river[1][0]), accounts.create_token(hill[1][0])
        db.session.commit()

    statuses = post_together(base_url, [
        ("/api/v1/groups/river-group/links", river_token, {"partner": "hill-group"}),
        ("/api/v1/groups/hill-group/links", hill_token, {"partner": "river-group"}),
    ])
    assert sorted(statuses) == [201, 409]

    with app.app_context():
        live = db.session.scalars(select(Link).where(Link.state.in_(("proposed", "active")))).all()
        assert len(live) == 1

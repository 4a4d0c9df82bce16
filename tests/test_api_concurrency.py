"""Races through the API on a real threaded server: the rules hold in the database transaction,
not only in a check before it (SPEC R3, R9). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from ipn import create_app
from ipn.extensions import db
from ipn.models import Link, Membership
from ipn.services import accounts, invitations
from tests import factories as f
from tests.serving import send_together, threaded_server


@pytest.fixture
def api_server(app_config) -> Iterator[tuple[str, object]]:
    """The app served by a threaded werkzeug server; yields its base URL and the app."""
    app = create_app(app_config)
    with threaded_server(app) as base_url:
        yield base_url, app


def post_together(base_url: str, requests: list[tuple[str, str, dict | None]]) -> list[int]:
    """POST each (path, token, body) from its own thread, released at the same moment; the statuses."""
    return [status for status, _ in send_together(base_url, [("POST", *r) for r in requests])]


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

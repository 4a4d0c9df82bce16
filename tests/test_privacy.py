"""Nothing private reaches a public page, the open data or a public API answer: no email
address, withdrawal reason, visit note, concern, invitation, or practice record, nor a
completed pathway its holder has not chosen to show (SPEC "Private always")."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ipn.extensions import db
from ipn.models import Group, Practitioner
from ipn.services import concerns, invitations, links, practice, stand_bys
from tests import factories as f
from tests import public_network

WITHDRAWAL = "Secret withdrawal reason zq1"
VISIT_NOTE = "Secret visit note zq2"
CONCERN = "Secret concern text zq3"
CONCERNED_EMAIL = "raiser-zq4@example.net"
INVITED_NAME = "Invited Only Zq5"
PRACTICE_NOTE = "Secret practice note zq6"


@pytest.fixture
def seeded(app):
    """The public network, plus one of each secret."""
    with app.app_context():
        net = public_network.build()
        hill = db.session.scalar(select(Group).where(Group.slug == net.hill))
        river = db.session.scalar(select(Group).where(Group.slug == net.river))
        hill_people = [m.practitioner for m in hill.memberships if m.left_at is None]
        stand_bys.withdraw_stand_by(hill_people[0], hill, hill_people[1], WITHDRAWAL)
        river_people = [m.practitioner for m in river.memberships if m.left_at is None]
        link = next(l for l in links_of(river) if l.partner_id != hill.id and l.group_id != hill.id)
        links.record_visit(river_people[0], link, db.session.get(Group, link.other(river.id)),
                           f.clock.today(), "validated", note=VISIT_NOTE)
        concerns.raise_concern(about_practitioner=river_people[2], name="A client", email=CONCERNED_EMAIL,
                               text=CONCERN)
        invited = f.person(INVITED_NAME, "Bristol")
        invitations.invite(river_people[0], river, invited)
        # A completed pathway its holder has not chosen to show, and a record's note.
        prior = practice.record(river_people[3], "prior_accreditation", f.clock.today(), f.clock.today(),
                                river_people[0], pathway="cci-member", note=PRACTICE_NOTE)
        practice.attest(river_people[0], prior, True)
        db.session.commit()
        emails = list(db.session.scalars(select(Practitioner.email)))
        return net, emails


def links_of(group):
    from ipn.models import Link

    return db.session.scalars(select(Link).where(
        Link.state == "active", (Link.group_id == group.id) | (Link.partner_id == group.id))).all()


def public_paths(app, net) -> list[str]:
    paths = ["/", "/groups", "/groups?status=all", "/groups?q=river", "/check", "/check?name=Person",
             "/check?name=Zq5", "/network", "/open", "/gatherings", "/groups.csv?status=all", "/statements.atom"]
    for slug in (net.river, net.hill, net.oak, net.ash, net.elm):
        paths.append(f"/groups/{slug}")
    with app.app_context():
        for person_id in db.session.scalars(select(Practitioner.id)):
            paths.append(f"/practitioners/{person_id}")
    # Every public GET of the JSON API that exists now, with this network's values in its address.
    values = {"slug": net.river, "practitioner_id": str(net.accredited_id)}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        if rule.arguments - set(values) or rule.rule.endswith(("/draft", "/concerns", "/me")):
            continue  # members' own answers (they need a token) or a private follow link
        path = rule.rule
        for name, value in values.items():
            path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
        paths.append(path)
    return paths


def test_no_secret_on_any_public_page_or_answer(app, client, seeded):
    net, emails = seeded
    secrets = [WITHDRAWAL, VISIT_NOTE, CONCERN, CONCERNED_EMAIL, PRACTICE_NOTE, "Completed the", "accredited as a", *emails]
    checked = 0
    paths = public_paths(app, net)
    assert any(path.startswith("/api/v1/groups/") for path in paths)
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 401, 403), (path, response.status_code)
        body = response.get_data(as_text=True)
        for secret in secrets:
            assert secret.lower() not in body.lower(), (path, secret)
        assert "zq" not in body.lower() or path == "/check?name=Zq5" or "/practitioners/" in path, path
        checked += 1
    assert checked > 25
    # The invited person is public as a practitioner, but nothing says they were invited.
    group_page = client.get(f"/groups/{net.river}").get_data(as_text=True)
    assert INVITED_NAME not in group_page and "invit" not in group_page.lower()

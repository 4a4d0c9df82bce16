"""What a practitioner can do or read in the pages, through the API (issue 11): the profile,
the open-to-new-members switch, notifications, the stand-by matrix, a group's pending
invitations and the visits of a link; each refused to whom the pages refuse it.

Runs on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from ipn import clock
from ipn.extensions import db
from ipn.services import events
from tests import factories as f
from tests.test_api import Api, token_for
from tests.test_api_errors import error_of


def test_a_practitioner_registers_looking_for_a_group_and_changes_their_profile(client):
    api = Api(client)
    person = api.post("/practitioners", json={"email": "ann@example.org", "password": "a long enough passphrase",
                                              "name": "Ann", "looking_for_group": True}, expect=201).get_json()
    assert person["looking_for_group"] is True
    token = api.post("/tokens", json={"email": "ann@example.org", "password": "a long enough passphrase"},
                     expect=201).get_json()["token"]

    changed = api.call("PUT", "/me", token, json={"region": "Leeds", "practice": "Couples counselling"},
                       expect=200).get_json()
    assert (changed["name"], changed["region"], changed["practice"], changed["looking_for_group"]) == (
        "Ann", "Leeds", "Couples counselling", True)
    api.call("PUT", "/me", token, json={"looking_for_group": False, "name": "Ann Example"}, expect=200)
    public = api.get(f"/practitioners/{person['id']}")
    assert (public["name"], public["region"], public["looking_for_group"]) == ("Ann Example", "Leeds", False)

    for bad in ({"name": ""}, {"name": "   "}, {"name": None}, {"looking_for_group": "yes"}, {"region": "x" * 81}):
        response = api.call("PUT", "/me", token, json=bad, expect=422)
        assert set(error_of(response)["fields"]) == set(bad)
    assert api.get("/me", token)["name"] == "Ann Example"  # nothing of a refused change was kept
    api.call("PUT", "/me", json={"name": "Nobody"}, expect=401)


def test_a_member_opens_and_closes_the_group_to_new_members(app, client):
    with app.app_context():
        group, people = f.forming_group("Fern Group", size=2)
        member, outsider = token_for(app, people[0]), token_for(app, f.person("Olga"))
        db.session.commit()
    api = Api(client)
    assert api.call("PUT", "/groups/fern-group/open", member, json={"open": True},
                    expect=200).get_json()["open_to_new_members"] is True
    assert api.get("/groups/fern-group")["open_to_new_members"] is True
    api.call("PUT", "/groups/fern-group/open", outsider, json={"open": False}, expect=403)
    api.call("PUT", "/groups/fern-group/open", member, json={"open": "no"}, expect=422)
    api.call("PUT", "/groups/fern-group/open", member, json={}, expect=422)
    assert api.call("PUT", "/groups/fern-group/open", member, json={"open": False},
                    expect=200).get_json()["open_to_new_members"] is False


def test_notifications_are_listed_and_marked_read(app, client):
    with app.app_context():
        ann, ben = f.person("Ann"), f.person("Ben")
        for n in range(3):
            events.notify([ann.id], f"Something happened, number {n}.")
        events.notify([ben.id], "Ben's own news.")
        token, ben_token = token_for(app, ann), token_for(app, ben)
        db.session.commit()
    api = Api(client)
    listing = api.get("/me/notifications?per_page=2", token)
    assert (listing["total"], listing["per_page"], len(listing["items"])) == (3, 2, 2)
    assert all(item["read_at"] is None for item in listing["items"])
    first = listing["items"][0]
    assert api.post(f"/me/notifications/{first['id']}/read", token, expect=200).get_json() == {"marked": 1}
    assert api.post(f"/me/notifications/{first['id']}/read", token, expect=200).get_json() == {"marked": 0}
    # Someone else's notification, or none, is not there for this person.
    bens = api.get("/me/notifications", ben_token)["items"][0]
    api.post(f"/me/notifications/{bens['id']}/read", token, expect=404)
    api.post("/me/notifications/99999999/read", token, expect=404)
    assert api.post("/me/notifications/read", token, expect=200).get_json() == {"marked": 2}
    assert all(item["read_at"] for item in api.get("/me/notifications", token)["items"])
    assert api.get("/me/notifications", ben_token)["items"][0]["read_at"] is None
    api.get("/me/notifications", expect=401)


def test_the_stand_by_matrix_and_pending_invitations_are_for_the_people_in_the_group(app, client):
    with app.app_context():
        group, people = f.member_group("River Group")
        newcomer, outsider = f.person("Nia"), f.person("Olga")
        f.join(group, people[0], newcomer)
        from ipn.services import invitations, stand_bys

        invitations.invite(people[0], group, f.person("Pat"))
        stand_bys.withdraw_stand_by(people[1], group, people[2], "A private reason.")
        tokens = {"member": token_for(app, people[0]), "joining": token_for(app, newcomer),
                  "outsider": token_for(app, outsider)}
        ids = [p.id for p in people]
        newcomer_id = newcomer.id
        db.session.commit()
    api = Api(client)
    grid = api.get("/groups/river-group/stand-bys", tokens["member"])
    assert [p["id"] for p in grid["people"]] == [*ids, newcomer_id]
    assert grid["people"][-1]["state"] == "joining"
    cell = {(c["giver"], c["receiver"]): c for c in grid["cells"]}
    assert len(cell) == 6 * 5
    assert cell[(ids[1], ids[2])]["state"] == "withdrawn"
    assert cell[(ids[1], ids[2])]["reason"] == "A private reason."
    assert cell[(ids[1], ids[2])]["holds_back"] is True
    assert cell[(ids[0], ids[1])]["state"] == "stands" and cell[(ids[0], ids[1])]["since"]
    # Someone joining sees the matrix but not the reason (R4); outsiders see nothing.
    seen_joining = {(c["giver"], c["receiver"]): c for c in api.get("/groups/river-group/stand-bys",
                                                                     tokens["joining"])["cells"]}
    assert seen_joining[(ids[1], ids[2])]["state"] == "withdrawn" and seen_joining[(ids[1], ids[2])]["reason"] is None
    api.get("/groups/river-group/stand-bys", tokens["outsider"], expect=403)

    pending = api.get("/groups/river-group/invitations", tokens["joining"])
    assert pending["total"] == 1
    assert pending["items"][0]["state"] == "pending"
    assert pending["items"][0]["invited_by"] == {"id": ids[0], "name": people_name(app, ids[0])}
    api.get("/groups/river-group/invitations", tokens["outsider"], expect=403)
    api.get("/groups/river-group/invitations?page=0", tokens["member"], expect=422)


def people_name(app, person_id: int) -> str:
    from ipn.models import Practitioner

    with app.app_context():
        return db.session.get(Practitioner, person_id).name


def test_the_visits_of_a_link_with_notes_for_members_only(app, client):
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        link = f.link(river, hill)
        from ipn.services import links

        links.record_visit(hill[1][0], link, river[0], clock.today(), "validated", note="Private to the two.")
        newcomer = f.person("Nia")
        f.join(river[0], river[1][0], newcomer)
        tokens = {"river": token_for(app, river[1][3]), "hill": token_for(app, hill[1][2]),
                  "joining": token_for(app, newcomer), "oak": token_for(app, oak[1][0])}
        link_id = link.id
        db.session.commit()
    api = Api(client)
    for who in ("river", "hill"):
        visits = api.get(f"/links/{link_id}/visits", tokens[who])
        assert visits["total"] == 1
        assert visits["items"][0]["visiting"] == "hill-group" and visits["items"][0]["visited"] == "river-group"
        assert visits["items"][0]["note"] == "Private to the two."
    assert api.get(f"/links/{link_id}/visits", tokens["joining"])["items"][0]["note"] is None
    api.get(f"/links/{link_id}/visits", tokens["oak"], expect=403)
    api.get("/links/99999/visits", tokens["river"], expect=404)
    api.get(f"/links/{link_id}/visits", expect=401)

"""The JSON API v1 through the API alone: five strangers become a member group, link, are
validated into a full member group, and then lose it in each way SPEC says. Plus privacy.

Runs on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import json

from ipn.extensions import db
from ipn.services import accounts
from tests import factories as f

PASSWORD = "a long enough passphrase"


class Api:
    """A client of the API as a program would use it: JSON in, JSON out, a bearer token."""

    def __init__(self, client):
        self.client = client
        self.seen: list[str] = []  # every response body, for the privacy checks

    def call(self, method: str, path: str, token: str | None = None, expect: int | None = None, **kwargs):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)
        self.seen.append(response.get_data(as_text=True))
        if expect is not None:
            assert response.status_code == expect, (response.status_code, response.get_json())
        return response

    def get(self, path, token=None, expect=200, **kw):
        return self.call("GET", path, token, expect, **kw).get_json()

    def post(self, path, token=None, expect=None, **kw):
        return self.call("POST", path, token, expect, **kw)

    def register(self, name: str, email: str) -> dict:
        person = self.post("/practitioners", json={"email": email, "password": PASSWORD, "name": name,
                                                   "region": "Bristol"}, expect=201).get_json()
        token = self.post("/tokens", json={"email": email, "password": PASSWORD}, expect=201).get_json()["token"]
        return {**person, "token": token}


def token_for(app, practitioner) -> str:
    """An API token for someone built with tests/factories.py (inside an app context)."""
    token = accounts.create_token(practitioner)
    return token


def criterion(group: dict, rule: str) -> dict:
    return next(c for c in group["criteria"] if c["rule"] == rule)


def stand_by_each_other(api: Api, slug: str, people: list[dict]) -> None:
    for giver in people:
        for receiver in people:
            if giver["id"] != receiver["id"]:
                api.post(f"/groups/{slug}/stand-bys", giver["token"], json={"practitioner_id": receiver["id"]},
                         expect=201)


def other_group(app, name: str) -> dict:
    """A member group built through the services, with tokens for its people."""
    with app.app_context():
        group, people = f.member_group(name)
        tokens = [token_for(app, p) for p in people]
        result = {"slug": group.slug, "people": [{"id": p.id, "token": t} for p, t in zip(people, tokens)]}
        db.session.commit()
    return result


def walk(value):
    """Every key and value in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    else:
        yield value


def test_five_strangers_become_a_full_member_group_through_the_api_and_lose_it_as_spec_says(app, client):
    api = Api(client)
    people = [api.register(f"River Person {i}", f"river{i}@example.org") for i in range(1, 6)]
    founder = people[0]

    river = api.post("/groups", founder["token"], json={"name": "River Group", "region": "Bristol"},
                     expect=201).get_json()
    slug = river["slug"]
    assert river["status"] == "forming"
    assert river["members"] == [{"id": founder["id"], "name": "River Person 1", "state": "member"}]

    for person in people[1:]:
        invitation = api.post(f"/groups/{slug}/invitations", founder["token"],
                              json={"practitioner_id": person["id"]}, expect=201).get_json()
        assert invitation["state"] == "pending"
        waiting = api.get("/me", person["token"])["invitations"]
        assert [i["id"] for i in waiting] == [invitation["id"]]
        accepted = api.post(f"/invitations/{invitation['id']}/accept", person["token"], expect=200).get_json()
        assert accepted["membership"]["state"] == "joining"

    group = api.get(f"/groups/{slug}")
    assert sorted(m["state"] for m in group["members"]) == ["joining"] * 4 + ["member"]
    assert "1 member, and 4 joining (not counted yet)" in criterion(group, "members")["detail"]

    stand_by_each_other(api, slug, people)
    group = api.get(f"/groups/{slug}")
    assert [m["state"] for m in group["members"]] == ["member"] * 5
    assert group["status"] == "forming"
    assert criterion(group, "stand_bys")["met"]
    assert criterion(group, "statement")["detail"] == "no ethical statement published yet"

    draft = api.post(f"/groups/{slug}/statements", founder["token"],
                     json={"text": "# River Group\n\nWe hold each other to account."}, expect=201).get_json()
    assert draft["state"] == "draft"
    for person in people:
        seen = api.get(f"/groups/{slug}/draft", person["token"])
        assert seen["id"] == draft["id"]
        endorsed = api.post(f"/statements/{draft['id']}/endorsements", person["token"], expect=200).get_json()
    assert endorsed["state"] == "published"
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "member"
    assert group["statement"]["id"] == draft["id"]
    assert "<h1>River Group</h1>" in group["statement"]["html"]
    assert api.get(f"/groups/{slug}/statements")["items"][0]["id"] == draft["id"]

    hill, oak = other_group(app, "Hill Group"), other_group(app, "Oak Group")
    links = {}
    for partner in (hill, oak):
        proposed = api.post(f"/groups/{slug}/links", people[1]["token"], json={"partner": partner["slug"]},
                            expect=201).get_json()
        assert proposed["state"] == "proposed"
        pending = api.get(f"/groups/{partner['slug']}")["links"]
        assert [(l["id"], l["state"], l["proposed_by"]) for l in pending] == [(proposed["id"], "proposed", slug)]
        accepted = api.post(f"/links/{proposed['id']}/accept", partner["people"][0]["token"], expect=200).get_json()
        assert accepted["state"] == "active"
        links[partner["slug"]] = proposed["id"]

    visit = api.post(f"/links/{links['hill-group']}/visits", hill["people"][0]["token"],
                     json={"group": slug, "date": "2026-01-10", "outcome": "validated",
                           "visitors": [hill["people"][0]["id"], hill["people"][1]["id"]],
                           "note": "PRIVATE NOTE about the visit"}, expect=201).get_json()
    assert visit["visitors"] == sorted([hill["people"][0]["id"], hill["people"][1]["id"]])
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "member"
    assert "validated links: 1 of 2" in criterion(group, "validated_links")["detail"]
    api.post(f"/links/{links['oak-group']}/visits", oak["people"][2]["token"],
             json={"group": slug, "date": "2026-02-01", "outcome": "validated"}, expect=201)
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "full_member"
    until = {l["partner"]: l["validated_until"] for l in group["links"]}
    assert until == {"hill-group": "2028-01-10", "oak-group": "2028-02-01"}

    member = people[2]
    public = api.get(f"/practitioners/{member['id']}")
    assert public["accredited"] is True
    assert public["groups"] == [{"slug": slug, "name": "River Group", "status": "full_member", "state": "member"}]
    assert api.get(f"/practitioners/{member['id']}/accreditation")["via"] == [slug]

    # A withdrawal breaks standing-by: forming again, and the criteria say why (not the reason).
    api.call("DELETE", f"/groups/{slug}/stand-bys/{people[2]['id']}", people[1]["token"],
             json={"reason": "SECRET REASON we need to talk"}, expect=200)
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "forming"
    assert "River Person 2 withdrew their stand-by of River Person 3" in criterion(group, "stand_bys")["detail"]
    assert api.get(f"/practitioners/{member['id']}")["accredited"] is False
    api.post(f"/groups/{slug}/stand-bys", people[1]["token"], json={"practitioner_id": people[2]["id"]}, expect=201)
    assert api.get(f"/groups/{slug}")["status"] == "full_member"

    # A closed triangle: Hill and Oak link with each other, so together they count as one.
    hill_oak = api.post("/groups/hill-group/links", hill["people"][0]["token"], json={"partner": "oak-group"},
                        expect=201).get_json()
    api.post(f"/links/{hill_oak['id']}/accept", oak["people"][0]["token"], expect=200)
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "member"
    assert "Hill Group and Oak Group are linked to each other" in criterion(group, "triangle")["detail"]

    # A third partner not linked to either widens the network again...
    ash = other_group(app, "Ash Group")
    river_ash = api.post(f"/groups/{slug}/links", founder["token"], json={"partner": "ash-group"},
                         expect=201).get_json()
    api.post(f"/links/{river_ash['id']}/accept", ash["people"][0]["token"], expect=200)
    api.post(f"/links/{river_ash['id']}/visits", ash["people"][0]["token"],
             json={"group": slug, "date": "2026-03-01", "outcome": "validated"}, expect=201)
    assert api.get(f"/groups/{slug}")["status"] == "full_member"

    # ...until it dissolves: its links end and River is demoted at once.
    for person in ash["people"][:-1]:
        assert api.post("/groups/ash-group/dissolution", person["token"], expect=200).get_json()["dissolved"] is False
    assert api.post("/groups/ash-group/dissolution", ash["people"][-1]["token"],
                    expect=200).get_json()["dissolved"] is True
    assert api.get("/groups/ash-group")["status"] == "dissolved"
    group = api.get(f"/groups/{slug}")
    assert group["status"] == "member"
    assert "ash-group" not in [l["partner"] for l in group["links"]]
    network = api.get("/network")
    assert {n["slug"]: n["status"] for n in network["nodes"]}["ash-group"] == "dissolved"
    assert all("ash-group" not in (e["a"], e["b"]) for e in network["edges"])

    # A departure below five members: forming.
    left = api.post(f"/groups/{slug}/leave", people[4]["token"], expect=200).get_json()
    assert left["status"] == "forming"
    group = api.get(f"/groups/{slug}")
    assert "4 members" in criterion(group, "members")["detail"]
    assert api.get(f"/practitioners/{people[4]['id']}")["groups"] == []

    # Privacy: no email outside /me, no withdrawal reason and no visit note anywhere.
    public_bodies = [b for b in api.seen if '"email"' in b]
    assert all('"invitations"' in b for b in public_bodies)  # only one's own account carries it
    assert not any("SECRET REASON" in b or "PRIVATE NOTE" in b for b in api.seen)


def test_public_answers_carry_no_email_address(app, client):
    api = Api(client)
    ann = api.register("Ann", "ann@example.org")
    api.post("/groups", ann["token"], json={"name": "Willow Group"}, expect=201)
    for path in ("/groups", "/groups/willow-group", f"/practitioners/{ann['id']}", "/network",
                 f"/practitioners/{ann['id']}/accreditation", "/groups/willow-group/statements"):
        body = api.get(path)
        assert "email" not in list(walk(body)), path
        assert "ann@example.org" not in json.dumps(body), path
    assert api.get("/me", ann["token"])["email"] == "ann@example.org"


def test_an_invitee_may_decline_and_the_network_can_be_seen_by_region(app, client):
    api = Api(client)
    ann, ben = api.register("Ann", "ann@example.org"), api.register("Ben", "ben@example.org")
    api.post("/groups", ann["token"], json={"name": "Elm Group", "region": "Leeds"}, expect=201)
    invitation = api.post("/groups/elm-group/invitations", ann["token"], json={"practitioner_id": ben["id"]},
                          expect=201).get_json()
    api.post(f"/invitations/{invitation['id']}/decline", ann["token"], expect=403)
    declined = api.post(f"/invitations/{invitation['id']}/decline", ben["token"], expect=200).get_json()
    assert declined["state"] == "declined"
    assert api.get("/me", ben["token"])["invitations"] == []
    api.post(f"/invitations/{invitation['id']}/accept", ben["token"], expect=409)
    assert [m["id"] for m in api.get("/groups/elm-group")["members"]] == [ann["id"]]

    api.post("/groups", ben["token"], json={"name": "Yew Group", "region": "York"}, expect=201)
    assert [n["slug"] for n in api.get("/network?region=Leeds")["nodes"]] == ["elm-group"]
    assert [n["slug"] for n in api.get("/network")["nodes"]] == ["elm-group", "yew-group"]

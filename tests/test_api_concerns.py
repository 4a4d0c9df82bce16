"""Concerns (SPEC R15) through the API: raised by anyone, read and answered privately by the
group concerned, followed by the person who raised it, escalated to link groups."""

from __future__ import annotations

import datetime as dt

from ipn import clock
from ipn.extensions import db
from ipn.services import groups
from tests import factories as f
from tests.test_api import Api, other_group
from tests.test_api_errors import error_of

CONCERN = {"name": "A client", "email": "client@example.org", "text": "I was not listened to."}


def test_a_concern_about_a_practitioner_reaches_every_group_they_are_in_and_nobody_else(app, client):
    api = Api(client)
    river, hill = other_group(app, "River Group"), other_group(app, "Hill Group")
    with app.app_context():
        # Hill's first person also joins River (and is still joining there).
        from ipn.models import Group, Practitioner

        newcomer = db.session.get(Practitioner, hill["people"][0]["id"])
        river_group = db.session.scalar(db.select(Group).where(Group.slug == "river-group"))
        inviter = db.session.get(Practitioner, river["people"][0]["id"])
        f.join(river_group, inviter, newcomer)
        db.session.commit()
    about = hill["people"][0]

    raised = api.post("/concerns", json={**CONCERN, "about_practitioner_id": about["id"]}, expect=201).get_json()
    assert set(raised) == {"state", "message", "follow_token"}
    assert "river" not in str(raised).lower() and "hill" not in str(raised).lower()

    for group in (river, hill):
        listing = api.get(f"/groups/{group['slug']}/concerns", group["people"][1]["token"])
        assert listing["total"] == 1
        item = listing["items"][0]
        assert item["text"] == CONCERN["text"] and item["state"] == "open"
        assert item["about"] == {"practitioner": {"id": about["id"], "name": "Hill Group Person 1"}}
        assert "email" not in item
    # The one concerned, joining in River, is not yet a member there and cannot read River's list.
    api.get("/groups/river-group/concerns", about["token"], expect=403)
    stranger = api.register("Stranger", "stranger@example.org")
    api.get("/groups/river-group/concerns", stranger["token"], expect=403)

    # A member responds; the person who raised it sees the response, not who wrote it.
    concern_id = api.get("/groups/river-group/concerns", river["people"][0]["token"])["items"][0]["id"]
    api.post(f"/concerns/{concern_id}/responses", stranger["token"], json={"text": "x"}, expect=403)
    api.post(f"/concerns/{concern_id}/responses", river["people"][0]["token"], json={"text": ""}, expect=422)
    api.post("/concerns/999999/responses", river["people"][0]["token"], json={"text": "x"}, expect=403)
    answered = api.post(f"/concerns/{concern_id}/responses", river["people"][0]["token"],
                        json={"text": "We met and talked it through."}, expect=201).get_json()
    assert answered["state"] == "responded"
    followed = api.get(f"/concerns/follow/{raised['follow_token']}")
    assert followed["state"] == "responded"
    assert [r["text"] for r in followed["responses"]] == ["We met and talked it through."]
    assert "river" not in str(followed).lower()


def test_a_practitioner_in_no_group_is_not_accountable_through_the_network(app, client, make_practitioner):
    api = Api(client)
    loner = make_practitioner(name="Lone Ranger")
    response = api.post("/concerns", json={**CONCERN, "about_practitioner_id": loner}, expect=409)
    error = error_of(response)
    assert error["code"] == "not_accountable"
    assert "not accountable through the network today" in error["message"]


def test_raising_a_concern_checks_what_it_is_given(app, client, make_practitioner):
    api = Api(client)
    person = make_practitioner()
    for bad, field in [({"email": "not an email"}, "email"), ({"email": "a@b"}, "email"), ({"name": ""}, "name"),
                       ({"text": "   "}, "text"), ({"text": "x" * 20_000}, "text"), ({"name": ["x"]}, "name"),
                       ({"email": None}, "email")]:
        response = api.post("/concerns", json={**CONCERN, "about_practitioner_id": person, **bad}, expect=422)
        assert field in error_of(response)["fields"], bad
    for about in ({}, {"about_practitioner_id": person, "about_group": "x"}, {"about_group": "nowhere"},
                  {"about_practitioner_id": 99999}, {"about_practitioner_id": "1"}):
        api.post("/concerns", json={**CONCERN, **about}, expect=422)


def test_a_concern_about_a_group_with_no_response_in_eight_weeks_reaches_its_link_groups(app, client):
    api = Api(client)
    river, hill, oak = (other_group(app, n) for n in ("River Group", "Hill Group", "Oak Group"))
    proposed = api.post("/groups/river-group/links", river["people"][0]["token"], json={"partner": "hill-group"},
                        expect=201).get_json()
    api.post(f"/links/{proposed['id']}/accept", hill["people"][0]["token"], expect=200)
    raised = api.post("/concerns", json={**CONCERN, "about_group": "river-group"}, expect=201).get_json()

    hill_member, oak_member = hill["people"][2]["token"], oak["people"][0]["token"]
    assert api.get("/groups/river-group/concerns", hill_member)["total"] == 0  # not escalated yet
    api.get("/groups/river-group/concerns", oak_member, expect=403)  # not a link group

    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(weeks=8, hours=1)
    escalated = api.get("/groups/river-group/concerns", hill_member)
    assert escalated["total"] == 1 and escalated["items"][0]["state"] == "escalated"
    api.get("/groups/river-group/concerns", oak_member, expect=403)
    # Once escalated, the link group's members respond as well as read (issue 10, R15).
    api.post(f"/concerns/{escalated['items'][0]['id']}/responses", hill_member, json={"text": "x"}, expect=201)
    api.post(f"/concerns/{escalated['items'][0]['id']}/responses", oak_member, json={"text": "x"}, expect=403)
    assert api.get(f"/concerns/follow/{raised['follow_token']}")["escalated_at"] is not None


def test_the_person_who_raised_it_can_say_it_is_unresolved(app, client):
    api = Api(client)
    river, hill = other_group(app, "River Group"), other_group(app, "Hill Group")
    proposed = api.post("/groups/river-group/links", river["people"][0]["token"], json={"partner": "hill-group"},
                        expect=201).get_json()
    api.post(f"/links/{proposed['id']}/accept", hill["people"][0]["token"], expect=200)
    token = api.post("/concerns", json={**CONCERN, "about_practitioner_id": river["people"][3]["id"]},
                     expect=201).get_json()["follow_token"]
    concern_id = api.get("/groups/river-group/concerns", river["people"][0]["token"])["items"][0]["id"]
    api.post(f"/concerns/{concern_id}/responses", river["people"][1]["token"], json={"text": "Sorted."}, expect=201)

    # Leaving does not close it: it stays with River.
    with app.app_context():
        from ipn.models import Group, Practitioner

        river_group = db.session.scalar(db.select(Group).where(Group.slug == "river-group"))
        groups.leave(db.session.get(Practitioner, river["people"][3]["id"]), river_group)
        db.session.commit()
    assert api.get("/groups/river-group/concerns", river["people"][0]["token"])["total"] == 1

    assert api.post(f"/concerns/follow/{token}/unresolved", expect=200).get_json()["state"] == "escalated"
    api.post(f"/concerns/follow/{token}/unresolved", expect=409)
    api.post("/concerns/follow/not-a-token/unresolved", expect=404)
    seen_by_link_group = api.get("/groups/river-group/concerns", hill["people"][0]["token"])
    assert [c["id"] for c in seen_by_link_group["items"]] == [concern_id]


def test_concerns_never_appear_in_public_answers(app, client):
    api = Api(client)
    river = other_group(app, "River Group")
    api.post("/concerns", json={**CONCERN, "text": "A VERY PRIVATE worry", "about_group": "river-group"},
             expect=201)
    for path in ("/groups/river-group", "/groups", "/network", f"/practitioners/{river['people'][0]['id']}"):
        assert "VERY PRIVATE" not in api.call("GET", path, expect=200).get_data(as_text=True)
    with app.app_context():
        # The notification names no content of the concern.
        from ipn.models import Notification

        texts = db.session.scalars(db.select(Notification.text)).all()
        assert not any("VERY PRIVATE" in t for t in texts)
        assert any("A concern has been raised about your group in River Group" in t for t in texts)

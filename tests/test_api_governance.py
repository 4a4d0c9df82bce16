"""Governance through the JSON API alone, as API.md "Governance" says: two Gatherings are
announced, a proposal reaches consensus at the first and is ratified at the second, and the
registry applies the new rule. Runs on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import datetime as dt

from tests.test_api import Api, stand_by_each_other

UTC = dt.timezone.utc


def at(app, day: dt.date, hour: int = 14) -> None:
    app.config["FROZEN_NOW"] = dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


def group_of(api: Api, name: str, people: list[dict], statement: bool = True) -> str:
    slug = api.post("/groups", people[0]["token"], json={"name": name, "region": "Leeds"}, expect=201).get_json()["slug"]
    for n, newcomer in enumerate(people[1:], start=1):
        invitation = api.post(f"/groups/{slug}/invitations", people[0]["token"],
                              json={"practitioner_id": newcomer["id"]}, expect=201).get_json()
        api.post(f"/invitations/{invitation['id']}/accept", newcomer["token"], expect=200)
        for member in people[:n]:
            stand_by_each_other(api, slug, [member, newcomer])
    if statement:
        draft = api.post(f"/groups/{slug}/statements", people[0]["token"], json={"text": "We stand by each other."},
                         expect=201).get_json()
        for member in people:
            api.post(f"/statements/{draft['id']}/endorsements", member["token"], expect=200)
    return slug


def test_a_proposal_ratified_through_the_api_changes_the_rules_and_the_registry_applies_them(app, client):
    api = Api(client)
    at(app, dt.date(2026, 1, 10))
    calder = [api.register(f"Calder {i}", f"calder{i}@example.org") for i in range(5)]
    wye = [api.register(f"Wye {i}", f"wye{i}@example.org") for i in range(4)]
    stranger = api.register("Sam Stranger", "stranger@example.org")
    calder_slug = group_of(api, "Calder Group", calder)
    wye_slug = group_of(api, "Wye Group", wye)
    assert api.get(f"/groups/{calder_slug}")["status"] == "member"
    assert api.get(f"/groups/{wye_slug}")["status"] == "forming"

    rules = api.get("/rules")
    assert rules["rules"]["min_members"] == 5 and rules["rules"]["quorum_fraction"] == "1/3"
    assert rules["by_proposal"] is None

    first = api.post("/gatherings", wye[0]["token"], json={"date": "2026-02-07", "place": "Leeds"},
                     expect=201).get_json()
    second = api.post("/gatherings", wye[1]["token"], json={"date": "2026-06-06", "place": "Hebden Bridge",
                                                            "description": "Summer"}, expect=201).get_json()
    api.post("/gatherings", wye[1]["token"], json={"date": "2026-06-06", "place": "Twice"}, expect=409)
    assert api.get(f"/gatherings/{first['id']}")["quorate"] is None  # before the day
    listed = api.get("/gatherings")
    assert [g["id"] for g in listed["items"]] == [first["id"], second["id"]]

    # Before the day: will attend.
    assert api.post(f"/gatherings/{first['id']}/attendance", calder[0]["token"], expect=200).get_json() == {
        "id": first["id"], "attended": False}

    at(app, dt.date(2026, 2, 7))
    for who in (calder[0], wye[0]):
        assert api.post(f"/gatherings/{first['id']}/attendance", who["token"], expect=200).get_json()["attended"]
    proposal = api.post("/proposals", wye[0]["token"], json={
        "title": "Groups of four", "text": "Newer texts say **four to eight**.", "changes": {"min_members": 4},
        "gathering": first["id"]}, expect=201).get_json()
    assert proposal["state"] == "presented"
    api.post("/proposals", wye[0]["token"], json={"title": "x", "text": "y", "changes": {"colour": "blue"},
                                                   "gathering": first["id"]}, expect=422)
    api.post("/proposals", wye[0]["token"], json={"title": "x", "text": "y", "changes": {"min_members": 12},
                                                   "gathering": first["id"]}, expect=422)

    # Someone who did not attend cannot record a position; a block needs a reason.
    api.post(f"/proposals/{proposal['id']}/positions", stranger["token"],
             json={"gathering": first["id"], "position": "agree"}, expect=403)
    api.post(f"/proposals/{proposal['id']}/positions", calder[0]["token"],
             json={"gathering": first["id"], "position": "block"}, expect=422)
    api.post(f"/proposals/{proposal['id']}/positions", calder[0]["token"],
             json={"gathering": first["id"], "position": "block", "reason": "Too soon."}, expect=200)
    assert api.get(f"/proposals/{proposal['id']}")["state"] == "blocked"
    # A second position replaces the first.
    answer = api.post(f"/proposals/{proposal['id']}/positions", calder[0]["token"],
                      json={"gathering": first["id"], "position": "agree"}, expect=200).get_json()
    assert answer["state"] == "consensus"
    assert [p["position"] for p in answer["gatherings"][0]["positions"]] == ["agree"]
    gathering = api.get(f"/gatherings/{first['id']}")
    assert gathering["quorate"] is True
    # Both groups are represented; only Calder, a member group, counts toward the quorum.
    assert gathering["groups_represented"] == [calder_slug, wye_slug]
    assert gathering["quorum"] == {"represented": 1, "groups": 1, "needed": 1}
    assert gathering["proposals"] == [proposal["id"]]

    at(app, dt.date(2026, 6, 6))
    api.post(f"/gatherings/{second['id']}/attendance", calder[1]["token"], expect=200)
    answer = api.post(f"/proposals/{proposal['id']}/positions", calder[1]["token"],
                      json={"gathering": second["id"], "position": "agree"}, expect=200).get_json()
    assert answer["state"] == "in_force"
    assert answer["effective_from"] == "2026-06-06"
    assert [g["consensus"] for g in answer["gatherings"]] == [True, True]
    api.post(f"/proposals/{proposal['id']}/positions", calder[1]["token"],
             json={"gathering": second["id"], "position": "block", "reason": "Changed my mind"}, expect=409)

    assert api.get(f"/groups/{wye_slug}")["status"] == "member"
    assert api.get("/rules")["rules"]["min_members"] == 4
    assert api.get("/rules")["by_proposal"] == proposal["id"]
    assert api.get("/rules", query_string={"on": "2026-06-05"})["rules"]["min_members"] == 5
    history = api.get("/rules/history")
    assert [v["by_proposal"] for v in history["items"]] == [proposal["id"], None]
    assert history["items"][0]["in_force_since"] == "2026-06-06"


def test_a_netcom_issue_is_written_and_published_through_the_api(app, client):
    api = Api(client)
    at(app, dt.date(2026, 2, 7))
    writer = api.register("Nell Writer", "nell@example.org")
    gathering = api.post("/gatherings", writer["token"], json={"date": "2026-02-07", "place": "Leeds"},
                         expect=201).get_json()
    path = f"/gatherings/{gathering['id']}/netcom"
    draft = api.call("PUT", path, writer["token"], 200, json={"title": "NetCom 1", "text": "# Leeds"}).get_json()
    assert draft["published_on"] is None and draft["url"] is None
    assert api.get("/netcom")["total"] == 0
    issue = api.call("PUT", path, writer["token"], 200, json={"title": "NetCom 1", "text": "# Leeds\n\n<script>x</script>",
                                                           "publish": True}).get_json()
    assert issue["published_on"] == "2026-02-07" and "<script" not in issue["html"]
    api.call("PUT", path, writer["token"], 409, json={"title": "Again", "text": "No"})
    assert api.get("/netcom")["items"][0]["title"] == "NetCom 1"
    assert api.get(f"/gatherings/{gathering['id']}")["netcom_url"] == issue["url"]

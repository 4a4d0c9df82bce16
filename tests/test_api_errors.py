"""What the API answers when a request cannot or may not be done: 400, 401, 403, 404, 409,
422, and paged lists at their edges. Never a 500 for anything a client sends."""

from __future__ import annotations

import datetime as dt

from ipn.extensions import db
from ipn.models import Gathering
from tests import factories as f
from tests.test_api import Api, other_group

TOKEN_ENDPOINTS = [
    ("GET", "/me"),
    ("POST", "/groups"),
    ("POST", "/groups/any/invitations"),
    ("POST", "/invitations/1/accept"),
    ("POST", "/invitations/1/decline"),
    ("POST", "/groups/any/stand-bys"),
    ("DELETE", "/groups/any/stand-bys/1"),
    ("POST", "/groups/any/leave"),
    ("POST", "/groups/any/dissolution"),
    ("POST", "/groups/any/statements"),
    ("GET", "/groups/any/draft"),
    ("PUT", "/statements/1"),
    ("POST", "/statements/1/endorsements"),
    ("POST", "/groups/any/links"),
    ("POST", "/links/1/accept"),
    ("POST", "/links/1/decline"),
    ("DELETE", "/links/1"),
    ("POST", "/links/1/visits"),
    ("GET", "/groups/any/concerns"),
    ("POST", "/concerns/1/responses"),
]


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    assert body["error"]["message"]
    return body["error"]


def test_token_endpoints_refuse_a_missing_or_bad_token_with_401(client):
    api = Api(client)
    for method, path in TOKEN_ENDPOINTS:
        for token in (None, "not-a-real-token", "ipn_" + "x" * 40, "ipn_\u00e9\u0000"):
            response = api.call(method, path, token, expect=401, json={})
            assert error_of(response)["code"] == "unauthorized", (method, path)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_browser_session_cookie_is_not_enough_for_the_api(client, make_practitioner, auth):
    make_practitioner(email="cookie@example.org")
    auth.login("cookie@example.org")
    assert client.get("/api/v1/me").status_code == 401


def test_tokens_need_the_right_password_and_can_be_used_at_once(client, make_practitioner):
    api = Api(client)
    make_practitioner(name="Tess", email="tess@example.org")
    refused = api.post("/tokens", json={"email": "tess@example.org", "password": "wrong password!"}, expect=401)
    assert error_of(refused)["code"] == "invalid_credentials"
    api.post("/tokens", json={"email": "nobody@example.org", "password": "wrong password!"}, expect=401)
    token = api.post("/tokens", json={"email": "TESS@example.org", "password": "a long enough passphrase"},
                     expect=201).get_json()["token"]
    assert api.get("/me", token)["name"] == "Tess"


def test_registration_refuses_bad_values_and_a_taken_email(client):
    api = Api(client)
    invalid = api.post("/practitioners", json={"email": "no-at-sign", "password": "short", "name": ""},
                       expect=422)
    assert set(error_of(invalid)["fields"]) >= {"email", "password"}
    api.register("Uma", "uma@example.org")
    taken = api.post("/practitioners", json={"email": "uma@example.org", "password": "another passphrase",
                                             "name": "Uma Two"}, expect=409)
    assert error_of(taken)["code"] == "email_taken"


def test_a_body_that_is_not_a_json_object_is_a_400(client):
    api = Api(client)
    for payload in (b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b"1" * 5000, b"[" * 100_000, b"a=b"):
        for content_type in ("application/json", "text/plain", "application/x-www-form-urlencoded"):
            response = api.post("/practitioners", data=payload, content_type=content_type, expect=400)
            assert error_of(response)["code"] == "malformed"


def test_wrong_types_are_422_not_500(client):
    api = Api(client)
    ann = api.register("Ann", "ann@example.org")
    for field, value in [("name", 12), ("name", None), ("name", ["River"]), ("name", {"a": 1}),
                         ("region", 10**40), ("region", True), ("region", 1.5)]:
        payload = {"name": "Fern Group", "region": "Leeds", field: value}
        response = api.post("/groups", ann["token"], json=payload, expect=422)
        assert field in error_of(response)["fields"]
    api.post("/groups", ann["token"], json={"name": "Fern Group"}, expect=201)
    for value in ["3", 3.0, True, None, [3], 10**40, -1, 0, 2**31]:
        response = api.post("/groups/fern-group/invitations", ann["token"], json={"practitioner_id": value},
                            expect=422)
        assert "practitioner_id" in error_of(response)["fields"]


def test_nul_characters_anywhere_are_a_400(client):
    api = Api(client)
    ann = api.register("Ann", "ann@example.org")
    for method, path, payload in [("POST", "/groups", {"name": "x\u0000y"}), ("GET", "/groups/%00", None),
                                  ("GET", "/groups?q=%00", None), ("POST", "/concerns", {"name": ["\u0000"]})]:
        response = api.call(method, path, ann["token"], json=payload, expect=400)
        assert error_of(response)["code"] == "nul_character"


def test_unknown_things_are_404(client):
    api = Api(client)
    for path in ["/groups/no-such-group", "/groups/no-such-group/statements", "/practitioners/999999",
                 "/practitioners/99999999999999999999999", "/practitioners/999999/accreditation",
                 "/groups/" + "x" * 500, "/concerns/follow/not-a-token"]:
        assert error_of(api.call("GET", path, expect=404))["code"] == "not_found", path
    # Outside the API's routes too, the answer under /api/ is the error object.
    assert error_of(api.call("GET", "/nothing-here", expect=404))["code"] == "not_found"
    assert error_of(api.call("PATCH", "/groups", expect=405))["code"] == "method_not_allowed"


def test_unknown_ids_and_slugs_in_actions_are_404(client):
    api = Api(client)
    ann = api.register("Ann", "ann@example.org")
    for method, path in [("POST", "/invitations/999/accept"), ("POST", "/links/999/accept"),
                         ("POST", "/links/2147483648/visits"), ("PUT", "/statements/999"),
                         ("POST", "/groups/nowhere/leave"), ("DELETE", "/groups/nowhere/stand-bys/1")]:
        api.call(method, path, ann["token"], json={"text": "x", "reason": "x"}, expect=404)


def test_who_may_do_what_is_403_and_rules_are_409(app, client):
    api = Api(client)
    ann, ben, cat = (api.register(n, f"{n.lower()}@example.org") for n in ("Ann", "Ben", "Cat"))
    api.post("/groups", ann["token"], json={"name": "Fern Group"}, expect=201)

    # Someone outside the group can neither invite nor draft; an invitation is for its invitee only.
    api.post("/groups/fern-group/invitations", ben["token"], json={"practitioner_id": cat["id"]}, expect=403)
    invitation = api.post("/groups/fern-group/invitations", ann["token"], json={"practitioner_id": ben["id"]},
                          expect=201).get_json()
    api.post(f"/invitations/{invitation['id']}/accept", cat["token"], expect=403)
    api.post("/groups/fern-group/invitations", ann["token"], json={"practitioner_id": ben["id"]}, expect=409)
    api.post(f"/invitations/{invitation['id']}/accept", ben["token"], expect=200)
    api.post(f"/invitations/{invitation['id']}/accept", ben["token"], expect=409)

    # A joining member may stand by, but not invite or draft (R5).
    api.post("/groups/fern-group/stand-bys", ben["token"], json={"practitioner_id": ann["id"]}, expect=201)
    api.post("/groups/fern-group/stand-bys", ben["token"], json={"practitioner_id": ann["id"]}, expect=409)
    api.post("/groups/fern-group/stand-bys", ben["token"], json={"practitioner_id": ben["id"]}, expect=422)
    api.post("/groups/fern-group/stand-bys", ben["token"], json={"practitioner_id": cat["id"]}, expect=422)
    api.post("/groups/fern-group/invitations", ben["token"], json={"practitioner_id": cat["id"]}, expect=403)
    api.post("/groups/fern-group/statements", ben["token"], json={"text": "ours"}, expect=403)
    api.get("/groups/fern-group/draft", ben["token"], expect=403)
    api.post("/groups/fern-group/dissolution", ben["token"], expect=403)
    api.call("DELETE", f"/groups/fern-group/stand-bys/{ann['id']}", ben["token"], expect=422)  # no reason
    api.call("DELETE", f"/groups/fern-group/stand-bys/{ann['id']}?reason=because", ben["token"], expect=200)
    api.call("DELETE", f"/groups/fern-group/stand-bys/{ann['id']}?reason=because", ben["token"], expect=409)

    # A forming group cannot link (409); a group name is taken (409).
    hill = other_group(app, "Hill Group")
    response = api.post("/groups/fern-group/links", ann["token"], json={"partner": "hill-group"}, expect=409)
    assert error_of(response)["code"] == "not_member_group"
    api.post("/groups/fern-group/links", ann["token"], json={"partner": "nowhere"}, expect=422)
    api.post("/groups", cat["token"], json={"name": "fern  GROUP"}, expect=409)

    # Drafts: one at a time; editing clears endorsements; a published one cannot be changed.
    draft = api.post("/groups/fern-group/statements", ann["token"], json={"text": "first"}, expect=201).get_json()
    api.post("/groups/fern-group/statements", ann["token"], json={"text": "second"}, expect=409)
    api.post(f"/statements/{draft['id']}/endorsements", ann["token"], expect=200)
    assert api.get("/groups/fern-group/draft", ann["token"])["endorsed_by"] == [ann["id"]]
    edited = api.call("PUT", f"/statements/{draft['id']}", ann["token"], json={"text": "changed"},
                      expect=200).get_json()
    assert edited["endorsed_by"] == [] and edited["text"] == "changed"
    api.call("PUT", f"/statements/{draft['id']}", cat["token"], json={"text": "mine"}, expect=403)
    api.call("PUT", f"/statements/{draft['id']}", ann["token"], json={"text": ""}, expect=422)
    hill_statement = api.get(f"/groups/{hill['slug']}/statements")["items"][0]
    api.call("PUT", f"/statements/{hill_statement['id']}", hill["people"][0]["token"], json={"text": "new"},
             expect=409)

    # Leaving twice; the last person leaving dissolves the group.
    api.post("/groups/fern-group/leave", ben["token"], expect=200)
    api.post("/groups/fern-group/leave", ben["token"], expect=403)
    assert api.post("/groups/fern-group/leave", ann["token"], expect=200).get_json()["status"] == "dissolved"
    api.post("/groups/fern-group/leave", ann["token"], expect=409)


def test_a_full_group_refuses_another_invitation_with_409(app, client):
    api = Api(client)
    with app.app_context():
        group, people = f.forming_group("Big Group", size=9)
        from ipn.services import accounts

        token = accounts.create_token(people[0])
        db.session.commit()
    outsider = api.register("Olga", "olga@example.org")
    response = api.post("/groups/big-group/invitations", token, json={"practitioner_id": outsider["id"]},
                        expect=409)
    assert error_of(response)["code"] == "group_full"


def test_links_and_visits_refuse_what_the_rules_forbid(app, client):
    api = Api(client)
    river, hill = other_group(app, "River Group"), other_group(app, "Hill Group")
    rt, ht = river["people"][0]["token"], hill["people"][0]["token"]
    link = api.post("/groups/river-group/links", rt, json={"partner": "hill-group"}, expect=201).get_json()
    api.post("/groups/hill-group/links", ht, json={"partner": "river-group"}, expect=409)
    api.post("/groups/river-group/links", rt, json={"partner": "river-group"}, expect=409)
    api.post(f"/links/{link['id']}/accept", rt, expect=403)  # the proposer cannot accept its own proposal
    api.post(f"/links/{link['id']}/visits", ht, json={"group": "river-group", "date": "2026-01-01",
                                                      "outcome": "validated"}, expect=409)  # not active yet
    api.post(f"/links/{link['id']}/accept", ht, expect=200)
    api.post(f"/links/{link['id']}/decline", ht, expect=409)

    visit = {"group": "river-group", "date": "2026-01-01", "outcome": "validated"}
    api.post(f"/links/{link['id']}/visits", rt, json=visit, expect=403)  # nobody validates their own group
    for bad in ({"date": "2026-13-01"}, {"date": "01/02/2026"}, {"date": 20260101}, {"outcome": "fine"},
                {"group": "nowhere"}, {"visitors": "all"}, {"visitors": [river["people"][0]["id"]]},
                {"date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, {"note": ["x"]}):
        api.post(f"/links/{link['id']}/visits", ht, json={**visit, **bad}, expect=422)
    recorded = api.post(f"/links/{link['id']}/visits", ht, json={**visit, "outcome": "concerns", "note": "n"},
                        expect=201).get_json()
    assert "note" not in recorded
    assert [l["validated_until"] for l in api.get("/groups/river-group")["links"]] == [None]

    api.call("DELETE", f"/links/{link['id']}", api.register("Zed", "zed@example.org")["token"],
             json={"reason": "x"}, expect=403)
    api.call("DELETE", f"/links/{link['id']}", rt, json={}, expect=422)
    ended = api.call("DELETE", f"/links/{link['id']}?reason=moving%20on", rt, expect=200).get_json()
    assert ended["state"] == "ended"
    api.call("DELETE", f"/links/{link['id']}", rt, json={"reason": "again"}, expect=409)
    assert api.get("/network")["edges"] == []

    declined = api.post("/groups/hill-group/links", ht, json={"partner": "river-group"}, expect=201).get_json()
    assert api.post(f"/links/{declined['id']}/decline", rt, expect=200).get_json()["state"] == "declined"


def test_accreditation_on_a_date(client, make_practitioner):
    api = Api(client)
    person = make_practitioner()
    today = api.get(f"/practitioners/{person}/accreditation")
    assert today["accredited"] is False and today["via"] == []
    assert api.get(f"/practitioners/{person}/accreditation?on=2024-02-29")["on"] == "2024-02-29"
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    for bad in (future, "2024-02-30", "yesterday", "99999-01-01", "2024-1-1"):
        response = api.call("GET", f"/practitioners/{person}/accreditation?on={bad}", expect=422)
        assert "on" in error_of(response)["fields"]


def test_lists_are_paged_with_their_edges(app, client):
    api = Api(client)
    ann = api.register("Ann", "ann@example.org")
    for n in range(1, 8):
        api.post("/groups", ann["token"], json={"name": f"Group {n:02d}", "region": "Leeds" if n % 2 else "York"},
                 expect=201)
    first = api.get("/groups?per_page=3")
    assert (first["total"], first["page"], first["per_page"]) == (7, 1, 3)
    assert [g["name"] for g in first["items"]] == ["Group 01", "Group 02", "Group 03"]
    last = api.get("/groups?per_page=3&page=3")
    assert [g["name"] for g in last["items"]] == ["Group 07"]
    beyond = api.get("/groups?per_page=3&page=99999999")
    assert beyond["items"] == [] and beyond["total"] == 7
    assert api.get("/groups?per_page=1000")["per_page"] == 100
    assert api.get("/groups")["per_page"] == app.config["API_PER_PAGE"]
    for bad in ("page=0", "page=-1", "page=abc", "page=1.5", "per_page=0", "per_page=",
                "page=" + "9" * 40, "page=\uff11"):
        response = api.call("GET", f"/groups?{bad}", expect=422)
        assert set(error_of(response)["fields"]) <= {"page", "per_page"}

    assert api.get("/groups?region=leeds")["total"] == 4
    assert api.get("/groups?q=group&region=York")["total"] == 3
    api.get("/groups?q=%25%27%22%5C%2A")  # punctuation alone is no error
    assert api.get("/groups?status=forming")["total"] == 7
    assert api.get("/groups?status=full_member")["total"] == 0
    api.call("GET", "/groups?status=splendid", expect=422)


def test_the_directory_searches_statement_text(app, client):
    with app.app_context():
        f.member_group("Quiet Group")
        db.session.commit()
    api = Api(client)
    assert [g["slug"] for g in api.get("/groups?q=HOLD%20EACH%20OTHER")["items"]] == ["quiet-group"]
    assert api.get("/groups?q=nothing%20like%20this")["total"] == 0


def test_gatherings_are_listed(app, client):
    with app.app_context():
        db.session.add_all([Gathering(date=dt.date(2026, 7, 4), place="Totnes"),
                            Gathering(date=dt.date(2026, 3, 14), place="Leeds", netcom_url="https://example.org/n")])
        db.session.commit()
    listing = Api(client).get("/gatherings?per_page=1")
    assert listing["total"] == 2
    assert listing["items"] == [{"id": listing["items"][0]["id"], "date": "2026-03-14", "place": "Leeds",
                                 "netcom_url": "https://example.org/n"}]


def test_the_openapi_document_lists_every_route_of_the_api(app, client):
    document = Api(client).get("/openapi.json")
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    for rule, method in routes:
        as_openapi = rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        assert (as_openapi, method) in documented, (rule, method)

"""A practitioner downloads their own data from their profile, and deletes their account: they
become "former member", leave their groups as anyone leaves, and the history stays true."""

from __future__ import annotations

import html
import json
import re

from sqlalchemy import select

from ipn.extensions import db
from ipn.models import Membership, Practitioner, StatusChange
from ipn.services import stand_bys
from tests import factories
from tests.conftest import PASSWORD


def _member_group(app) -> dict:
    """A member group of five (all stand by each other, statement published), one withdrawal."""
    with app.app_context():
        group, people = factories.member_group("Riverside Circle")
        stand_bys.withdraw_stand_by(people[1], group, people[0], "a private reason of Person 2")
        stand_bys.stand_by(people[1], group, people[0])
        db.session.commit()
        return {"slug": group.slug, "ids": [p.id for p in people], "emails": [p.email for p in people],
                "names": [p.name for p in people]}


def test_a_practitioner_downloads_their_own_data_from_their_profile(app, client, auth):
    network = _member_group(app)
    auth.login(network["emails"][0])
    profile = client.get("/profile").get_data(as_text=True)
    assert 'href="/profile/data"' in profile and 'href="/profile/delete"' in profile

    response = client.get("/profile/data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == network["emails"][0]
    assert data["profile"]["name"] == network["names"][0]
    assert [m["group"]["slug"] for m in data["memberships"]] == [network["slug"]]
    assert {s["to"] for s in data["stand_bys_given"]} == set(network["names"][1:])
    assert {s["from"] for s in data["stand_bys_received"]} == set(network["names"][1:])
    assert len(data["endorsements"]) == 1
    assert data["notifications"]
    # Nothing of other people's private data: not their addresses, nor the reason someone
    # else gave for withdrawing their stand-by.
    body = response.get_data(as_text=True)
    for email in network["emails"][1:]:
        assert email not in body
    assert "a private reason of Person 2" not in body


def test_someone_else_withdrawal_reason_is_in_their_own_download(app, client, auth):
    network = _member_group(app)
    auth.login(network["emails"][1])
    data = client.get("/profile/data").get_json()
    reasons = [s.get("withdrawal_reason") for s in data["stand_bys_given"]]
    assert "a private reason of Person 2" in reasons


def test_downloading_and_deleting_need_a_login(client):
    for url in ("/profile/data", "/profile/delete"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deleting_an_account_makes_a_former_member_who_left_the_group_and_history_stays_true(
        app, client, auth):
    network = _member_group(app)
    slug, leaver = network["slug"], network["ids"][0]
    auth.login(network["emails"][0])
    shown = client.post("/profile/tokens", data={"label": "spreadsheet"}).get_data(as_text=True)
    token = re.search(r'<code id="new-token-value">([^<]+)</code>', shown).group(1)  # shown once, on the page
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get(f"/api/v1/groups/{slug}").get_json()["status"] == "member"

    page = client.get("/profile/delete").get_data(as_text=True)
    assert "Riverside Circle" in page and "former member" in page

    wrong = client.post("/profile/delete", data={"password": "not my password at all"})
    assert wrong.status_code == 422
    assert "That is not your password." in wrong.get_data(as_text=True)

    response = client.post("/profile/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/me").status_code == 302  # logged out
    assert auth.login(network["emails"][0]).status_code == 422  # and cannot log in again
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    group = client.get(f"/api/v1/groups/{slug}").get_json()
    assert leaver not in [m["id"] for m in group["members"]]
    assert group["status"] == "forming"  # four members cannot stand by each other
    person = client.get(f"/api/v1/practitioners/{leaver}").get_json()
    assert person["name"] == "former member"
    assert network["names"][0] not in client.get(f"/groups/{slug}").get_data(as_text=True)

    with app.app_context():
        row = db.session.get(Practitioner, leaver)
        assert row.email.endswith("@deleted.invalid") and row.password_hash.startswith("!")
        # Kept for history: the stay, with its end; the status timeline, with member then forming.
        stay = db.session.scalar(select(Membership).where(Membership.practitioner_id == leaver))
        assert stay.left_at is not None and stay.member_since is not None
        statuses = list(db.session.scalars(select(StatusChange.status).join(StatusChange.group)
                                           .where(StatusChange.group.has(slug=slug))
                                           .order_by(StatusChange.effective_at, StatusChange.id)))
        assert statuses[-2:] == ["member", "forming"]


def test_a_deleted_account_email_can_register_again_as_someone_new(app, client, auth):
    network = _member_group(app)
    auth.login(network["emails"][2])
    client.post("/profile/delete", data={"password": PASSWORD})
    response = client.post("/register", data={"name": "Starting Afresh", "email": network["emails"][2],
                                              "password": PASSWORD, "password_confirm": PASSWORD})
    assert response.status_code == 302


def test_a_deleted_account_cannot_be_found_or_invited_again(app, client, auth):
    network = _member_group(app)
    auth.login(network["emails"][4])
    client.post("/profile/delete", data={"password": PASSWORD})
    auth.login(network["emails"][1])
    page = client.get(f"/groups/{network['slug']}/workspace?find=former").get_data(as_text=True)
    assert "No one outside the group has a name containing" in html.unescape(page)
    token = client.post("/api/v1/tokens", json={"email": network["emails"][1], "password": PASSWORD}).get_json()["token"]
    response = client.post(f"/api/v1/groups/{network['slug']}/invitations",
                           json={"practitioner_id": network["ids"][4]}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404


def test_another_session_of_a_deleted_account_is_logged_out_too(app, client, auth):
    network = _member_group(app)
    other_device = app.test_client()
    for c in (client, other_device):
        c.post("/login", data={"email": network["emails"][3], "password": PASSWORD})
    assert other_device.get("/me").status_code == 200
    client.post("/profile/delete", data={"password": PASSWORD})
    response = other_device.get("/me")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- Meetings (SPEC R18): in one's download, and kept for the group after a deletion ------------

MEETING_NOTE = "We agreed to meet online in January."


def _meetings(app, network) -> dict:
    """Person 1 recorded a meeting that Persons 1 and 2 came to, and presented a Balint round at
    it; Persons 3 and 4 met without them. Person 1 keeps a copy of the Balint format for the group,
    Person 3 one of intervision."""
    from ipn import formats
    from ipn.models import Group
    from ipn.services import meetings

    with app.app_context():
        group = db.session.query(Group).filter_by(slug=network["slug"]).one()
        p = [db.session.get(Practitioner, pid) for pid in network["ids"]]
        meeting = meetings.save_meeting(p[0], group, "2026-11-03", True, [p[0], p[1]], "Check-in; one case.",
                                        MEETING_NOTE, "2026-12-15")
        balint = formats.shipped_format("balint")
        meetings.record_round(p[1], meeting, balint, p[0], [balint.phases[1].name, balint.phases[3].name])
        other = meetings.save_meeting(p[2], group, "2026-11-10", False, [p[2], p[3]], "", "Another note.")
        own = meetings.copy_format(p[0], group, "balint")
        meetings.update_format(p[0], group, own, "Our Balint", "", "Told from memory.",
                               "10 | The case | The presenter | From memory.")
        meetings.copy_format(p[2], group, "intervision")
        db.session.commit()
        return {"meeting": meeting.id, "other": other.id, "phases": [balint.phases[1].name, balint.phases[3].name]}


def test_the_download_holds_the_meetings_one_came_to_and_the_formats_one_wrote(app, client, auth):
    network = _member_group(app)
    made = _meetings(app, network)
    auth.login(network["emails"][0])
    data = client.get("/profile/data").get_json()
    (meeting,) = data["meetings"]
    assert meeting["date"] == "2026-11-03" and meeting["group"]["slug"] == network["slug"]
    assert (meeting["online"], meeting["agenda"], meeting["notes"], meeting["next_date"]) == (
        True, "Check-in; one case.", MEETING_NOTE, "2026-12-15")
    assert meeting["attended"] is True and meeting["recorded_by_me"] is True
    assert [(r["format"], r["format_name"], r["phases"]) for r in meeting["rounds_presented"]] == [
        ("balint", "Balint group", made["phases"])]
    (own,) = data["formats_written"]
    assert (own["slug"], own["name"], own["based_on"]) == ("our-balint", "Our Balint", "balint")
    assert own["ground_rules"] == ["Told from memory."] and own["phases"][0]["name"] == "The case"
    assert "Another note." not in json.dumps(data)  # a meeting they did not come to is not theirs
    # Person 2 came and presented nothing: the meeting, without rounds; no formats.
    auth.logout()
    auth.login(network["emails"][1])
    data = client.get("/profile/data").get_json()
    assert [(m["notes"], m["attended"], m["recorded_by_me"], m["rounds_presented"]) for m in data["meetings"]] == [
        (MEETING_NOTE, True, False, [])]
    assert data["formats_written"] == []


def test_deleting_an_account_keeps_the_groups_meeting_record_under_former_member(app, client, auth):
    network = _member_group(app)
    made = _meetings(app, network)
    leaver, stayer = network["ids"][0], network["ids"][1]
    auth.login(network["emails"][0])
    assert client.post("/profile/delete", data={"password": PASSWORD}).status_code == 302
    auth.login(network["emails"][1])
    url = f"/groups/{network['slug']}/meetings/{made['meeting']}"
    client.get("/me")  # the messages of logging in (the first account's "Welcome back" too) are shown
    page = client.get(url).get_data(as_text=True)
    assert MEETING_NOTE in page and "a case brought by former member" in page
    assert network["names"][0] not in page
    # The group corrects its record and the one who came stays on it, as "former member".
    response = client.post(url + "/edit", data={"date": "2026-11-03", "online": "yes",
                                                "attended": [str(leaver), str(stayer)], "agenda": "Check-in.",
                                                "notes": MEETING_NOTE, "next_date": "", "visiting": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    token = client.post("/api/v1/tokens", json={"email": network["emails"][1], "password": PASSWORD}).get_json()["token"]
    items = client.get(f"/api/v1/groups/{network['slug']}/meetings",
                       headers={"Authorization": f"Bearer {token}"}).get_json()["items"]
    corrected = next(m for m in items if m["id"] == made["meeting"])
    assert corrected["attended"] == sorted([leaver, stayer]) and corrected["agenda"] == "Check-in."
    assert corrected["rounds"][0]["presenter"] == leaver
    # But nobody who left may be added to a meeting that did not have them.
    refused = client.post(f"/groups/{network['slug']}/meetings/{made['other']}/edit", data={
        "date": "2026-11-10", "online": "no", "attended": [str(leaver)], "visiting": ""})
    assert refused.status_code == 422
    with app.app_context():
        from ipn.models import GroupFormat, Meeting

        meeting = db.session.get(Meeting, made["meeting"])
        assert meeting.recorded_by_id == leaver and meeting.recorded_by.name == "former member"
        assert db.session.query(GroupFormat).count() == 2  # the group's own formats stay the group's

"""What the meeting pages do, through the API (SPEC R18; docs/api-additions.md "Meetings"):
correcting a meeting, recording a round, a group's own copies of formats, its "show our rhythm"
switch, and a link group's visit recorded from the meeting it joined. The same services as the
pages: 403 for anyone not in the group, 404 for what does not exist, 422 with the error object
(and nothing written) for what will not do."""

from __future__ import annotations

import pytest

from ipn import formats
from ipn.extensions import db
from ipn.models import Group, GroupFormat, Meeting, Round, Visit
from tests import factories as f
from tests import test_meetings
from tests.test_meetings import AGENDA, NOTE, token_for

network = test_meetings.network  # the pages' fixture: Oak and Ash linked, Elm apart

INTERVISION = [p.name for p in formats.shipped_format("intervision").phases]


def people(network, group: str) -> list[int]:
    return [pid for pid, *_ in network[f"{group}_people"]]


def headers_of(client, network, group: str, n: int = 0) -> dict:
    return token_for(client, network[f"{group}_people"][n][1])


def record_meeting(client, network, headers, **extra) -> dict:
    oak = people(network, "oak")
    body = {"date": "2026-11-03", "online": False, "attended": oak[:3], "agenda": AGENDA, "notes": NOTE,
            "next_date": "2026-12-15", **extra}
    answer = client.post(f"/api/v1/groups/{network['oak']}/meetings", headers=headers, json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def listed(client, network, headers) -> list[dict]:
    answer = client.get(f"/api/v1/groups/{network['oak']}/meetings", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def joining_member(app, network, name: str) -> str:
    """Someone Oak's first member invited, who has joined and is still joining: their email."""
    with app.app_context():
        group = db.session.query(Group).filter_by(slug=network["oak"]).one()
        newcomer = f.person(name)
        f.join(group, db.session.get(type(newcomer), people(network, "oak")[0]), newcomer)
        db.session.commit()
        return newcomer.email


def error_of(answer, status: int) -> dict:
    assert answer.status_code == status, (answer.status_code, answer.get_json())
    return answer.get_json()["error"]


# --- Correcting a meeting --------------------------------------------------------------------

def test_someone_in_the_group_corrects_a_meeting_and_everyone_reads_the_correction(client, network):
    ann = headers_of(client, network, "oak")
    meeting = record_meeting(client, network, ann)
    oak = people(network, "oak")
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}"
    corrected = client.put(url, headers=ann, json={
        "date": "2026-11-04", "online": True, "attended": [oak[0], oak[4]], "agenda": "Check-in only.",
        "notes": "We moved the meeting online."})
    assert corrected.status_code == 200, corrected.get_json()
    answer = corrected.get_json()
    assert (answer["id"], answer["date"], answer["online"]) == (meeting["id"], "2026-11-04", True)
    assert answer["attended"] == sorted([oak[0], oak[4]]) and answer["next_date"] is None  # the body replaces it
    # Another member reads the correction in the list.
    (item,) = listed(client, network, headers_of(client, network, "oak", 3))
    assert item["notes"] == "We moved the meeting online." and item["agenda"] == "Check-in only."
    assert item["visiting"] is None and item["visit_id"] is None


def test_correcting_a_meeting_is_refused_to_outsiders_and_for_what_will_not_do(app, client, network):
    ann = headers_of(client, network, "oak")
    meeting = record_meeting(client, network, ann)
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}"
    body = {"date": "2026-11-03", "online": True, "attended": people(network, "oak")[:1]}
    assert error_of(client.put(url, headers=headers_of(client, network, "elm"), json=body), 403)["code"] == "forbidden"
    assert client.put(url, json=body).status_code == 401
    assert client.put(f"/api/v1/groups/{network['oak']}/meetings/999999", headers=ann, json=body).status_code == 404
    assert client.put(f"/api/v1/groups/no-such-group/meetings/{meeting['id']}", headers=ann,
                      json=body).status_code == 404
    # Another group's meeting is not this group's to correct.
    assert client.put(f"/api/v1/groups/{network['ash']}/meetings/{meeting['id']}",
                      headers=headers_of(client, network, "ash"), json=body).status_code == 404
    for change, field, code in [({"date": "2099-01-01"}, "date", "future_date"),
                                ({"next_date": "2026-11-01"}, "next_date", "dates_order"),
                                ({"attended": people(network, "elm")[:1]}, "attended", "not_in_group"),
                                ({"visiting": network["elm"]}, "visiting", "not_linked"),
                                ({"visiting": "no-such-group"}, "visiting", "unknown_reference"),
                                ({"online": "yes"}, "online", "invalid")]:
        error = error_of(client.put(url, headers=ann, json={**body, **change}), 422)
        assert field in error["fields"] and error["code"] == code, (change, error)
    (item,) = listed(client, network, ann)
    assert (item["date"], item["online"], item["notes"]) == ("2026-11-03", False, NOTE)  # nothing changed


# --- Rounds ----------------------------------------------------------------------------------

def test_a_round_is_recorded_with_its_format_presenter_and_phases_and_nothing_else(app, client, network):
    ann = headers_of(client, network, "oak")
    meeting = record_meeting(client, network, ann)
    oak = people(network, "oak")
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/rounds"
    answer = client.post(url, headers=ann, json={"format": "intervision", "presenter": oak[1],
                                                 "phases": INTERVISION[:4], "case": "A client called X"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json() == {"id": answer.get_json()["id"], "format": "intervision",
                                 "format_name": "Intervision (incident method)", "presenter": oak[1],
                                 "phases": INTERVISION[:4]}
    # An ordinary meeting's round: nobody presents.
    plain = client.post(url, headers=ann, json={"format": "ipn-meeting", "phases": ["Silence and check-in"]})
    assert plain.status_code == 201 and plain.get_json()["presenter"] is None
    (item,) = listed(client, network, ann)
    assert [(r["format"], r["presenter"]) for r in item["rounds"]] == [("intervision", oak[1]), ("ipn-meeting", None)]
    with app.app_context():
        assert "A client called X" not in repr([r.__dict__ for r in db.session.query(Round)])


@pytest.mark.parametrize("sent, field, code", [
    ({"format": "intervision", "presenter": "ABSENT", "phases": INTERVISION[:2]}, "presenter", "round_presenter"),
    ({"format": "intervision", "phases": INTERVISION[:2]}, "presenter", "round_presenter"),
    ({"format": "ipn-meeting", "presenter": "PRESENT", "phases": ["Next dates"]}, "presenter", "round_presenter"),
    ({"format": "intervision", "presenter": 999999, "phases": INTERVISION[:2]}, "presenter", "unknown_reference"),
    ({"format": "intervision", "presenter": "PRESENT", "phases": [INTERVISION[1], INTERVISION[0]]}, "phases",
     "round_phases"),
    ({"format": "intervision", "presenter": "PRESENT", "phases": ["A client called X"]}, "phases", "round_phases"),
    ({"format": "intervision", "presenter": "PRESENT", "phases": []}, "phases", "invalid"),
    ({"format": "no-such-format", "phases": ["The case"]}, "format", "unknown_reference"),
])
def test_a_round_that_will_not_do_is_refused_and_nothing_is_recorded(app, client, network, sent, field, code):
    ann = headers_of(client, network, "oak")
    meeting = record_meeting(client, network, ann)  # the first three came
    oak = people(network, "oak")
    sent = {**sent, **({"presenter": {"PRESENT": oak[1], "ABSENT": oak[4]}[sent["presenter"]]}
                       if sent.get("presenter") in ("PRESENT", "ABSENT") else {})}
    answer = client.post(f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/rounds", headers=ann, json=sent)
    error = error_of(answer, 422)
    assert field in error["fields"] and error["code"] == code, error
    with app.app_context():
        assert db.session.query(Round).count() == 0


def test_only_the_people_in_the_group_record_a_round(client, network):
    meeting = record_meeting(client, network, headers_of(client, network, "oak"))
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/rounds"
    body = {"format": "ipn-meeting", "phases": ["Next dates"]}
    assert client.post(url, headers=headers_of(client, network, "ash"), json=body).status_code == 403
    assert client.post(url, json=body).status_code == 401
    assert client.post(f"/api/v1/groups/{network['oak']}/meetings/999999/rounds",
                       headers=headers_of(client, network, "oak"), json=body).status_code == 404


# --- The group's own formats -----------------------------------------------------------------

def test_the_group_keeps_its_own_copy_of_a_format_and_runs_a_round_of_it(app, client, network):
    ann = headers_of(client, network, "oak")
    url = f"/api/v1/groups/{network['oak']}/formats"
    copied = client.post(url, headers=ann, json={
        "based_on": "balint", "name": "Our short Balint", "ground_rules": ["Told from memory."],
        "phases": [{"name": "The case", "minutes": 10, "speaks": "The presenter", "rule": "From memory."},
                   {"name": "The group works", "minutes": 25, "speaks": "The group", "rule": "Associations."}]})
    assert copied.status_code == 201, copied.get_json()
    own = copied.get_json()
    assert (own["slug"], own["name"], own["own"], own["based_on"]) == ("our-balint", "Our short Balint", True, "balint")
    assert own["ground_rules"] == ["Told from memory."] and own["presenter"] == "The member who presents"
    assert [(p["name"], p["minutes"]) for p in own["phases"]] == [("The case", 10), ("The group works", 25)]
    # A plain copy keeps the shipped format's words, under a slug of its own.
    plain = client.post(url, headers=ann, json={"based_on": "balint"}).get_json()
    assert plain["slug"] == "our-balint-2" and plain["name"] == "Our Balint group"
    assert [p["name"] for p in plain["phases"]] == [p.name for p in formats.shipped_format("balint").phases]
    # The list: the group's own copies first, then the shipped ones; someone else in the group reads it.
    answer = client.get(url, headers=headers_of(client, network, "oak", 4)).get_json()
    assert [f["slug"] for f in answer["items"]] == ["our-balint-2", "our-balint", *formats.ORDER]
    assert answer["total"] == 7
    # The formats page shows it, and a round of it is recorded with the copy's phases.
    meeting = record_meeting(client, network, ann)
    oak = people(network, "oak")
    answer = client.post(f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/rounds", headers=ann,
                         json={"format": "our-balint", "presenter": oak[0], "phases": ["The case", "The group works"]})
    assert answer.status_code == 201 and answer.get_json()["format_name"] == "Our short Balint"
    # The shipped format is unchanged.
    assert formats.shipped_format("balint").phases[1].minutes == 12


@pytest.mark.parametrize("sent, field, code", [
    ({"based_on": "no-such-format"}, "based_on", "invalid"),
    ({"based_on": "balint", "phases": [{"name": "Same", "minutes": 5}, {"name": "Same ", "minutes": 5}]},
     "phases", "phase_names"),
    ({"based_on": "balint", "phases": [{"name": "A | B", "minutes": 5}]}, "phases", "invalid"),
    ({"based_on": "balint", "phases": [{"name": "Two\nlines", "minutes": 5}]}, "phases", "invalid"),
    ({"based_on": "balint", "phases": [{"name": "Long", "minutes": 241}]}, "phases", "invalid"),
    ({"based_on": "balint", "phases": [{"name": "The case", "minutes": 5, "case": "A client called X"}]}, "phases",
     "invalid"),  # a phase has no room for anything else
    ({"based_on": "balint", "phases": []}, "phases", "invalid"),
    ({"based_on": "balint", "name": "   "}, "name", "invalid"),
    ({"based_on": "balint", "ground_rules": ["One rule\nand another"]}, "ground_rules", "invalid"),
])
def test_a_format_that_will_not_do_is_refused_and_nothing_is_kept(app, client, network, sent, field, code):
    answer = client.post(f"/api/v1/groups/{network['oak']}/formats", headers=headers_of(client, network, "oak"),
                         json=sent)
    error = error_of(answer, 422)
    assert field in error["fields"] and error["code"] == code, error
    with app.app_context():
        assert db.session.query(GroupFormat).count() == 0


def test_a_joining_member_copies_formats_and_an_outsider_cannot(app, client, network):
    nia = joining_member(app, network, "Newcomer Nia")
    url = f"/api/v1/groups/{network['oak']}/formats"
    assert client.post(url, headers=token_for(client, nia), json={"based_on": "intervision"}).status_code == 201
    outsider = headers_of(client, network, "elm")
    assert client.post(url, headers=outsider, json={"based_on": "intervision"}).status_code == 403
    assert client.get(url, headers=outsider).status_code == 403
    assert client.get("/api/v1/groups/no-such-group/formats", headers=outsider).status_code == 404
    with app.app_context():
        assert db.session.query(GroupFormat).count() == 1


# --- The rhythm switch -----------------------------------------------------------------------

def test_a_member_shows_the_rhythm_publicly_and_hides_it_again(client, network):
    ann = headers_of(client, network, "oak")
    for day in ("2026-06-02", "2026-07-14", "2026-08-25", "2026-10-06", "2026-11-17"):
        record_meeting(client, network, ann, date=day, next_date=None)
    url = f"/api/v1/groups/{network['oak']}/rhythm"
    assert client.get(url, headers=ann).get_json() == {"show": False,
                                                       "rhythm": {"every_weeks": 6, "last_met": "2026-11"}}
    assert client.get(f"/api/v1/groups/{network['oak']}").get_json()["rhythm"] is None
    shown = client.put(url, headers=ann, json={"show": True})
    assert shown.status_code == 200 and shown.get_json()["show"] is True
    public = client.get(f"/api/v1/groups/{network['oak']}").get_json()
    assert public["rhythm"] == {"every_weeks": 6, "last_met": "2026-11"}
    assert "Meets about every 6 weeks; last met in November 2026." in client.get(f"/groups/{network['oak']}").get_data(
        as_text=True)
    assert client.put(url, headers=ann, json={"show": False}).get_json()["show"] is False
    assert client.get(f"/api/v1/groups/{network['oak']}").get_json()["rhythm"] is None


def test_only_members_choose_the_rhythm(app, client, network):
    noor = joining_member(app, network, "Newcomer Noor")
    url = f"/api/v1/groups/{network['oak']}/rhythm"
    assert error_of(client.put(url, headers=token_for(client, noor), json={"show": True}), 403)
    assert client.get(url, headers=token_for(client, noor)).status_code == 200  # in the group: may read it
    assert client.put(url, headers=headers_of(client, network, "ash"), json={"show": True}).status_code == 403
    assert client.get(url, headers=headers_of(client, network, "ash")).status_code == 403
    assert error_of(client.put(url, headers=headers_of(client, network, "oak"), json={"show": "yes"}), 422)
    assert client.put("/api/v1/groups/no-such-group/rhythm", headers=headers_of(client, network, "oak"),
                      json={"show": True}).status_code == 404
    with app.app_context():
        assert db.session.query(Group).filter_by(slug=network["oak"]).one().shows_rhythm is False


# --- A link group's visit, from the meeting it joined ----------------------------------------

def test_a_link_group_records_its_visit_from_the_meeting_it_joined(app, client, network):
    ann = headers_of(client, network, "oak")
    meeting = record_meeting(client, network, ann, visiting=network["ash"])
    (item,) = listed(client, network, ann)
    assert item["visiting"] == network["ash"] and item["visit_id"] is None
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/visit"
    ash = people(network, "ash")
    body = {"outcome": "validated", "visitors": ash[:2], "note": "A good meeting to join."}
    # The meeting's own group, and a group that did not join it, may not record it.
    assert error_of(client.post(url, headers=ann, json=body), 403)
    assert error_of(client.post(url, headers=headers_of(client, network, "elm"), json=body), 403)
    assert error_of(client.post(url, headers=headers_of(client, network, "ash"),
                                json={**body, "visitors": people(network, "elm")[:1]}), 422)["code"] == "not_in_group"
    answer = client.post(url, headers=headers_of(client, network, "ash"), json=body)
    assert answer.status_code == 201, answer.get_json()
    visit = answer.get_json()
    assert (visit["date"], visit["visiting"], visit["visited"], visit["outcome"]) == (
        "2026-11-03", network["ash"], network["oak"], "validated")
    assert visit["visitors"] == sorted(ash[:2])
    (item,) = listed(client, network, ann)
    assert item["visit_id"] == visit["id"]
    # Recorded once; the visiting group stays as it is on a correction.
    assert error_of(client.post(url, headers=headers_of(client, network, "ash", 2), json=body), 409)["code"] == \
        "visit_recorded"
    error = error_of(client.put(f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}", headers=ann, json={
        "date": "2026-11-03", "online": False, "attended": people(network, "oak")[:1]}), 422)
    assert "visiting" in error["fields"]
    with app.app_context():
        assert db.session.query(Visit).count() == 1
        assert db.session.get(Meeting, meeting["id"]).visit_id == visit["id"]
    # The visitors now read that meeting on its page.
    client.post("/login", data={"email": network["ash_people"][0][1], "password": f.PASSWORD})
    assert NOTE in client.get(f"/groups/{network['oak']}/meetings/{meeting['id']}").get_data(as_text=True)


def test_a_visit_from_a_meeting_no_link_group_joined_is_refused(client, network):
    meeting = record_meeting(client, network, headers_of(client, network, "oak"))
    url = f"/api/v1/groups/{network['oak']}/meetings/{meeting['id']}/visit"
    assert client.post(url, headers=headers_of(client, network, "ash"), json={"outcome": "validated"}).status_code == 403
    assert client.post(f"/api/v1/groups/{network['oak']}/meetings/999999/visit",
                       headers=headers_of(client, network, "ash"), json={"outcome": "validated"}).status_code == 404
    assert error_of(client.post(url, headers=headers_of(client, network, "ash"), json={"outcome": "fine"}), 422)

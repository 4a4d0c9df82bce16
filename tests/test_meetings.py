"""A group's meetings (SPEC R18, issue 14): the record is the group's alone, a link group's
visitors read the meeting their visit joined, rounds record only a format, a presenter and the
phases run, and the rhythm is public only when the group chooses."""

from __future__ import annotations

import datetime as dt

import pytest

from ipn import formats
from ipn.extensions import db
from ipn.models import Group, Meeting, Round, Visit
from ipn.rules.rhythm import rhythm
from ipn.services import meetings
from tests import factories as f

NOTE = "Private meeting note qv7"
AGENDA = "Private agenda item qv8"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- The rhythm, a pure rule ----------------------------------------------------------------

def test_rhythm_is_the_median_gap_in_whole_weeks_and_the_last_month():
    six_weekly = [d("2026-01-05") + dt.timedelta(weeks=6 * i) for i in range(8)]
    found = rhythm(six_weekly, d("2026-12-01"))
    assert found.every_weeks == 6 and found.last_met == d("2026-10-26")
    assert found.words == "Meets about every 6 weeks; last met in October 2026."
    assert found.as_dict() == {"every_weeks": 6, "last_met": "2026-10"}
    # One long summer break does not set the rhythm; a single meeting has no rhythm yet.
    with_break = [d("2026-01-10"), d("2026-02-07"), d("2026-03-07"), d("2026-04-04"), d("2026-09-05")]
    assert rhythm(with_break, d("2026-12-01")).every_weeks == 4
    assert rhythm([d("2026-03-01")], d("2026-12-01")).words == "Last met in March 2026."
    assert rhythm([], d("2026-12-01")) is None


def test_rhythm_counts_only_meetings_held_and_the_year_up_to_the_last():
    assert rhythm([d("2026-12-10")], d("2026-12-01")) is None  # not yet held
    old_weekly = [d("2024-01-01") + dt.timedelta(weeks=i) for i in range(10)]
    recent = [d("2026-01-01"), d("2026-03-01"), d("2026-05-01")]
    found = rhythm(old_weekly + recent, d("2026-06-01"))
    assert found.every_weeks == 9 and found.last_month == "2026-05"
    assert rhythm([d("2026-05-01"), d("2026-05-01")], d("2026-06-01")).every_weeks is None
    assert rhythm([d("2026-05-01"), d("2026-05-03")], d("2026-06-01")).every_weeks == 1


# --- Pages, through the test client ---------------------------------------------------------

@pytest.fixture
def network(app):
    """Two linked member groups and an unrelated one; returns slugs and the people's emails."""
    with app.app_context():
        oak = f.member_group("Oak Meeting Group")
        ash = f.member_group("Ash Meeting Group")
        elm = f.member_group("Elm Meeting Group")
        f.link(oak, ash)
        db.session.commit()
        return {
            "oak": oak[0].slug, "ash": ash[0].slug, "elm": elm[0].slug,
            "oak_people": [(p.id, p.email, p.name) for p in oak[1]],
            "ash_people": [(p.id, p.email, p.name) for p in ash[1]],
            "elm_people": [(p.id, p.email, p.name) for p in elm[1]],
        }


def record(client, slug, **extra):
    data = {"date": "2026-11-03", "online": "no", "attended": [], "agenda": AGENDA, "notes": NOTE,
            "next_date": "2026-12-15", "visiting": ""}
    data.update(extra)
    return client.post(f"/groups/{slug}/meetings/new", data=data)


def latest_id(app) -> int:
    with app.app_context():
        return db.session.query(Meeting).order_by(Meeting.date.desc()).first().id


def only_meeting(app) -> int:
    with app.app_context():
        return db.session.query(Meeting.id).scalar()


def test_a_member_records_a_meeting_and_the_group_reads_it(app, client, auth, network):
    oak = network["oak"]
    (ann_id, ann, ann_name), (ben_id, *_), *_ = network["oak_people"]
    auth.login(ann)
    form = client.get(f"/groups/{oak}/meetings/new").get_data(as_text=True)
    assert "Nothing that could identify a client is written here" in form
    response = record(client, oak, attended=[str(ann_id), str(ben_id)])
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert NOTE in page and AGENDA in page and "3 November 2026" in page
    listing = client.get(f"/groups/{oak}/meetings").get_data(as_text=True)
    assert "15 December 2026" in listing  # the next meeting
    # Everyone in the group reads it, and no one else.
    auth.logout()
    auth.login(network["oak_people"][4][1])
    assert NOTE in client.get(f"/groups/{oak}/meetings/{only_meeting(app)}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/meetings", "/meetings/new", "/meetings/{id}", "/meetings/{id}/edit",
                                  "/meetings/{id}/run?format=intervision", "/formats", "/meetings/{id}/visit"])
def test_a_member_of_another_group_gets_403(app, client, auth, network, path):
    oak = network["oak"]
    auth.login(network["oak_people"][0][1])
    record(client, oak, attended=[str(network["oak_people"][0][0])])
    auth.logout()
    auth.login(network["elm_people"][0][1])
    response = client.get(f"/groups/{oak}" + path.format(id=only_meeting(app)))
    assert response.status_code == 403
    assert NOTE not in response.get_data(as_text=True)


def test_a_link_groups_visitors_read_the_meeting_once_their_visit_is_recorded(app, client, auth, network):
    oak, ash = network["oak"], network["ash"]
    (a1, a1_email, _), *_ = network["oak_people"]
    (b1, b1_email, b1_name), (b2, b2_email, _), (b3, b3_email, _), *_ = network["ash_people"]
    auth.login(a1_email)
    assert record(client, oak, attended=[str(a1)], visiting=ash).status_code == 302
    meeting_id = only_meeting(app)
    auth.logout()
    auth.login(b1_email)
    assert client.get(f"/groups/{oak}/meetings/{meeting_id}").status_code == 403
    needs = client.get("/me").get_data(as_text=True)
    assert "Oak Meeting Group" in needs and f"/groups/{oak}/meetings/{meeting_id}/visit" in needs
    visit_form = client.get(f"/groups/{oak}/meetings/{meeting_id}/visit").get_data(as_text=True)
    assert NOTE not in visit_form and AGENDA not in visit_form
    response = client.post(f"/groups/{oak}/meetings/{meeting_id}/visit",
                           data={"visitors": [str(b1), str(b2)], "outcome": "validated", "note": ""})
    assert response.status_code == 302
    with app.app_context():
        visit = db.session.query(Visit).one()
        assert visit.date == d("2026-11-03") and visit.outcome == "validated"
        assert visit.visited_group.slug == oak and sorted(p.id for p in visit.visitors) == sorted([b1, b2])
        assert db.session.get(Meeting, meeting_id).visit_id == visit.id
    page = client.get(f"/groups/{oak}/meetings/{meeting_id}").get_data(as_text=True)
    assert NOTE in page and b1_name in page
    # Recorded once; a member of the link group who did not come still gets 403.
    assert client.post(f"/groups/{oak}/meetings/{meeting_id}/visit",
                       data={"visitors": [str(b1)], "outcome": "validated"}).status_code == 302
    with app.app_context():
        assert db.session.query(Visit).count() == 1
    auth.logout()
    auth.login(b3_email)
    assert client.get(f"/groups/{oak}/meetings/{meeting_id}").status_code == 403


def test_an_unrelated_group_cannot_be_named_as_visiting(app, client, auth, network):
    auth.login(network["oak_people"][0][1])
    response = record(client, network["oak"], attended=[str(network["oak_people"][0][0])], visiting=network["elm"])
    assert response.status_code == 422
    assert "active link" in response.get_data(as_text=True)


@pytest.mark.parametrize("change, field", [
    ({"date": "2099-01-01"}, "not in the future"),
    ({"date": "not a date"}, "Not a valid date value"),
    ({"next_date": "2026-11-01"}, "The next meeting comes after this one"),
    ({"attended": ["999999"]}, "Tick only people in the group"),
    ({"attended": []}, "Tick who came"),
    ({"notes": "x" * 5001}, "Keep the notes to 5000 characters"),
    ({"online": "maybe"}, "Not a valid choice"),
])
def test_a_meeting_that_will_not_do_is_refused_beside_its_field(app, client, auth, network, change, field):
    auth.login(network["oak_people"][0][1])
    data = {"attended": [str(network["oak_people"][0][0])], **change}
    response = record(client, network["oak"], **data)
    assert response.status_code == 422
    assert field in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Meeting).count() == 0


def test_a_round_records_format_presenter_and_phases_and_nothing_else(app, client, auth, network):
    oak = network["oak"]
    (ann_id, ann, _), (ben_id, _, ben_name), (cat_id, *_), *_ = network["oak_people"]
    auth.login(ann)
    record(client, oak, attended=[str(ann_id), str(ben_id)])
    mid = only_meeting(app)
    run = client.get(f"/groups/{oak}/meetings/{mid}/run?format=intervision&presenter={ben_id}")
    body = run.get_data(as_text=True)
    assert run.status_code == 200 and "Questions only, no advice." in body and f"Presenting: <strong>{ben_name}" in body
    assert 'src="/static/js/round.js"' in body and "<script>" not in body
    names = [p.name for p in formats.shipped_format("intervision").phases]
    # The presenter must have come; the phases must be the format's, in order.
    bad = [({"presenter": str(cat_id), "phases": names[:2]}, "presenter"),
           ({"presenter": str(ben_id), "phases": ["A client called X"]}, "phases"),
           ({"presenter": str(ben_id), "phases": [names[1], names[0]]}, "phases")]
    for data, _ in bad:
        response = client.post(f"/groups/{oak}/meetings/{mid}/rounds", data={"format": "intervision", **data})
        assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Round).count() == 0
    response = client.post(f"/groups/{oak}/meetings/{mid}/rounds",
                           data={"format": "intervision", "presenter": str(ben_id), "phases": names[:4]})
    assert response.status_code == 302
    page = client.get(f"/groups/{oak}/meetings/{mid}").get_data(as_text=True)
    assert f"a case brought by {ben_name}" in page and names[3] in page
    with app.app_context():
        row = db.session.query(Round).one()
        assert (row.format_slug, row.presenter_id, row.phases) == ("intervision", ben_id, names[:4])
        # The model has no place for a case's content.
        assert set(Round.__table__.columns.keys()) == {
            "id", "meeting_id", "format_slug", "format_name", "presenter_id", "phases", "recorded_by_id",
            "recorded_at"}


def test_the_rhythm_is_public_only_when_the_group_opts_in(app, client, auth, network):
    oak = network["oak"]
    ann_id, ann, _ = network["oak_people"][0]
    auth.login(ann)
    for day in ("2026-06-02", "2026-07-14", "2026-08-25", "2026-10-06", "2026-11-17"):
        assert record(client, oak, date=day, next_date="", attended=[str(ann_id)]).status_code == 302
    auth.logout()
    public = client.get(f"/groups/{oak}").get_data(as_text=True)
    assert "Meets about" not in public and "last met" not in public.lower()
    assert client.get(f"/api/v1/groups/{oak}").get_json()["rhythm"] is None
    auth.login(ann)
    assert client.post(f"/groups/{oak}/meetings/rhythm", data={"show": "yes"}).status_code == 302
    auth.logout()
    public = client.get(f"/groups/{oak}").get_data(as_text=True)
    assert "Meets about every 6 weeks; last met in November 2026." in public
    assert "17 November" not in public and NOTE not in public and AGENDA not in public
    assert client.get(f"/api/v1/groups/{oak}").get_json()["rhythm"] == {"every_weeks": 6, "last_met": "2026-11"}
    auth.login(ann)
    client.post(f"/groups/{oak}/meetings/rhythm", data={"show": "no"})
    auth.logout()
    assert "Meets about" not in client.get(f"/groups/{oak}").get_data(as_text=True)


def test_a_joining_member_records_meetings_but_only_members_choose_the_rhythm(app, client, auth, network):
    with app.app_context():
        group = db.session.query(Group).filter_by(slug=network["oak"]).one()
        newcomer = f.person("Newcomer Nell")
        f.join(group, db.session.get(type(newcomer), network["oak_people"][0][0]), newcomer)
        db.session.commit()
        nell_id, nell = newcomer.id, newcomer.email
    auth.login(nell)
    assert record(client, network["oak"], attended=[str(nell_id)]).status_code == 302
    assert client.post(f"/groups/{network['oak']}/meetings/rhythm", data={"show": "yes"}).status_code == 403


def test_a_group_keeps_its_own_copy_of_a_format(app, client, auth, network):
    oak = network["oak"]
    ann_id, ann, _ = network["oak_people"][0]
    auth.login(ann)
    response = client.post(f"/groups/{oak}/formats/copy", data={"format": "balint"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/formats/our-balint")
    bad = client.post(f"/groups/{oak}/formats/our-balint", data={"name": "Our Balint", "phases": "five | x"})
    assert bad.status_code == 422 and "Line 1" in bad.get_data(as_text=True)
    good = client.post(f"/groups/{oak}/formats/our-balint", data={
        "name": "Our short Balint", "purpose": "", "ground_rules": "Told from memory.",
        "phases": "1 | The case | The presenter | From memory.\n2 | The group works | The group | Associations."})
    assert good.status_code == 302
    record(client, oak, attended=[str(ann_id)])
    run = client.get(f"/groups/{oak}/meetings/{only_meeting(app)}/run?format=our-balint&presenter={ann_id}")
    body = run.get_data(as_text=True)
    assert "Our short Balint" in body and 'data-minutes="1"' in body and "Associations." in body
    # The shipped format is unchanged.
    assert formats.shipped_format("balint").phases[1].minutes == 12
    with app.app_context():
        assert [f.slug for f in meetings.formats_for(db.session.query(Group).filter_by(slug=oak).one())][0] == "our-balint"


# --- The API (API.md "Meetings (private to the group)") --------------------------------------

def token_for(client, email: str) -> dict:
    answer = client.post("/api/v1/tokens", json={"email": email, "password": f.PASSWORD})
    assert answer.status_code == 201, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def test_the_api_records_and_lists_meetings_for_the_group_only(app, client, network):
    oak = network["oak"]
    (ann_id, ann, _), (ben_id, *_), *_ = network["oak_people"]
    headers = token_for(client, ann)
    answer = client.post(f"/api/v1/groups/{oak}/meetings", headers=headers, json={
        "date": "2026-11-03", "online": True, "attended": [ann_id, ben_id], "agenda": AGENDA, "notes": NOTE,
        "next_date": "2026-12-15"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json() == {"id": answer.get_json()["id"], "date": "2026-11-03"}
    with app.app_context():
        meeting = db.session.get(Meeting, answer.get_json()["id"])
        fmt = formats.shipped_format("co-counselling")
        meetings.record_round(meeting.attendees[0], meeting, fmt, meeting.attendees[1], [fmt.phases[0].name])
        db.session.commit()
    listed = client.get(f"/api/v1/groups/{oak}/meetings", headers=headers).get_json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert item["attended"] == sorted([ann_id, ben_id]) and item["notes"] == NOTE and item["online"] is True
    assert item["rounds"][0]["format"] == "co-counselling" and item["rounds"][0]["phases"] == ["Contract"]
    # Nobody outside the group, and nobody without a token.
    outsider = token_for(client, network["elm_people"][0][1])
    assert client.get(f"/api/v1/groups/{oak}/meetings", headers=outsider).status_code == 403
    assert client.post(f"/api/v1/groups/{oak}/meetings", headers=outsider,
                       json={"date": "2026-11-04", "online": False, "attended": [ann_id]}).status_code == 403
    assert client.get(f"/api/v1/groups/{oak}/meetings").status_code == 401


@pytest.mark.parametrize("sent, field", [
    ({"date": "2026-11-03", "online": "yes", "attended": [1]}, "online"),
    ({"date": 20261103, "online": False, "attended": [1]}, "date"),
    ({"date": "2026-02-30", "online": False, "attended": [1]}, "date"),
    ({"date": "2026-11-03", "online": False, "attended": []}, "attended"),
    ({"date": "2026-11-03", "online": False, "attended": [True]}, "attended"),
    ({"date": "2026-11-03", "online": False, "attended": [2**40]}, "attended"),
    ({"date": "2026-11-03", "online": False, "attended": "1"}, "attended"),
    ({"date": "2026-11-03", "online": False, "attended": [1], "notes": 5}, "notes"),
    ({"date": "2026-11-03", "online": False, "attended": [1], "next_date": "2026-11-02"}, "next_date"),
])
def test_the_api_refuses_a_meeting_that_will_not_do(app, client, network, sent, field):
    headers = token_for(client, network["oak_people"][0][1])
    answer = client.post(f"/api/v1/groups/{network['oak']}/meetings", headers=headers, json=sent)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.query(Meeting).count() == 0


def test_the_shipped_formats_are_public(client):
    answer = client.get("/api/v1/formats").get_json()
    assert [f["slug"] for f in answer["items"]] == list(formats.ORDER)
    intervision = next(f for f in answer["items"] if f["slug"] == "intervision")
    assert {"name": "Clarification round", "minutes": 12, "rule": "Questions only, no advice."} in intervision["phases"]


def test_what_needs_me_shows_the_next_meeting_and_asks_to_record_a_missed_one(app, client, auth, network):
    oak = network["oak"]
    ann_id, ann, _ = network["oak_people"][0]
    with app.app_context():
        today = f.clock.today()
    auth.login(ann)
    assert "No meeting recorded yet" in client.get("/me").get_data(as_text=True)
    planned = today + dt.timedelta(days=20)
    record(client, oak, date=(today - dt.timedelta(days=22)).isoformat(), next_date=planned.isoformat(),
           attended=[str(ann_id)])
    page = client.get("/me").get_data(as_text=True)
    assert f"Next meeting: {planned.day} {planned:%B %Y}" in page and "Meetings to record" not in page
    # An older meeting recorded late, whose next date has passed, asks for nothing: the latest decides.
    missed = today - dt.timedelta(days=2)
    record(client, oak, date=(today - dt.timedelta(days=40)).isoformat(), next_date=missed.isoformat(),
           attended=[str(ann_id)])
    assert "Meetings to record" not in client.get("/me").get_data(as_text=True)
    # The latest meeting planned the next one for two days ago, and it is not recorded: a reminder,
    # with the form ready for that day; recording it ends the reminder.
    edit = client.post(f"/groups/{oak}/meetings/{latest_id(app)}/edit", data={
        "date": (today - dt.timedelta(days=22)).isoformat(), "online": "no", "attended": [str(ann_id)],
        "next_date": missed.isoformat(), "visiting": ""})
    assert edit.status_code == 302
    page = client.get("/me").get_data(as_text=True)
    assert "Meetings to record" in page and f"planned to meet on {missed.day} {missed:%B %Y}" in page
    assert f"/groups/{oak}/meetings/new?date={missed.isoformat()}" in page
    form = client.get(f"/groups/{oak}/meetings/new?date={missed.isoformat()}").get_data(as_text=True)
    assert f'value="{missed.isoformat()}"' in form
    record(client, oak, date=missed.isoformat(), next_date="", attended=[str(ann_id)])
    assert "Meetings to record" not in client.get("/me").get_data(as_text=True)

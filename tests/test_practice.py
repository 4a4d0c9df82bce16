"""Practice records and pathways through the pages (SPEC R19): a practitioner records practice
and names a peer, the peer attests it, the pathway follows, and its holder alone decides
whether the public sees it. Nothing of the records is public otherwise."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ipn import clock
from ipn.extensions import db
from ipn.models import PracticeRecord
from ipn.services import practice, proposals
from ipn.services.errors import Invalid
from ipn.states import PracticeState
from tests import factories as f
from tests.pages import text_of


@pytest.fixture
def people(app):
    """Ann is a member of a member group (accountable in the network); Tess teaches
    co-counselling; Tom trains with her; Cy is registered but no CCI member."""
    with app.app_context():
        group, members = f.member_group("Harbour Group")
        tess, tom, cy = f.person("Tess Teacher"), f.person("Tom Trainee"), f.person("Cy Stranger")
        db.session.commit()
        return {"ann": (members[0].id, members[0].email), "tess": (tess.id, tess.email),
                "tom": (tom.id, tom.email), "cy": (cy.id, cy.email)}


def login(client, auth, people, who):
    client.post("/logout")
    auth.login(people[who][1])


def record(client, find, attester_id, **fields):
    page = client.get(f"/practice/new?find={find}")
    assert page.status_code == 200
    data = {"find": find, "attester": attester_id, "kind": "cocounselling_training",
            "started": "2026-03-02", "ended": "2026-05-25", "hours": "40", "note": "Fundamentals course",
            **fields}
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    if token:
        data["csrf_token"] = token.group(1)
    return client.post("/practice/new", data=data)


def answer_all(client, answer="confirm"):
    page = client.get("/practice").get_data(as_text=True)
    for record_id in re.findall(r'action="/practice/(\d+)/attest"', page):
        assert client.post(f"/practice/{record_id}/attest", data={"answer": answer}).status_code == 302


def recognise_tess(client, auth, people):
    """Tess was a CCI member before the registry: Ann, accountable here, attests it."""
    login(client, auth, people, "tess")
    response = record(client, "Harbour", people["ann"][0], kind="prior_accreditation", pathway="cci-member",
                      hours="", started="2019-01-01", ended="2019-01-01", note="")
    assert response.status_code == 302, text_of(response)
    login(client, auth, people, "ann")
    answer_all(client)


def test_forty_attested_hours_complete_the_cci_pathway_which_the_trainee_shows_publicly(app, client, auth, people):
    recognise_tess(client, auth, people)
    login(client, auth, people, "tom")
    response = record(client, "Tess", people["tess"][0])
    assert response.status_code == 302
    page = text_of(client.get("/practice"))
    assert "Waiting for Tess Teacher to attest it." in page
    assert "0 of 40 hours, attested; 40 hours awaiting attestation" in page

    login(client, auth, people, "tess")
    needs = text_of(client.get("/me"))
    assert "Practice awaiting your attestation" in needs and "Tom Trainee asks you to attest" in needs
    answer_all(client)

    login(client, auth, people, "tom")
    page = text_of(client.get("/practice"))
    with app.app_context():
        today = clock.today()
    assert f"Completed on {today:%-d %B %Y}" in page
    assert "40 of 40 hours, attested" in page
    public = text_of(client.get(f"/practitioners/{people['tom'][0]}"))
    assert "pathway" not in public.lower()

    assert client.post("/practice/pathways/cci-member/shown", data={"show": "yes"}).status_code == 302
    client.post("/logout")
    public = text_of(client.get(f"/practitioners/{people['tom'][0]}"))
    assert (f"Completed the Co-Counselling International member pathway on {today:%-d %B %Y}"
            " Attested by Tess Teacher.") in public
    assert "Fundamentals course" not in public


def test_hours_from_a_teacher_who_is_no_cci_member_do_not_count_and_the_page_says_why(client, auth, people):
    login(client, auth, people, "tom")
    assert record(client, "Stranger", people["cy"][0]).status_code == 302
    login(client, auth, people, "cy")
    answer_all(client)
    login(client, auth, people, "tom")
    page = text_of(client.get("/practice"))
    assert "Not completed yet" in page
    assert "40 hours do not count: attested by Cy Stranger, who was not a Co-Counselling International member" in page
    assert client.post("/practice/pathways/cci-member/shown", data={"show": "yes"}).status_code == 302
    assert "Only a completed pathway can be shown." in text_of(client.get("/practice"))


def test_a_withdrawn_attestation_undoes_the_pathway_from_that_day(app, client, auth, people):
    recognise_tess(client, auth, people)
    login(client, auth, people, "tom")
    record(client, "Tess", people["tess"][0])
    client.post("/practice/pathways/cci-member/shown", data={"show": "yes"})
    login(client, auth, people, "tess")
    answer_all(client)
    login(client, auth, people, "tom")
    client.post("/practice/pathways/cci-member/shown", data={"show": "yes"})
    login(client, auth, people, "tess")
    with app.app_context():
        record_id = db.session.query(PracticeRecord.id).filter_by(practitioner_id=people["tom"][0]).scalar()
    assert client.post(f"/practice/{record_id}/withdraw").status_code == 302
    login(client, auth, people, "tom")
    page = text_of(client.get("/practice"))
    assert "Attested by Tess Teacher, withdrawn on" in page
    assert "0 of 40 hours, attested" in page and "Not completed yet" in page
    assert "Completed the" not in text_of(client.get(f"/practitioners/{people['tom'][0]}"))


def test_only_the_named_attester_answers_and_others_cannot_see_a_record(app, client, auth, people):
    login(client, auth, people, "tom")
    record(client, "Tess", people["tess"][0])
    with app.app_context():
        record_id = db.session.query(PracticeRecord.id).filter_by(practitioner_id=people["tom"][0]).scalar()
    assert client.post(f"/practice/{record_id}/attest", data={"answer": "confirm"}).status_code == 403
    login(client, auth, people, "cy")
    assert client.post(f"/practice/{record_id}/attest", data={"answer": "confirm"}).status_code == 404
    assert client.post(f"/practice/{record_id}/remove").status_code == 404
    assert "Tom Trainee" not in text_of(client.get("/practice"))
    with app.app_context():
        assert db.session.get(PracticeRecord, record_id).state == PracticeState.AWAITING
    client.post("/logout")
    assert client.get("/practice").status_code == 302


def test_an_attested_record_stays_but_an_unanswered_one_can_be_removed(app, client, auth, people):
    login(client, auth, people, "tom")
    record(client, "Tess", people["tess"][0])
    record(client, "Stranger", people["cy"][0], hours="3")
    login(client, auth, people, "cy")
    answer_all(client)
    login(client, auth, people, "tom")
    with app.app_context():
        rows = {r.attester_id: r.id for r in db.session.query(PracticeRecord).filter_by(practitioner_id=people["tom"][0])}
    assert client.post(f"/practice/{rows[people['cy'][0]]}/remove").status_code == 302
    assert "An attested record stays" in text_of(client.get("/practice"))
    assert client.post(f"/practice/{rows[people['tess'][0]]}/remove").status_code == 302
    with app.app_context():
        assert [r.attester_id for r in db.session.query(PracticeRecord).all()] == [people["cy"][0]]


@pytest.mark.parametrize("fields, field, message", [
    ({"started": "2099-01-01", "ended": "2099-01-02"}, "started", "Record practice that has begun."),
    ({"started": "2026-05-01", "ended": "2026-04-01"}, "ended", "The end comes on or after the beginning."),
    ({"hours": ""}, "hours", "Give the hours, or the number of sessions."),
    ({"hours": "-3"}, "hours", "Give the hours as a number from 0.25 to 5,000."),
    ({"sessions": "1.5", "hours": ""}, "sessions", "Not a valid integer value."),
    ({"kind": "client_work"}, "kind", "Not a valid choice."),
    ({"note": "x" * 501}, "note", "Keep the note to 500 characters."),
    ({"kind": "prior_accreditation", "pathway": "", "hours": ""}, "pathway", "Choose one of the pathways in force."),
])
def test_a_record_that_will_not_do_is_refused_beside_its_field_and_nothing_is_kept(
        app, client, auth, people, fields, field, message):
    login(client, auth, people, "tom")
    response = record(client, "Tess", people["tess"][0], **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in text_of(response)
    with app.app_context():
        assert db.session.query(PracticeRecord).count() == 0


def test_no_one_attests_their_own_practice(app, people):
    with app.app_context():
        from ipn.models import Practitioner
        tom = db.session.get(Practitioner, people["tom"][0])
        with pytest.raises(Invalid) as refused:
            practice.record(tom, "own_therapy", dt.date(2026, 1, 1), dt.date(2026, 2, 1), tom, sessions=5)
        assert refused.value.fields == {"attester": ["Name someone other than yourself."]}


def test_the_pathways_in_force_are_a_rule_only_a_ratified_proposal_changes(app):
    with app.app_context():
        settings = practice.facts.settings()
        assert settings.pathways == "balint-leader@1 cci-member@1"
        assert sorted(practice.in_force()) == ["balint-leader", "cci-member"]
        with pytest.raises(Invalid) as refused:
            proposals.check_consistent(settings.changed({"pathways": "cci-member@7"}))
        assert "cci-member@7 is not a pathway file here" in refused.value.fields["changes"][0]
        with pytest.raises(ValueError):
            settings.changed({"pathways": "cci-member@1 cci-member@2"})


def test_balint_rounds_a_group_recorded_count_for_those_who_came_attested_by_the_record(app):
    from ipn import formats
    from ipn.models import Practitioner
    from ipn.services import meetings

    with app.app_context():
        group, members = f.member_group("Balint Circle")
        balint = formats.shipped_format("balint")
        intervision = formats.shipped_format("intervision")
        came, absent = members[:4], members[4]
        for days_ago in (70, 28):
            meeting = meetings.save_meeting(members[0], group, clock.today() - dt.timedelta(days=days_ago), False, came)
            meetings.record_round(members[0], meeting, balint, came[1], [p.name for p in balint.phases])
            meetings.record_round(members[0], meeting, intervision, came[2], [p.name for p in intervision.phases])
        db.session.commit()
        hours = balint.minutes * 2 / 60
        progress = {p.pathway.slug: p for p in practice.progress(db.session.get(Practitioner, came[3].id))}
        participation = progress["balint-leader"].criteria[0]
        assert participation.detail == f"{hours:g} of 120 hours, attested"
        absent_progress = {p.pathway.slug: p for p in practice.progress(db.session.get(Practitioner, absent.id))}
        assert absent_progress["balint-leader"].criteria[0].detail == "0 of 120 hours, attested"

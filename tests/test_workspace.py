"""The practitioners' pages through the test client: who may reach them, what they show, and
forms that refuse what is typed with a message next to the field, losing nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Link, Notification, Practitioner, StandBy, Statement
from ipn.services import links, stand_bys, statements
from tests import factories as f
from tests.pages import text_of


@dataclass
class Net:
    river: str  # slugs
    hill: str
    oak: str
    river_people: list[str]  # emails
    hill_people: list[str]
    outsider: str
    river_ids: list[int]
    outsider_id: int
    link_id: int  # River-Hill, active
    proposal_id: int  # Oak proposes to River


@pytest.fixture
def net(app) -> Net:
    """River and Hill are linked member groups; Oak has proposed a link to River."""
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        link = f.link(river, hill)
        proposal = links.propose_link(oak[1][0], oak[0], river[0])
        outsider = f.person("Olive Outsider")
        db.session.commit()
        return Net(river[0].slug, hill[0].slug, oak[0].slug, [p.email for p in river[1]], [p.email for p in hill[1]],
                   outsider.email, [p.id for p in river[1]], outsider.id, link.id, proposal.id)




def post_urls(n: Net) -> list[str]:
    river, rid = f"/groups/{n.river}", n.river_ids[1]
    return [
        f"{river}/workspace/stand-by/{rid}",
        f"{river}/workspace/withdraw/{rid}",
        f"{river}/workspace/invite",
        f"{river}/workspace/invite-person",
        f"{river}/workspace/open",
        f"{river}/workspace/leave",
        f"{river}/workspace/dissolve",
        f"{river}/statement",
        f"{river}/statement/endorse",
        f"{river}/links/propose",
        f"{river}/links/{n.proposal_id}/accept",
        f"{river}/links/{n.proposal_id}/decline",
        f"{river}/links/{n.link_id}/end",
        f"{river}/links/{n.link_id}/visit",
    ]


WORKSPACE_POSTS = range(14)


@pytest.mark.parametrize("which", WORKSPACE_POSTS)
def test_someone_outside_the_group_cannot_use_any_workspace_action(app, client, auth, net, which):
    auth.login(net.outsider)
    url = post_urls(net)[which]
    response = client.post(url, data={"reason": "x", "email": net.hill_people[0], "practitioner_id": net.outsider_id,
                                      "open": "yes", "text": "Ours now", "version": "x", "partner_id": 1,
                                      "date": "2025-01-01", "outcome": "validated", "visitors": net.outsider_id})
    assert response.status_code == 403, url
    assert "You cannot do that here" in text_of(response)
    with app.app_context():
        river = db.session.scalar(db.select(Group).where(Group.slug == net.river))
        assert river.status == "member" and not river.open_to_new_members
        assert db.session.scalar(db.select(db.func.count(StandBy.id)).where(StandBy.withdrawn_at.is_not(None))) == 0


@pytest.mark.parametrize("page", ["workspace", "statement", "links", "workspace/leave", "workspace/dissolve"])
def test_someone_outside_the_group_cannot_see_its_private_pages(client, auth, net, page):
    auth.login(net.outsider)
    assert client.get(f"/groups/{net.river}/{page}").status_code == 403


def test_pages_need_login(client, net):
    response = client.get(f"/groups/{net.river}/workspace")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/me").status_code == 302


def test_workspace_shows_people_matrix_and_criteria(client, auth, net):
    auth.login(net.river_people[0])
    page = text_of(client.get(f"/groups/{net.river}/workspace"))
    assert "River Group Person 3" in page
    assert "Member since" in page
    assert "Who stands by whom" in page
    assert "Validated links" in page and "Go to links and visits" in page


def test_withdrawing_needs_a_reason_and_keeps_what_was_typed(client, auth, net):
    auth.login(net.river_people[0])
    url = f"/groups/{net.river}/workspace/withdraw/{net.river_ids[1]}"
    response = client.post(url, data={"reason": "   "})
    assert response.status_code == 422
    assert "Say why you withdraw" in text_of(response)
    long = "x" * 2001
    response = client.post(url, data={"reason": long})
    assert response.status_code == 422 and long in response.get_data(as_text=True)
    assert "Keep the reason to 2000 characters" in text_of(response)


def test_withdrawal_shows_in_the_matrix_with_its_reason_and_the_group_loses_status(app, client, auth, net):
    auth.login(net.river_people[0])
    response = client.post(f"/groups/{net.river}/workspace/withdraw/{net.river_ids[1]}",
                           data={"reason": "We need to talk <b>first</b>"}, follow_redirects=True)
    page = text_of(response)
    assert "You have withdrawn your stand-by" in page
    assert "Withdrawn" in page and "We need to talk <b>first</b>" in response.get_data(as_text=True).replace("&lt;", "<").replace("&gt;", ">")
    assert "<b>first</b>" not in response.get_data(as_text=True)
    assert "Forming" in page
    # The fix is one click away, in the criteria panel and the matrix.
    response = client.post(f"/groups/{net.river}/workspace/stand-by/{net.river_ids[1]}", follow_redirects=True)
    assert "You now stand by River Group Person 2" in text_of(response)
    with app.app_context():
        assert db.session.scalar(db.select(Group.status).where(Group.slug == net.river)) == "member"


def test_withdrawal_reasons_are_not_on_the_public_page_or_for_outsiders(client, auth, net):
    auth.login(net.river_people[0])
    client.post(f"/groups/{net.river}/workspace/withdraw/{net.river_ids[1]}", data={"reason": "private matter"})
    auth.logout()
    auth.login(net.outsider)
    for url in (f"/groups/{net.river}", f"/groups/{net.river}/workspace", "/me"):
        assert "private matter" not in client.get(url).get_data(as_text=True)


def test_founding_a_group_with_a_taken_name_says_so_next_to_the_name(client, auth, net):
    auth.login(net.outsider)
    response = client.post("/groups/new", data={"name": "river group", "region": "Leeds"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html and "A group with that name already exists" in html
    assert 'value="Leeds"' in html
    response = client.post("/groups/new", data={"name": "", "region": ""})
    assert "Give the group a name." in text_of(response)
    response = client.post("/groups/new", data={"name": "Willow Group", "region": "Leeds"}, follow_redirects=True)
    assert "You founded Willow Group" in text_of(response)
    assert "Invite someone" in text_of(response)


def test_inviting_by_email_and_by_name_never_shows_emails(app, client, auth, net):
    auth.login(net.river_people[0])
    response = client.post(f"/groups/{net.river}/workspace/invite", data={"email": "nobody@example.org"})
    assert response.status_code == 422
    assert "No one has registered with that address" in text_of(response)
    assert 'value="nobody@example.org"' in response.get_data(as_text=True)
    response = client.post(f"/groups/{net.river}/workspace/invite", data={"email": "not an email"})
    assert "Enter an email address" in text_of(response)
    response = client.get(f"/groups/{net.river}/workspace?find=olive")
    assert "Olive Outsider" in text_of(response) and net.outsider not in response.get_data(as_text=True)
    response = client.post(f"/groups/{net.river}/workspace/invite-person", data={"practitioner_id": net.outsider_id},
                           follow_redirects=True)
    assert "Olive Outsider is invited" in text_of(response)
    response = client.post(f"/groups/{net.river}/workspace/invite", data={"email": net.outsider},
                           follow_redirects=True)
    assert "already has an invitation" in text_of(response)
    auth.logout()
    auth.login(net.outsider)
    page = text_of(client.get("/me"))
    assert "Invitations to answer" in page and "River Group" in page


def test_what_needs_me_lists_proposals_and_visits_owed_and_answers_them(app, client, auth, net):
    auth.login(net.river_people[0])
    page = text_of(client.get("/me"))
    assert "Link proposals to answer" in page and "Oak Group" in page
    assert "Visits your groups owe" in page and "Hill Group" in page
    response = client.post(f"/groups/{net.river}/links/{net.proposal_id}/accept", follow_redirects=True)
    assert "You have accepted the link with Oak Group" in text_of(response)
    assert "Link proposals to answer" not in text_of(client.get("/me"))


def test_someone_with_nothing_to_do_is_told_kindly_with_next_steps(client, auth, net):
    auth.login(net.outsider)
    page = text_of(client.get("/me"))
    assert "You are not in a group yet" in page and "What to do first" in page
    assert "Found a group" in page and "Find a group open to new members" in page


def test_recording_a_visit_refuses_a_future_date_and_a_bad_outcome_and_keeps_the_note(app, client, auth, net):
    auth.login(net.river_people[0])
    url = f"/groups/{net.river}/links/{net.link_id}/visit"
    assert client.get(url).status_code == 200
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    response = client.post(url, data={"date": tomorrow, "visitors": net.river_ids[0], "outcome": "validated",
                                      "note": "A warm meeting"})
    assert response.status_code == 422
    page = text_of(response)
    assert "A visit cannot be dated in the future." in page and "A warm meeting" in page
    response = client.post(url, data={"date": "2025-01-01", "visitors": net.river_ids[0], "outcome": "splendid",
                                      "note": "A warm meeting"})
    assert response.status_code == 422 and "Not a valid choice" in text_of(response)
    response = client.post(url, data={"date": "yesterday", "outcome": "validated"})
    assert response.status_code == 422
    assert "Not a valid date value." in text_of(response) and "Tick at least one person who went." in text_of(response)
    response = client.post(url, data={"date": "2025-01-01", "visitors": net.outsider_id, "outcome": "validated"})
    assert response.status_code == 422 and "Tick only members of your group" in text_of(response)
    response = client.post(url, data={"date": clock.today().isoformat(), "visitors": net.river_ids[:2],
                                      "outcome": "validated", "note": "A warm meeting"}, follow_redirects=True)
    page = text_of(response)
    assert "River Group validated Hill Group" in page
    assert "counts until" in page and "A warm meeting" in page


def test_ending_a_link_needs_a_reason(app, client, auth, net):
    auth.login(net.river_people[0])
    url = f"/groups/{net.river}/links/{net.link_id}/end"
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 422 and "Say why the link ends." in text_of(response)
    response = client.post(url, data={"reason": "We are moving apart"}, follow_redirects=True)
    assert "The link with Hill Group has ended" in text_of(response)
    assert "We are moving apart" in text_of(response)


def test_proposing_a_link_finds_member_groups_by_name_or_region(app, client, auth, net):
    with app.app_context():
        ash = f.member_group("Ash Group", region="Cornwall")
        db.session.commit()
        ash_id = ash[0].id
    auth.login(net.river_people[0])
    page = text_of(client.get(f"/groups/{net.river}/links?find=cornwall"))
    assert "Ash Group" in page and "Propose a link" in page
    response = client.post(f"/groups/{net.river}/links/propose", data={"partner_id": ash_id}, follow_redirects=True)
    assert "You have proposed a link to Ash Group" in text_of(response)
    response = client.post(f"/groups/{net.river}/links/propose", data={"partner_id": ash_id}, follow_redirects=True)
    assert "already have a link" in text_of(response)


def test_a_statement_draft_is_previewed_safely_saved_endorsed_and_compared(app, client, auth, net):
    auth.login(net.river_people[0])
    url = f"/groups/{net.river}/statement"
    text = "# Our stance\n\nWe *listen*.\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post(url, data={"text": text, "preview": "Preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview (not saved yet)" in html and "<em>listen</em>" in html
    assert "<script>alert" not in html and 'href="javascript' not in html
    with app.app_context():
        assert statements.current_draft(db.session.scalar(db.select(Group).where(Group.slug == net.river))) is None
    response = client.post(url, data={"text": "", "save": "Save the draft"})
    assert response.status_code == 422 and "Write the statement before saving it." in text_of(response)
    response = client.post(url, data={"text": "We listen.\nWe meet monthly.", "save": "Save the draft"},
                           follow_redirects=True)
    assert "The draft is saved" in text_of(response)
    assert "Endorsements: 0 of 5 members" in text_of(response)
    version = re.search(r'name="version" type="hidden" value="([0-9a-f]+)"', response.get_data(as_text=True)).group(1)
    # Someone else changes the draft meanwhile: an endorsement of the old text is refused.
    with app.app_context():
        river = db.session.scalar(db.select(Group).where(Group.slug == net.river))
        other = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net.river_people[1]))
        statements.edit_statement(other, statements.current_draft(river), "We listen.\nWe meet every month.")
        db.session.commit()
    response = client.post(f"{url}/endorse", data={"version": version}, follow_redirects=True)
    assert "The draft changed after you opened it" in text_of(response)
    response = client.post(url, data={"text": "Mine", "version": version, "save": "Save the draft"})
    assert "Someone changed the draft while you were writing" in text_of(response) and "Mine" in text_of(response)
    with app.app_context():
        river = db.session.scalar(db.select(Group).where(Group.slug == net.river))
        people = [db.session.scalar(db.select(Practitioner).where(Practitioner.email == e)) for e in net.river_people]
        draft = statements.current_draft(river)
        for person in people[1:]:
            statements.endorse(person, draft)
        db.session.commit()
    page = client.get(url)
    version = re.search(r'name="version" type="hidden" value="([0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(f"{url}/endorse", data={"version": version}, follow_redirects=True)
    assert "Your endorsement was the last one" in text_of(response)
    with app.app_context():
        versions = db.session.scalars(db.select(Statement).join(Group).where(Group.slug == net.river)
                                      .order_by(Statement.id)).all()
        old, new = versions[0].id, versions[1].id
    page = client.get(f"{url}/compare?old={old}&new={new}")
    assert page.status_code == 200
    words = text_of(page)
    assert "Added: We meet every month." in words and "Removed:" in words
    assert client.get(f"{url}/compare?old={old}&new=999999").status_code == 404


def test_joining_members_cannot_draft_or_record_visits(app, client, auth, net):
    with app.app_context():
        river = db.session.scalar(db.select(Group).where(Group.slug == net.river))
        founder = db.session.get(Practitioner, net.river_ids[0])
        newcomer = db.session.get(Practitioner, net.outsider_id)
        f.join(river, founder, newcomer)
        db.session.commit()
    auth.login(net.outsider)
    page = text_of(client.get(f"/groups/{net.river}/workspace"))
    assert "You are joining River Group" in page
    assert "Stand by River Group Person 1" in page
    assert client.post(f"/groups/{net.river}/statement", data={"text": "x", "save": "Save"}).status_code == 403
    assert client.get(f"/groups/{net.river}/links/{net.link_id}/visit").status_code == 403


def test_notifications_are_listed_and_marked_read(app, client, auth, net):
    auth.login(net.river_people[0])
    html = client.get("/me").get_data(as_text=True)
    assert 'class="nav-count"' in html
    page = client.get("/notifications")
    assert "unread" in text_of(page)
    with app.app_context():
        mine = db.session.scalars(db.select(Notification).where(Notification.practitioner_id == net.river_ids[0])).all()
        other = db.session.scalar(db.select(Notification).where(Notification.practitioner_id != net.river_ids[0]))
        first, count = mine[0].id, len(mine)
    assert client.post(f"/notifications/{other.id}/read").status_code == 404
    client.post(f"/notifications/{first}/read")
    with app.app_context():
        assert db.session.get(Notification, first).read_at is not None
        assert db.session.get(Notification, other.id).read_at is None
    response = client.post("/notifications/read", follow_redirects=True)
    assert "All read" in text_of(response)
    assert 'class="nav-count"' not in response.get_data(as_text=True)
    assert count > 1


def test_leaving_and_agreeing_to_dissolve_ask_first(app, client, auth, net):
    auth.login(net.river_people[4])
    assert "Leave River Group?" in text_of(client.get(f"/groups/{net.river}/workspace/leave"))
    response = client.post(f"/groups/{net.river}/workspace/dissolve", follow_redirects=True)
    assert "Your agreement to dissolve River Group is recorded" in text_of(response)
    assert "Agreed to dissolve: River Group Person 5 (1 of 5 members)" in text_of(response)
    response = client.post(f"/groups/{net.river}/workspace/leave", follow_redirects=True)
    assert "You have left River Group" in text_of(response)
    assert client.get(f"/groups/{net.river}/workspace").status_code == 403


def test_the_open_switch(app, client, auth, net):
    auth.login(net.river_people[0])
    response = client.post(f"/groups/{net.river}/workspace/open", data={"open": "yes"}, follow_redirects=True)
    assert "is now listed as open to new members" in text_of(response)
    assert client.post(f"/groups/{net.river}/workspace/open", data={"open": "maybe"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(Group.open_to_new_members).where(Group.slug == net.river)) is True


def test_a_group_called_new_gets_an_address_of_its_own(client, auth, make_practitioner):
    make_practitioner(email="nina@example.org")
    auth.login("nina@example.org")
    response = client.post("/groups/new", data={"name": "New", "region": ""})
    assert response.headers["Location"] == "/groups/new-2/workspace"
    assert "New" in text_of(client.get("/groups/new-2/workspace"))


def test_ids_too_large_for_any_row_are_not_found_rather_than_errors(client, auth, net):
    auth.login(net.river_people[0])
    big, river = 10**20, f"/groups/{net.river}"
    for url, data in [(f"{river}/workspace/stand-by/{big}", {}), (f"{river}/workspace/withdraw/{big}", {}),
                      (f"{river}/workspace/invite-person", {"practitioner_id": big}),
                      (f"{river}/links/propose", {"partner_id": big}), (f"{river}/links/{big}/end", {}),
                      (f"/notifications/{big}/read", {}), (f"/invitations/{big}/accept", {})]:
        assert client.post(url, data=data).status_code == 404, url


def test_withdrawal_reasons_and_visit_notes_are_for_members_not_for_those_joining(app, client, auth, net):
    with app.app_context():
        river = db.session.scalar(db.select(Group).where(Group.slug == net.river))
        first = db.session.get(Practitioner, net.river_ids[0])
        newcomer = f.person("Nia Newcomer")
        f.join(river, first, newcomer)
        stand_bys.withdraw_stand_by(first, river, db.session.get(Practitioner, net.river_ids[1]), "private matter")
        link = db.session.get(Link, net.link_id)
        hill_member = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net.hill_people[0]))
        links.record_visit(hill_member, link, river, clock.today(), "validated", note="a private visit note")
        db.session.commit()
        newcomer_email = newcomer.email
    auth.login(newcomer_email)
    assert "Withdrawn" in text_of(client.get(f"/groups/{net.river}/workspace"))
    assert "private matter" not in client.get(f"/groups/{net.river}/workspace").get_data(as_text=True)
    assert "a private visit note" not in client.get(f"/groups/{net.river}/links").get_data(as_text=True)
    auth.logout()
    auth.login(net.river_people[2])
    assert "private matter" in client.get(f"/groups/{net.river}/workspace").get_data(as_text=True)
    assert "a private visit note" in client.get(f"/groups/{net.river}/links").get_data(as_text=True)

"""What needs me, as practitioners on the way in see it: a newcomer, someone joining a group,
the founder of a new group, members of groups still becoming full members, and members of a
group a concern has reached. Through the test client, on both databases."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Practitioner
from ipn.services import concerns, groups, stand_bys
from tests import factories as f
from tests.pages import text_of

CONCERNED_EMAIL = "worried.client@example.org"




def section(response, heading_id: str) -> str:
    """The words of the /me section whose heading has this id ("" when there is none)."""
    html = response.get_data(as_text=True)
    match = re.search(r'<section[^>]*aria-labelledby="' + re.escape(heading_id) + r'".*?</section>', html, re.S)
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())) if match else ""


# --- A newcomer -------------------------------------------------------------------------------


def test_a_new_sign_up_lands_on_what_needs_me_told_what_to_do_first(client):
    response = client.post("/register", data={
        "name": "Ada Lovelace", "email": "ada@example.org", "password": "a long enough passphrase",
        "password_confirm": "a long enough passphrase", "region": "Bristol", "practice": "",
    }, follow_redirects=True)
    assert response.request.path == "/me"
    page = text_of(response)
    assert "Welcome to the network, Ada Lovelace" in page
    assert "What to do first" in page
    assert "Found a group" in page and "Find a group open to new members" in page
    assert "Tick “looking for a group” on your profile" in page
    assert "up to date" not in page


def test_the_page_heading_says_what_the_menu_says(client, auth, make_practitioner):
    make_practitioner(email="kim@example.org")
    auth.login("kim@example.org")
    html = client.get("/me").get_data(as_text=True)
    assert re.search(r"<h1>What needs me</h1>", html)
    assert ">What needs me" in html.split("<main", 1)[0]  # the navigation


# --- Someone joining --------------------------------------------------------------------------


def joining_river(app) -> dict:
    """River Group: three members (Will, Mia, Sam) who stand by each other, a statement not
    needed here; Jo joins, then Ann joins too. Will already stands by Jo."""
    with app.app_context():
        will, mia, sam = f.person("Will Treloar"), f.person("Mia Hart"), f.person("Sam Reed")
        jo, ann = f.person("Jo Newman"), f.person("Ann Other")
        river = groups.found_group(will, "River Group", "Bristol")
        f.join(river, will, mia)
        f.stand_by_all(river, [will, mia])
        f.join(river, will, sam)
        f.stand_by_all(river, [will, mia, sam])
        f.join(river, will, jo)
        f.join(river, will, ann)
        stand_bys.stand_by(will, river, jo)
        db.session.commit()
        return {"slug": river.slug, "jo": jo.email, "will": will.email,
                "ids": {p.name: p.id for p in (will, mia, sam, jo, ann)}}


def test_someone_joining_is_told_whom_they_wait_for_and_whom_they_still_stand_by(app, client, auth):
    river = joining_river(app)
    auth.login(river["jo"])
    response = client.get("/me")
    joining = section(response, f"joining-{river['slug']}-title")
    assert "Waiting for Mia Hart and Sam Reed to stand by you" in joining
    assert "Will Treloar" not in joining.split("You still need")[0]  # Will already stands by Jo
    assert "You still need to stand by Mia Hart, Sam Reed and Will Treloar, members of the group" in joining
    # Standing by another joining person is offered after, as optional.
    members_part, optional_part = joining.split("optional", 1)
    assert "Ann Other" not in members_part and "You may also stand by Ann Other" in optional_part
    assert "It does not change when you become a member" in optional_part
    # Jo's stand-bys are not listed twice.
    assert section(response, "standbys-title") == ""


def test_the_joining_step_follows_what_people_do(app, client, auth):
    river = joining_river(app)
    auth.login(river["jo"])
    for name in ("Will Treloar", "Mia Hart", "Sam Reed"):
        response = client.post(f"/groups/{river['slug']}/workspace/stand-by/{river['ids'][name]}",
                               follow_redirects=True)
        assert f"You now stand by {name}" in text_of(response)
    joining = section(client.get("/me"), f"joining-{river['slug']}-title")
    assert "You still need to stand by" not in joining
    assert "You stand by every member: nothing more is needed from you" in joining
    assert "Waiting for Mia Hart and Sam Reed to stand by you" in joining
    page = text_of(client.get("/me"))
    assert "you are waiting for others to stand by you" in page and "up to date" not in page
    # The last members stand by Jo: Jo is a member and the joining step is gone.
    with app.app_context():
        group = db.session.scalar(db.select(Group).where(Group.slug == river["slug"]))
        jo = db.session.get(Practitioner, river["ids"]["Jo Newman"])
        for name in ("Mia Hart", "Sam Reed"):
            stand_bys.stand_by(db.session.get(Practitioner, river["ids"][name]), group, jo)
        db.session.commit()
        assert groups.stay_of(group, jo).member_since is not None
    assert section(client.get("/me"), f"joining-{river['slug']}-title") == ""


def test_the_workspace_tells_someone_joining_the_same_next_step(app, client, auth):
    river = joining_river(app)
    auth.login(river["jo"])
    response = client.get(f"/groups/{river['slug']}/workspace")
    step = section(response, "next-title")
    assert "Your next step" in step
    assert "Waiting for Mia Hart and Sam Reed to stand by you" in step
    assert "You still need to stand by Mia Hart, Sam Reed and Will Treloar" in step
    assert step.index("Will Treloar, members") < step.index("You may also stand by Ann Other")


def test_the_matrix_marks_the_gaps_that_keep_someone_joining(app, client, auth):
    river = joining_river(app)
    auth.login(river["will"])
    html = client.get(f"/groups/{river['slug']}/workspace").get_data(as_text=True)
    cells = re.findall(r'<td class="cell ([^"]*)">(.*?)</td>', html, re.S)
    blocking = [" ".join(re.sub(r"<[^>]+>", " ", body).split()) for classes, body in cells
                if "cell-holds-back" in classes]
    # Mia and Sam do not stand by Jo or Ann; Will does not stand by Ann; Jo and Ann stand by no member.
    assert len(blocking) == 2 + 2 + 1 + 3 + 3
    assert any("Mia Hart → Jo Newman" in c and "keeps Jo Newman joining" in c for c in blocking)
    assert any("Jo Newman → Will Treloar" in c and "keeps Jo Newman joining" in c for c in blocking)
    # Between two people joining nothing is held back: those cells are plain gaps.
    assert not any("Jo Newman → Ann Other" in c or "Ann Other → Jo Newman" in c for c in blocking)
    assert any("Jo Newman → Ann Other" in body for classes, body in cells if "cell-holds-back" not in classes)
    page = text_of(client.get(f"/groups/{river['slug']}/workspace"))
    assert "11 missing stand-bys between members and people joining keep them from becoming members" in page


# --- Groups on their way ----------------------------------------------------------------------


def test_a_founder_is_told_what_the_new_group_needs_never_that_it_is_up_to_date(client, auth, make_practitioner):
    make_practitioner(name="Rhea Founder", email="rhea@example.org")
    auth.login("rhea@example.org")
    response = client.post("/groups/new", data={"name": "Willow Group", "region": "Leeds"}, follow_redirects=True)
    assert "You founded Willow Group" in text_of(response)
    response = client.get("/me")
    page = text_of(response)
    assert "up to date" not in page and "Nothing needs you" not in page
    steps = section(response, "group-steps-title")
    assert "Willow Group has 1 member; 5 are needed: invite people." in steps
    assert 'href="/groups/willow-group/workspace#invite"' in response.get_data(as_text=True)
    # The statement can be drafted while the group gathers its members.
    assert "Draft Willow Group’s ethical statement" in steps
    assert steps.index("invite people") < steps.index("Draft Willow Group’s")


def test_members_whose_group_waits_for_those_joining_are_sent_to_the_matrix(app, client, auth):
    river = joining_river(app)
    auth.login(river["will"])
    response = client.get("/me")
    steps = section(response, "group-steps-title")
    assert "River Group has 3 members and 2 joining; 5 members are needed" in steps
    assert "invite people" not in steps
    assert 'href="/groups/river-group/workspace#matrix"' in response.get_data(as_text=True)


def test_each_group_is_told_its_next_step_from_its_criteria(app, client, auth):
    with app.app_context():
        forming = f.forming_group("Ash Group")  # five members, no statement
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        elm = f.member_group("Elm Group")
        f.link(river, hill)
        f.link(river, oak)
        db.session.commit()
        emails = {"ash": forming[1][1].email, "river": river[1][2].email, "elm": elm[1][0].email}
    auth.login(emails["ash"])
    response = client.get("/me")
    assert "Draft Ash Group’s ethical statement" in section(response, "group-steps-title")
    assert 'href="/groups/ash-group/statement#draft"' in response.get_data(as_text=True)
    auth.logout()
    auth.login(emails["elm"])
    steps = section(client.get("/me"), "group-steps-title")
    assert "Propose links to other member groups: Elm Group has 0 of the 2" in steps
    auth.logout()
    auth.login(emails["river"])
    response = client.get("/me")
    assert "Ask a link group to visit River Group" in section(response, "group-steps-title")
    assert "up to date" not in text_of(response)


def test_a_full_member_group_has_no_next_step_and_its_members_are_up_to_date(app, client, auth):
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        for partner in (hill, oak):
            link = f.link(river, partner)
            f.validate(link, partner, river[0])
            f.validate(link, river, partner[0])
        db.session.commit()
        assert f.reload(river[0]).status == "full_member"
        email = river[1][3].email
    auth.login(email)
    response = client.get("/me")
    assert section(response, "group-steps-title") == ""
    assert "your groups are full member groups, up to date" in text_of(response)


# --- Concerns ---------------------------------------------------------------------------------


def test_members_see_concerns_awaiting_their_group_first_with_the_time_before_escalation(app, client, auth):
    with app.app_context():
        river = f.member_group("River Group")
        newcomer = f.person("Jo Newman")
        f.join(river[0], river[1][0], newcomer)
        concerns.raise_concern(about_practitioner=river[1][2], name="Pat Client", email=CONCERNED_EMAIL,
                               text="Something worries me.")
        db.session.commit()
        member, joining, responder = river[1][0].email, newcomer.email, river[1][1].email
        raised = clock.today()
    auth.login(member)
    response = client.get("/me")
    html = response.get_data(as_text=True)
    awaiting = section(response, "concerns-title")
    assert "Concerns awaiting your group’s response 1" in awaiting
    assert "A concern about River Group Person 3 , raised with River Group on" in awaiting
    escalates = raised + dt.timedelta(weeks=8)
    assert f"link groups in 8 weeks ({escalates.day} {escalates:%b %Y})" in awaiting
    assert 'href="/groups/river-group/concerns"' in html
    assert CONCERNED_EMAIL not in html and "Pat Client" not in html
    # It comes before everything else on the page.
    assert html.index('aria-labelledby="concerns-title"') < html.index('class="card need"', html.index("needs-main"))
    auth.logout()
    # Someone still joining is not asked to respond for the group.
    auth.login(joining)
    assert section(client.get("/me"), "concerns-title") == ""
    auth.logout()
    # Once the group responds, it no longer waits.
    with app.app_context():
        concern = db.session.scalar(db.select(concerns.Concern))
        concerns.respond(db.session.scalar(db.select(Practitioner).where(Practitioner.email == responder)),
                         concern, "We have met and are talking with them.")
        db.session.commit()
    auth.login(member)
    assert section(client.get("/me"), "concerns-title") == ""


def test_the_escalation_countdown_follows_the_setting(app, client, auth):
    app.config["CONCERN_ESCALATE_AFTER_WEEKS"] = 2
    with app.app_context():
        river = f.member_group("River Group")
        concerns.raise_concern(about_group=river[0], name="Pat Client", email=CONCERNED_EMAIL, text="Worried.")
        db.session.commit()
        member = river[1][0].email
    auth.login(member)
    awaiting = section(client.get("/me"), "concerns-title")
    assert "A concern about River Group , raised with River Group on" in awaiting
    assert "link groups in 2 weeks" in awaiting
    assert "2 weeks after it was raised" in awaiting


def test_recording_a_visit_says_plainly_who_has_been_told(app, client, auth):
    with app.app_context():
        river, hill = f.member_group("River Group"), f.member_group("Hill Group")
        link = f.link(river, hill)
        db.session.commit()
        email, link_id, river_id = river[1][0].email, link.id, river[1][0].id
    auth.login(email)
    response = client.post(f"/groups/river-group/links/{link_id}/visit",
                           data={"date": clock.today().isoformat(), "outcome": "validated",
                                 "visitors": river_id, "note": ""}, follow_redirects=True)
    page = text_of(response)
    assert "The visit is recorded: River Group validated Hill Group. Everyone in Hill Group has been told." in page

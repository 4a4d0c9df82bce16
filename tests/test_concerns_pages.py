"""Concerns (SPEC R15) as pages: a member of the public raises one from a practitioner's or a
group's page; it reaches privately the members of the group concerned, who respond; its raiser
follows it through a private link and can say it is not resolved, which takes it to the link
groups. Never public; the raiser's email never appears on any page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from ipn.extensions import db
from ipn.models import Concern, Notification, Place, Practitioner
from tests import factories as f
from tests.axe import audit
from tests.browsing import (
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    fits,
)
from tests.pages import text_of
from tests.redis_server import redis_server, redis_url  # noqa: F401  (fixtures)

SECRET_EMAIL = "worried.client.7f3a@example.org"
WORDS = "In our third session my counsellor took a phone call and talked about another client by name."


@dataclass
class Net:
    river: str  # slugs
    hill: str
    oak: str
    river_people: list[str]  # emails
    hill_people: list[str]
    oak_people: list[str]
    joining: str  # joining River, not yet stood by everyone
    about_id: int  # a member of River
    loner_id: int  # in no group


@pytest.fixture
def net(app) -> Net:
    """River and Hill are linked; Oak is not linked to River. Someone is joining River."""
    with app.app_context():
        river, hill, oak = (f.member_group(name) for name in ("River Group", "Hill Group", "Oak Group"))
        f.link(river, hill)
        joining = f.person("Jo Joining")
        from ipn.services import invitations

        invitations.accept_invitation(joining, invitations.invite(river[1][0], river[0], joining))
        loner = f.person("Lee Loner")
        db.session.commit()
        return Net(river[0].slug, hill[0].slug, oak[0].slug, [p.email for p in river[1]],
                   [p.email for p in hill[1]], [p.email for p in oak[1]], joining.email, river[1][2].id, loner.id)




def raise_one(client, about: str, text: str = WORDS, **extra):
    return client.post(f"/concerns/new?{about}",
                       data={"name": "Sam Client", "email": SECRET_EMAIL, "text": text, **extra})


def follow_path(response) -> str:
    assert response.status_code == 302, response.status_code
    path = response.headers["Location"]
    assert path.startswith("/concerns/follow/c_")
    return path


def notified(app, email: str) -> list[str]:
    """The concern pages this person has been told about."""
    with app.app_context():
        person = db.session.scalar(db.select(Practitioner).where(Practitioner.email == email))
        told = db.session.scalars(db.select(Notification).where(Notification.practitioner_id == person.id,
                                                                Notification.place == Place.CONCERNS))
        return [f"/groups/{n.group.slug}/concerns" for n in told]


def respond_once(app, client, auth, email: str, slug: str, text: str = "We have met and talked it through.") -> None:
    """A member of the group responds, so that its raiser has something to judge (R15)."""
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id).order_by(Concern.id.desc()))
    auth.login(email)
    assert client.post(f"/groups/{slug}/concerns/{concern_id}/responses",
                       data={f"concern-{concern_id}-text": text}).status_code == 302
    auth.logout()


def concern_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Concern.id)))


def test_a_concern_about_a_practitioner_reaches_their_group_and_nobody_else(app, client, auth, net):
    form = client.get(f"/concerns/new?practitioner={net.about_id}")
    assert form.status_code == 200
    assert "Raise a concern about River Group Person 3" in text_of(form)

    confirmation = client.get(follow_path(raise_one(client, f"practitioner={net.about_id}")))
    page = text_of(confirmation)
    assert "Thank you. Your concern has been received." in page
    assert "this link is the only way back" in page
    assert re.search(r"http://localhost/concerns/follow/c_[\w-]{40,}", page)
    assert "Your concern about River Group Person 3 has been passed on privately" in page
    # The person it is about is named; the group their concern reached is not.
    assert "River" not in page.replace("River Group Person 3", "") and SECRET_EMAIL not in page
    assert confirmation.headers["Cache-Control"] == "no-store"

    assert f"/groups/{net.river}/concerns" in notified(app, net.river_people[0])
    assert notified(app, net.hill_people[0]) == [] and notified(app, net.oak_people[0]) == []

    auth.login(net.river_people[1])
    listing = client.get(f"/groups/{net.river}/concerns")
    assert listing.status_code == 200
    words = text_of(listing)
    assert "About River Group Person 3, from Sam Client" in words and WORDS in words
    assert "Awaiting a response" in words and SECRET_EMAIL not in listing.get_data(as_text=True)
    # The workspace's tabs lead here, with the count of concerns awaiting a response.
    tabs = text_of(client.get(f"/groups/{net.river}/workspace"))
    assert "Concerns 1 awaiting a response" in tabs


def test_the_form_says_plainly_who_reads_a_concern(client, net):
    about_person = text_of(client.get(f"/concerns/new?practitioner={net.about_id}"))
    assert "Only the group concerned will read it" not in about_person
    assert "Read by the members of River Group Person 3's group, including River Group Person 3" in about_person
    assert "by the members of its link groups too if it is not resolved or not answered within 8 weeks" in about_person
    assert "Never published" in about_person
    about_group = text_of(client.get(f"/concerns/new?group={net.river}"))
    assert "It goes privately to the members of River Group." in about_group


def test_a_practitioner_in_no_group_is_not_accountable_and_nothing_is_kept(app, client, net):
    before = text_of(client.get(f"/concerns/new?practitioner={net.loner_id}"))
    assert "not accountable through the network today" in before
    assert "Send my concern privately" not in before  # told before writing anything

    refused = raise_one(client, f"practitioner={net.loner_id}")
    assert refused.status_code == 409
    assert "Nothing you wrote has been sent or kept" in text_of(refused)
    assert concern_count(app) == 0


def test_the_follow_page_shows_responses_but_no_names_and_no_group(app, client, auth, net):
    raiser = app.test_client()  # the member of the public, in their own browser
    follow = follow_path(raise_one(raiser, f"practitioner={net.about_id}"))
    assert "Thank you. Your concern has been received." in text_of(raiser.get(follow))
    waiting = text_of(raiser.get(follow))
    assert "This is not resolved" not in waiting  # nothing to judge yet
    assert "Once the group responds, you can come back here" in waiting
    assert re.search(r"If there is no response by \d{1,2} [A-Z][a-z]+ \d{4} \(8 weeks after you raised it\)", waiting)
    auth.login(net.river_people[0])
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id))
    answered = client.post(f"/groups/{net.river}/concerns/{concern_id}/responses",
                           data={f"concern-{concern_id}-text": "We are sorry. We have met and talked it through."})
    assert answered.status_code == 302

    page = raiser.get(follow)
    words = text_of(page)
    assert "The group has responded" in words and "This is not resolved" in words
    assert "We are sorry. We have met and talked it through." in words and WORDS in words
    assert "Thank you. Your concern has been received." not in words  # said once, after raising
    assert "Your concern about River Group Person 3" in words  # whom it is about...
    for private in ("River", "Person 1", SECRET_EMAIL):  # ...but not the group, nor who answered
        assert private not in page.get_data(as_text=True).replace("River Group Person 3", "")
    assert raiser.get("/concerns/follow/c_not-a-real-token").status_code == 404
    assert raiser.get("/concerns/follow/" + "é" * 300).status_code == 404


def test_not_resolved_takes_it_to_the_link_groups(app, client, auth, net):
    follow = follow_path(raise_one(client, f"group={net.river}"))
    auth.login(net.hill_people[0])
    before = client.get(f"/groups/{net.river}/concerns")
    assert before.status_code == 200 and WORDS not in text_of(before)  # a link group, not escalated yet
    auth.logout()
    respond_once(app, client, auth, net.river_people[1], net.river)

    escalated = client.post(f"{follow}/unresolved")
    assert escalated.status_code == 302 and escalated.headers["Location"] == follow
    page = text_of(client.get(follow))
    assert "Your concern has been passed on to the groups that know the group concerned best" in page
    assert "Taken further" in page and "This is not resolved" not in page
    again = client.post(f"{follow}/unresolved", follow_redirects=True)
    assert "already escalated" in text_of(again)

    auth.login(net.hill_people[1])
    seen = client.get(f"/groups/{net.river}/concerns")
    assert seen.status_code == 200
    words = text_of(seen)
    assert "Concerns escalated from River Group" in words and WORDS in words
    assert "Record the group's response" not in words  # not answering for River...
    assert "Respond for Hill Group" in words  # ...but, once escalated, for their own group (issue 10)
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id))
    assert client.post(f"/groups/{net.river}/concerns/{concern_id}/responses",
                       data={f"concern-{concern_id}-text": "Hill has read it and will meet River."}).status_code == 302
    assert "Hill has read it and will meet River." in text_of(client.get(f"/groups/{net.river}/concerns"))
    auth.logout()
    auth.login(net.oak_people[0])
    assert client.get(f"/groups/{net.river}/concerns").status_code == 403


def test_outsiders_and_joining_members_cannot_read_a_groups_concerns(app, client, auth, net):
    raise_one(client, f"group={net.river}")
    assert client.get(f"/groups/{net.river}/concerns").status_code == 302  # to the login page
    auth.login(net.joining)
    assert client.get(f"/groups/{net.river}/concerns").status_code == 403
    assert "Concerns" not in text_of(client.get(f"/groups/{net.river}/workspace")).split("Public page")[0]
    auth.logout()
    auth.login(net.oak_people[0])
    refused = client.get(f"/groups/{net.river}/concerns")
    assert refused.status_code == 403 and WORDS not in text_of(refused)
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id))
    for cid in (concern_id, 99999):
        assert client.post(f"/groups/{net.river}/concerns/{cid}/responses",
                           data={f"concern-{cid}-text": "hello"}).status_code == 403


def test_the_honeypot_is_refused_quietly(app, client, net):
    bot = raise_one(client, f"practitioner={net.about_id}", website="http://cheap-pills.example")
    assert bot.status_code == 200 and "Thank you" in text_of(bot)
    assert "/concerns/follow/" not in bot.get_data(as_text=True)
    assert concern_count(app) == 0
    assert notified(app, net.river_people[0]) == []


def test_whatever_is_typed_gets_a_page_not_a_500(app, client, auth, net):
    about = f"practitioner={net.about_id}"
    too_long = raise_one(client, about, text="ü" * 10_001)
    assert too_long.status_code == 422
    assert "Please keep your concern to 10,000 characters" in text_of(too_long)
    assert "ü" * 100 in too_long.get_data(as_text=True)  # what they wrote is kept
    empty = client.post(f"/concerns/new?{about}", data={"name": " ", "email": "nope", "text": ""})
    assert empty.status_code == 422
    words = text_of(empty)
    for message in ("Please tell us your name", "such as name@example.org", "Please describe your concern"):
        assert message in words
    control = raise_one(client, about, text="a\x07b")
    assert control.status_code == 422 and "invisible control characters" in text_of(control)
    unicode = raise_one(client, about, text="Mi terapeuta 心配 🙏 — ça ne va pas")
    assert unicode.status_code == 302
    for odd in ("practitioner=abc", "practitioner=-1", "practitioner=99999999999999999999999", "group=nowhere",
                "practitioner=1%00", f"practitioner={net.about_id}&group={net.river}", "group=" + "x" * 500):
        assert client.get(f"/concerns/new?{odd}").status_code in (400, 404), odd
    assert "find the practitioner or the group" in text_of(client.get("/concerns/new"))

    auth.login(net.river_people[0])
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id))
    blank = client.post(f"/groups/{net.river}/concerns/{concern_id}/responses",
                        data={f"concern-{concern_id}-text": "   "})
    assert blank.status_code == 422 and "Please write the group's response" in text_of(blank)
    huge = client.post(f"/groups/{net.river}/concerns/{concern_id}/responses",
                       data={f"concern-{concern_id}-text": "x" * 10_001})
    assert huge.status_code == 422 and "Please keep the response to 10,000 characters" in text_of(huge)


def test_the_raisers_email_never_appears_on_any_page(app, client, auth, net):
    follow = follow_path(raise_one(client, f"practitioner={net.about_id}"))
    respond_once(app, client, auth, net.river_people[0], net.river)
    escalated = client.post(f"{follow}/unresolved")
    assert escalated.status_code == 302
    pages = [follow, f"/practitioners/{net.about_id}", f"/groups/{net.river}", "/groups", "/check?name=River"]
    for path in pages:
        assert SECRET_EMAIL not in client.get(path).get_data(as_text=True), path
    for email in (net.river_people[0], net.hill_people[0]):
        auth.login(email)
        for path in (f"/groups/{net.river}/concerns", "/me", "/notifications", f"/groups/{net.river}/workspace"):
            assert SECRET_EMAIL not in client.get(path).get_data(as_text=True), path
        auth.logout()


def test_public_pages_link_to_the_form(client, net):
    practitioner = client.get(f"/practitioners/{net.about_id}").get_data(as_text=True)
    assert f'href="/concerns/new?practitioner={net.about_id}"' in practitioner
    assert f'href="/concerns/new?group={net.river}"' in client.get(f"/groups/{net.river}").get_data(as_text=True)
    check = client.get("/check")
    assert 'href="/concerns/new">raise it with their group through the registry</a>' in check.get_data(as_text=True)


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config, redis_url):  # noqa: F811  (the fixture)
        return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": redis_url,
                "RATE_LIMIT_CONCERN": "2 per minute"}

    def test_the_page_and_the_api_share_one_budget(self, app, client, net):
        assert raise_one(client, f"practitioner={net.about_id}").status_code == 302
        api = client.post("/api/v1/concerns", json={"about_group": net.river, "name": "A", "email": "a@example.org",
                                                    "text": "worried"})
        assert api.status_code == 201
        refused = raise_one(client, f"practitioner={net.about_id}", text="My words, kept.")
        assert refused.status_code == 429
        assert "Please wait a while and try again. What you wrote is still here." in text_of(refused)
        assert "My words, kept." in text_of(refused)
        assert client.get(f"/concerns/new?practitioner={net.about_id}").status_code == 200  # reading is free
        assert concern_count(app) == 2


# --- In the browser ------------------------------------------------------------------------

def test_a_member_of_the_public_raises_a_concern_from_a_practitioners_page(app, net, live_server, page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server}/practitioners/{net.about_id}")
    page.get_by_role("link", name="Raise a concern about River Group Person 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a concern about River Group Person 3")
    assert audit(page) == [] and fits(page)
    page.get_by_label("Your name").fill("Sam Client")
    page.get_by_label("Your email address").fill(SECRET_EMAIL)
    page.get_by_label("Your concern").fill(WORDS)
    page.get_by_role("button", name="Send my concern privately").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your concern has been received.")
    link = page.locator(".follow-link a")
    expect(link).to_have_text(re.compile(r"/concerns/follow/c_"))
    assert link.inner_text() == page.url
    expect(page.get_by_text(WORDS)).to_be_visible()
    assert audit(page) == [] and fits(page)

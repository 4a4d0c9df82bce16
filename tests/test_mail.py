"""Email through a real SMTP server on loopback (issue 10): accounts by email, what each action
sends and to whom, a durable outbox that survives a server that is down or refusing, the daily
jobs that escalate concerns and remind of lapses with no page opened, and privacy."""

from __future__ import annotations

import datetime as dt
import html
import os
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest

from ipn import clock
from ipn.extensions import db
from ipn.models import OutboxMessage, Practitioner
from ipn.services import groups, invitations, outbox
from ipn.services.errors import Conflict
from ipn.views.actions import perform
from tests import factories as f
from tests.conftest import PASSWORD
from tests.test_api import Api, token_for

WORDS = "My counsellor told my story to a friend of hers at a party, by name."
RAISER = "worried.raiser.91@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return {**app_config, **smtp.config()}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def register(client, name="Nia Newcomer", email="nia@example.org"):
    response = client.post("/register", data={"name": name, "email": email, "password": PASSWORD,
                                              "password_confirm": PASSWORD})
    assert response.status_code == 302
    return response


def outbox_rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


@pytest.fixture
def net(app):
    """River (5 members) and Hill, linked; Oak, not linked to River. Returns emails and tokens."""
    with app.app_context():
        river, hill, oak = (f.member_group(name) for name in ("River Group", "Hill Group", "Oak Group"))
        f.link(river, hill)
        data = {"river": [p.email for p in river[1]], "hill": [p.email for p in hill[1]],
                "oak": [p.email for p in oak[1]], "about_id": river[1][2].id,
                "river_token": token_for(app, river[1][0]), "hill_token": token_for(app, hill[1][1]),
                "oak_token": token_for(app, oak[1][0])}
        # Building the network queued its own messages (status changes): not what these tests read.
        db.session.execute(db.delete(OutboxMessage))
        db.session.commit()
    return data


# --- Accounts by email -------------------------------------------------------------------

def test_a_newcomer_confirms_their_address_by_the_link_sent_to_them(app, client, auth, smtp, net):
    register(client)
    message = smtp.one_to("nia@example.org", "Confirm your email address")
    assert "groups cannot invite you" in message.body and "someone registered with this address" in message.body
    link = path_of(message.link("/confirm/"))

    # Unconfirmed: cannot be invited, and is sent nothing else.
    api = Api(client)
    with app.app_context():
        nia = db.session.scalar(db.select(Practitioner).where(Practitioner.email == "nia@example.org"))
        nia_id = nia.id
        assert nia.email_confirmed_at is None
    refused = api.post("/groups/river-group/invitations", net["river_token"], json={"practitioner_id": nia_id},
                       expect=409).get_json()
    assert refused["error"]["code"] == "email_unconfirmed" and "not confirmed" in refused["error"]["message"]

    # Following the link shows a button (a GET spends nothing); the button confirms, once.
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my email address" in page.get_data(as_text=True)
    assert client.post(link).status_code == 302
    with app.app_context():
        assert db.session.get(Practitioner, nia_id).email_confirmed_at is not None
    assert client.get(link).status_code == 404 and client.post(link).status_code == 404

    api.post("/groups/river-group/invitations", net["river_token"], json={"practitioner_id": nia_id}, expect=201)
    invitation = smtp.one_to("nia@example.org", "invites you to join River Group")
    assert "a member of River Group invited you" in invitation.body
    assert path_of(invitation.link("/me")) == "/me"
    me = client.get("/me").get_data(as_text=True)  # still logged in since registering
    assert "Invitations to answer" in me and "River Group Person 1 invited you" in me


def test_the_confirmation_link_expires_and_a_new_one_replaces_it(app, client, auth, smtp):
    register(client)
    first = path_of(smtp.one_to("nia@example.org").link("/confirm/"))
    # Logged in after registering: ask again from the profile; the first link stops working.
    assert "Send the confirmation link again" in client.get("/profile").get_data(as_text=True)
    assert client.post("/profile/confirmation").status_code == 302
    second = path_of(smtp.to("nia@example.org")[-1].link("/confirm/"))
    assert first != second and client.get(first).status_code == 404
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(hours=73)
    assert client.get(second).status_code == 404
    with app.app_context():  # only hashes are kept
        assert not any(second.rsplit("/", 1)[1] in str(row.params) for row in
                       db.session.scalars(db.select(OutboxMessage)))


def test_a_forgotten_password_is_reset_by_a_link_that_works_once(app, client, auth, smtp, net):
    person = net["hill"][0]
    answer = client.post("/password/forgot", data={"email": person.upper()}, follow_redirects=True)
    assert "If an account has that address" in answer.get_data(as_text=True)
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account has that address" in unknown.get_data(as_text=True)  # the same answer
    assert smtp.to("nobody@example.org") == []
    link = path_of(smtp.one_to(person, "Reset your password").link("/password/reset/"))

    assert client.post(link, data={"password": "short", "password_confirm": "short"}).status_code == 422
    new = "a brand new passphrase"
    done = client.post(link, data={"password": new, "password_confirm": new})
    assert done.status_code == 302 and done.headers["Location"] == "/me"
    auth.logout()
    assert auth.login(person, PASSWORD).status_code == 422  # the old password no longer works
    assert auth.login(person, new).status_code == 302
    auth.logout()
    assert client.post(link, data={"password": new, "password_confirm": new}).status_code == 404

    client.post("/password/forgot", data={"email": person})
    late = path_of(smtp.to(person)[-1].link("/password/reset/"))
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(minutes=61)
    assert client.get(late).status_code == 404


def test_a_new_address_is_used_once_it_is_confirmed(app, client, auth, smtp, net):
    old = net["oak"][0]
    auth.login(old)
    wrong = client.post("/profile/email", data={"email": "new.oak@example.org", "password": "not it at all"})
    assert wrong.status_code == 422
    taken = client.post("/profile/email", data={"email": net["hill"][0], "password": PASSWORD})
    assert taken.status_code == 422 and "Another account has that address" in taken.get_data(as_text=True)
    assert client.post("/profile/email", data={"email": "new.oak@example.org", "password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Practitioner.id).where(Practitioner.email == old)) is not None
    link = path_of(smtp.one_to("new.oak@example.org", "Confirm your new email address").link("/profile/email/confirm/"))
    assert "new.oak@example.org" in client.get(link).get_data(as_text=True)
    assert client.post(link).status_code == 302
    auth.logout()
    assert auth.login("new.oak@example.org").status_code == 302
    assert client.post(link).status_code == 404


# --- Concerns, whole course ---------------------------------------------------------------

def test_a_concern_runs_its_whole_course_by_email(app, client, auth, smtp, net):
    api = Api(client)
    with app.app_context():  # one River member does not want concern email
        quiet = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net["river"][4]))
        quiet.mail_concerns = False
        db.session.commit()
    token = api.post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201).get_json()["follow_token"]
    ack = smtp.one_to(RAISER, "Your concern has been received")
    follow = path_of(ack.link("/concerns/follow/"))
    assert follow == f"/concerns/follow/{token}" and "you raised a concern" in ack.body
    assert WORDS in client.get(follow).get_data(as_text=True)
    for member in net["river"][:4]:
        raised = smtp.one_to(member, "A concern has been raised with River Group")
        assert path_of(raised.link("/concerns")) == "/groups/river-group/concerns"
        assert "because you are a member of River Group" in raised.body
    assert smtp.to(net["river"][4]) == []  # chose not to receive these
    assert all(smtp.to(email) == [] for email in net["hill"] + net["oak"])

    before = api.get(f"/concerns/follow/{token}")
    assert before["can_say_unresolved"] is False and before["can_say_resolved"] is False
    assert "This is not resolved" not in client.get(follow).get_data(as_text=True)
    api.post("/concerns/follow/" + token + "/unresolved", expect=409)  # not offered: refused

    concern_id = api.get("/groups/river-group/concerns", net["river_token"])["items"][0]["id"]
    api.post(f"/concerns/{concern_id}/responses", net["river_token"], json={"text": "We are meeting on it."},
             expect=201)
    assert "a new response" in smtp.one_to(RAISER, "There is a response").body
    after = api.get(f"/concerns/follow/{token}")
    assert after["can_say_unresolved"] is True and after["can_say_resolved"] is True
    assert "This is not resolved" in client.get(follow).get_data(as_text=True)

    assert client.post(f"{follow}/unresolved").status_code == 302
    for member in net["hill"]:
        escalated = smtp.one_to(member, "A concern has been escalated to Hill Group")
        assert "the person who raised it says it is unresolved" in escalated.body
    assert all(smtp.to(email) == [] for email in net["oak"])
    smtp.one_to(RAISER, "taken further")
    escalated = api.get(f"/concerns/follow/{token}")
    assert escalated["can_say_unresolved"] is False and escalated["state"] == "escalated"
    assert "This is not resolved" not in client.get(follow).get_data(as_text=True)

    # Once escalated, the link group responds as well as reads; Oak cannot.
    api.post(f"/concerns/{concern_id}/responses", net["hill_token"], json={"text": "Hill will visit River."},
             expect=201)
    api.post(f"/concerns/{concern_id}/responses", net["oak_token"], json={"text": "x"}, expect=403)
    assert len(smtp.to(RAISER)) == 4  # received, response, taken further, response

    # The raiser says it is resolved; River records the outcome, which closes it.
    assert client.post(f"{follow}/resolved").status_code == 302
    api.post(f"/concerns/{concern_id}/outcome", net["hill_token"], json={"text": "x"}, expect=403)
    closed = api.post(f"/concerns/{concern_id}/outcome", net["river_token"],
                      json={"text": "We apologised and changed how we keep notes."}, expect=200).get_json()
    assert closed["state"] == "closed" and closed["outcome"]["group"] == "river-group"
    assert [s["kind"] for s in closed["timeline"]] == ["raised", "response", "escalated", "response", "resolved",
                                                       "outcome"]
    smtp.one_to(RAISER, "The outcome of your concern")
    followed = api.get(f"/concerns/follow/{token}")
    assert followed["outcome"]["text"] == "We apologised and changed how we keep notes."
    assert followed["can_say_unresolved"] is False and followed["can_say_resolved"] is False
    page = client.get(follow).get_data(as_text=True)
    assert "We apologised and changed how we keep notes." in page and "What has happened" in page

    # Privacy: the concern's words, and the raiser's address, are in no message to anyone, and on
    # no public page; the raiser's messages carry no names of those who answered.
    for delivered in smtp.everything():
        assert WORDS not in delivered.body and RAISER not in delivered.body
    for delivered in smtp.to(RAISER):
        assert "River Group Person" not in delivered.body and "Hill" not in delivered.body
    for path in ("/groups/river-group", "/groups", "/network", f"/practitioners/{net['about_id']}"):
        assert WORDS not in client.get(path).get_data(as_text=True), path
    with app.app_context():  # the raw follow token is gone from the outbox once sent
        assert all(token not in str(row.params) for row in db.session.scalars(db.select(OutboxMessage)))


def offered_on_both(client, api, token) -> dict:
    """What the follow page offers, checked against what the API says it offers."""
    page = client.get(f"/concerns/follow/{token}").get_data(as_text=True)
    answer = api.get(f"/concerns/follow/{token}")
    shown = {"can_say_unresolved": "This is not resolved</button>" in page,
             "can_say_resolved": "This is resolved</button>" in page}
    assert shown == {k: answer[k] for k in shown}, (shown, answer)
    return shown


def test_the_page_and_the_api_offer_the_same_and_the_group_records_the_outcome(app, client, auth, smtp, net):
    api = Api(client)
    token = api.post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201).get_json()["follow_token"]
    assert offered_on_both(client, api, token) == {"can_say_unresolved": False, "can_say_resolved": False}
    auth.login(net["river"][0])
    with app.app_context():
        from ipn.models import Concern

        concern_id = db.session.scalar(db.select(Concern.id))
    client.post(f"/groups/river-group/concerns/{concern_id}/responses",
                data={f"concern-{concern_id}-text": "We hear you."})
    auth.logout()
    assert offered_on_both(client, api, token) == {"can_say_unresolved": True, "can_say_resolved": True}
    client.post(f"/concerns/follow/{token}/resolved")
    assert offered_on_both(client, api, token) == {"can_say_unresolved": False, "can_say_resolved": False}
    api.post(f"/concerns/follow/{token}/unresolved", expect=409)

    auth.login(net["river"][1])
    page = client.get("/groups/river-group/concerns").get_data(as_text=True)
    assert "Record the outcome and close the concern" in page and "said it is resolved" in page
    blank = client.post(f"/groups/river-group/concerns/{concern_id}/outcome", data={f"outcome-{concern_id}-text": " "})
    assert blank.status_code == 422
    done = client.post(f"/groups/river-group/concerns/{concern_id}/outcome",
                       data={f"outcome-{concern_id}-text": "We met Sam and agreed what changes."})
    assert done.status_code == 302
    page = html.unescape(client.get("/groups/river-group/concerns").get_data(as_text=True))
    assert "We met Sam and agreed what changes." in page and "outcome recorded; closed" in page
    assert "Record the outcome and close the concern" not in page
    auth.logout()
    outcome = smtp.one_to(RAISER, "The outcome of your concern")
    assert "now closed" in outcome.body and "We met Sam" not in outcome.body
    assert offered_on_both(client, api, token) == {"can_say_unresolved": False, "can_say_resolved": False}
    assert "We met Sam and agreed what changes." in client.get(f"/concerns/follow/{token}").get_data(as_text=True)


def test_a_member_who_leaves_before_the_message_goes_is_not_told_of_the_concern(app, client, runner, smtp, net):
    smtp.stop()
    Api(client).post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201)
    with app.app_context():
        from ipn.models import Group

        leaver = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net["river"][3]))
        groups.leave(leaver, db.session.scalar(db.select(Group).where(Group.slug == "river-group")))
        db.session.commit()
    smtp.start()
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(minutes=5)
    assert "1 dropped" in runner.invoke(args=["mail", "send"]).output
    assert smtp.to(net["river"][3]) == []
    for email in net["river"][:3]:
        smtp.one_to(email, "A concern has been raised with River Group")


def test_escalation_after_8_weeks_happens_with_no_page_opened(app, client, runner, smtp, net):
    api = Api(client)
    token = api.post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201).get_json()["follow_token"]
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(weeks=8, days=1)
    result = runner.invoke(args=["daily"])
    assert result.exit_code == 0, result.output
    assert "1 concern(s) escalated" in result.output
    for member in net["hill"]:
        assert "no response in 8 weeks" in smtp.one_to(member, "A concern has been escalated to Hill Group").body
    smtp.one_to(RAISER, "taken further")
    assert api.get(f"/concerns/follow/{token}")["state"] == "escalated"
    again = runner.invoke(args=["daily"])  # every job is idempotent: nothing goes twice
    assert "0 concern(s) escalated" in again.output and len(smtp.to(net["hill"][0])) == 1


def test_the_first_request_of_a_day_runs_the_days_jobs(app, client, smtp, net):
    Api(client).post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201)
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(weeks=8, days=1)
    assert client.get("/groups").status_code == 200  # a public page, unrelated to concerns
    assert all(len(smtp.to(member)) == 1 for member in net["hill"])
    assert client.get("/").status_code == 200
    assert all(len(smtp.to(member)) == 1 for member in net["hill"])


def test_members_are_reminded_three_months_and_one_month_before_a_validation_lapses(app, runner, smtp):
    with app.app_context():
        river, hill, oak = (f.member_group(n) for n in ("River", "Hill", "Oak"))
        f.validate(f.link(river, hill), hill, river[0])
        f.validate(f.link(river, oak), oak, river[0])
        db.session.commit()
        assert river[0].status == "full_member"
        until, members = river[0].status_until, [p.email for p in river[1]]
        db.session.execute(db.delete(OutboxMessage))  # the set-up's own status changes
        db.session.commit()
    app.config["FROZEN_NOW"] = clock.start_of_day(until - dt.timedelta(days=80)) + dt.timedelta(hours=9)
    runner.invoke(args=["daily"])
    for email in members:
        reminder = smtp.one_to(email, "lapses in 3 months")
        assert until.isoformat() in reminder.body and "/groups/river/links" in reminder.body
    app.config["FROZEN_NOW"] += dt.timedelta(days=1)
    runner.invoke(args=["daily"])
    assert all(len(smtp.to(email)) == 1 for email in members)  # sent once
    app.config["FROZEN_NOW"] = clock.start_of_day(until - dt.timedelta(days=20)) + dt.timedelta(hours=9)
    runner.invoke(args=["daily"])
    assert all(smtp.one_to(email, "lapses in 1 month") for email in members)
    app.config["FROZEN_NOW"] = clock.start_of_day(until + dt.timedelta(days=1)) + dt.timedelta(hours=9)
    runner.invoke(args=["daily"])
    for email in members:  # the lapse itself: a status change, with its cause
        changed = smtp.one_to(email, "River is now: Member group")
        assert "lapsed on" in changed.body and "Why:" in changed.body


def test_a_member_who_declined_lapse_reminders_is_not_reminded_and_each_goes_once(app, runner, smtp):
    """The day's reminders are queued for many people at once: the profile's choice and a
    confirmed address still decide, one by one, and running the day again sends nothing twice."""
    with app.app_context():
        river, hill, oak = (f.member_group(n) for n in ("River", "Hill", "Oak"))
        f.validate(f.link(river, hill), hill, river[0])
        f.validate(f.link(river, oak), oak, river[0])
        declining, unconfirmed, *others = river[1]
        declining.mail_lapses = False
        unconfirmed.email_confirmed_at = None
        db.session.commit()
        until = river[0].status_until
        emails = {p.email for p in others}
        declined, unknown = declining.email, unconfirmed.email
        db.session.execute(db.delete(OutboxMessage))
        db.session.commit()
    app.config["FROZEN_NOW"] = clock.start_of_day(until - dt.timedelta(days=80)) + dt.timedelta(hours=9)
    runner.invoke(args=["daily"])
    runner.invoke(args=["daily"])
    for email in emails:
        assert len(smtp.to(email)) == 1 and smtp.one_to(email, "lapses in 3 months")
    assert smtp.to(declined) == [] and smtp.to(unknown) == []


def test_dissolving_tells_the_link_groups_members_and_closes_no_concern(app, client, runner, smtp, net):
    api = Api(client)
    token = api.post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                        "text": WORDS}, expect=201).get_json()["follow_token"]
    with app.app_context():
        from ipn.models import Group

        river = db.session.scalar(db.select(Group).where(Group.slug == "river-group"))
        for email in net["river"]:
            groups.agree_to_dissolve(db.session.scalar(db.select(Practitioner).where(Practitioner.email == email)),
                                     river)
        db.session.commit()
        assert river.dissolved_at is not None
    runner.invoke(args=["mail", "send"])
    for member in net["hill"]:
        told = smtp.one_to(member, "Your link group River Group has dissolved")
        assert "its link with Hill Group has ended" in told.body
    for member in net["river"]:
        smtp.one_to(member, "River Group has dissolved")
    followed = api.get(f"/concerns/follow/{token}")
    assert followed["state"] == "open" and followed["outcome"] is None  # nothing closed it


# --- The outbox ---------------------------------------------------------------------------

def test_a_server_that_is_down_loses_nothing_and_sends_nothing_twice(app, client, runner, smtp, net):
    api = Api(client)
    with app.app_context():
        newcomer = f.person("Kit Newcomer")
        db.session.commit()
        newcomer_id, email = newcomer.id, newcomer.email
    smtp.stop()
    api.post("/groups/river-group/invitations", net["river_token"], json={"practitioner_id": newcomer_id},
             expect=201)  # the action stands
    [row] = [r for r in outbox_rows(app) if r.kind == "invitation"]
    assert row.state == "queued" and row.attempts == 1 and row.last_error
    status = runner.invoke(args=["mail", "status"])
    assert "failing: 1" in status.output and "invitation" in status.output

    smtp.start()  # back, on the same port
    runner.invoke(args=["mail", "send"])
    assert smtp.to(email) == []  # not due yet: it waits for its backoff
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(minutes=2)
    sent = runner.invoke(args=["mail", "send"])
    assert "1 sent" in sent.output
    smtp.one_to(email, "invites you to join River Group")
    app.config["FROZEN_NOW"] += dt.timedelta(hours=7)
    runner.invoke(args=["mail", "send"])
    runner.invoke(args=["daily"])
    assert len(smtp.to(email)) == 1
    assert "failing: 0" in runner.invoke(args=["mail", "status"]).output


def test_a_server_that_refuses_is_retried_with_backoff(app, client, runner, smtp, net):
    smtp.refusing = True
    token = Api(client).post("/concerns", json={"about_group": "river-group", "name": "Sam", "email": RAISER,
                                                "text": WORDS}, expect=201).get_json()["follow_token"]
    assert smtp.everything() == []
    rows = outbox_rows(app)
    assert rows and all(r.state == "queued" and r.attempts == 1 and "451" in r.last_error for r in rows)
    app.config["FROZEN_NOW"] = clock.now() + dt.timedelta(minutes=2)
    runner.invoke(args=["mail", "send"])  # still refusing: the wait doubles
    rows = outbox_rows(app)
    assert all(r.attempts == 2 and r.next_attempt_at - clock.now() > dt.timedelta(seconds=110) for r in rows)
    smtp.refusing = False
    app.config["FROZEN_NOW"] += dt.timedelta(minutes=3)
    runner.invoke(args=["mail", "send"])
    assert path_of(smtp.one_to(RAISER).link("/concerns/follow/")) == f"/concerns/follow/{token}"
    assert len(smtp.everything()) == 6  # the raiser and River's five members, once each


def test_an_action_that_fails_half_way_queues_no_message(app, smtp, net):
    with app.app_context():
        kit = f.person("Kit Newcomer")
        db.session.commit()
        river = db.session.scalar(db.select(db.text("id FROM groups WHERE slug = 'river-group'")))
        inviter = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net["river"][0]))

        def invite_then_fail():
            from ipn.models import Group

            invitations.invite(inviter, db.session.get(Group, river), kit)  # queues the invitation...
            raise Conflict("...and then the action is refused")

        with pytest.raises(Conflict):
            perform(invite_then_fail)
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
        from ipn.mail import send_due

        assert send_due().sent == 0
    assert smtp.everything() == []


def test_without_a_mail_server_messages_are_written_as_eml_files(app, client, tmp_path):
    app.config["MAIL_SERVER"] = None
    register(client, email="offline@example.org")
    folder = app.config["MAIL_OUTBOX_DIR"]
    [name] = os.listdir(folder)
    assert name.endswith("-confirm_email.eml")
    with open(os.path.join(folder, name), "rb") as handle:
        message = message_from_bytes(handle.read(), policy=policy.default)
    assert message["To"] == "offline@example.org" and "/confirm/" in message.get_content()
    with app.app_context():
        assert db.session.scalar(db.select(OutboxMessage.state)) == "sent"


def test_each_person_chooses_which_kinds_they_receive(app, client, auth, smtp, net):
    auth.login(net["hill"][0])
    page = html.unescape(client.get("/profile/mail").get_data(as_text=True))
    for label in outbox.PREFERENCES.values():
        assert label in page
    choices = {k: "y" for k in outbox.PREFERENCES if k != "mail_links"}
    assert client.post("/profile/mail", data=choices).status_code == 302
    with app.app_context():
        hill_member = db.session.scalar(db.select(Practitioner).where(Practitioner.email == net["hill"][0]))
        assert hill_member.mail_links is False and hill_member.mail_concerns is True
    Api(client).post("/groups/oak-group/links", net["oak_token"], json={"partner": "hill-group"}, expect=201)
    assert smtp.to(net["hill"][0]) == []
    proposal = smtp.one_to(net["hill"][1], "Oak Group proposes a link with Hill Group")
    assert "because you are a member of Hill Group" in proposal.body
    assert path_of(proposal.link("/links")) == "/groups/hill-group/links"


def test_asking_for_links_is_rate_limited_per_address_and_per_account(app, client, smtp, net):
    app.config.update(RATE_LIMITS_ON=True, RATE_LIMIT_TOKEN_REQUEST="2 per hour")
    person = net["hill"][0]
    for _ in range(2):
        assert client.post("/password/forgot", data={"email": person}).status_code == 302
    refused = client.post("/password/forgot", data={"email": person})
    assert refused.status_code == 429 and "many requests for links" in refused.get_data(as_text=True)
    assert len(smtp.to(person)) == 2


def test_accounts_by_email_through_the_api(app, client, smtp):
    api = Api(client)
    person = api.register("Ola API", "ola@example.org")
    assert api.get("/me", person["token"])["email_confirmed"] is False
    first = smtp.one_to("ola@example.org", "Confirm your email address").link("/confirm/").rsplit("/", 1)[1]
    api.post("/me/confirmation", person["token"], expect=202)
    assert len(smtp.to("ola@example.org")) == 2
    api.post("/confirmations", json={"token": first}, expect=404)  # replaced by the second link
    second = smtp.to("ola@example.org")[-1].link("/confirm/").rsplit("/", 1)[1]
    assert api.post("/confirmations", json={"token": second}, expect=200).get_json()["confirmed"] is True
    assert api.get("/me", person["token"])["email_confirmed"] is True
    api.post("/me/confirmation", person["token"], expect=409)

    answer = api.post("/password-resets", json={"email": "ola@example.org"}, expect=202).get_json()
    assert answer == api.post("/password-resets", json={"email": "nobody@example.org"}, expect=202).get_json()
    reset = smtp.to("ola@example.org")[-1].link("/password/reset/").rsplit("/", 1)[1]
    api.post("/password-resets/confirm", json={"token": reset, "password": "short"}, expect=422)
    api.post("/password-resets/confirm", json={"token": reset, "password": "another long passphrase"}, expect=200)
    api.post("/password-resets/confirm", json={"token": reset, "password": "another long passphrase"}, expect=404)
    # The reset revoked every token (whoever knew the old password may hold one): a new one.
    api.get("/me", person["token"], expect=401)
    person["token"] = api.post("/tokens", json={"email": "ola@example.org", "password": "another long passphrase"},
                               expect=201).get_json()["token"]

    api.post("/me/email", person["token"], json={"email": "ola.new@example.org", "password": "wrong one here"},
             expect=422)
    api.post("/me/email", person["token"], json={"email": "ola.new@example.org", "password": "another long passphrase"},
             expect=202)
    change = smtp.one_to("ola.new@example.org").link("/profile/email/confirm/").rsplit("/", 1)[1]
    api.post("/me/email/confirm", json={"token": change}, expect=200)
    assert api.get("/me", person["token"])["email"] == "ola.new@example.org"

    assert api.get("/me/mail", person["token"])["mail_status"] is True
    chosen = api.call("PUT", "/me/mail", person["token"], 200, json={"mail_status": False}).get_json()
    assert chosen["mail_status"] is False and chosen["mail_invitations"] is True
    api.call("PUT", "/me/mail", person["token"], 422, json={"mail_status": "no", "mail_spam": True})


def test_those_who_attended_are_emailed_when_a_proposal_awaits_their_position(app, client, runner, smtp, net):
    from ipn.services import gatherings, proposals

    with app.app_context():
        people = [db.session.scalar(db.select(Practitioner).where(Practitioner.email == e)) for e in net["river"]]
        gathering = gatherings.announce(people[0], clock.today(), "Leeds", "The winter Gathering")
        for person in people[:2]:
            gatherings.attend(person, gathering)
        proposal = proposals.record(people[0], "Groups of four", "Smaller groups can stand by each other.",
                                    {"min_members": 4}, gathering)
        gatherings.attend(people[2], gathering)  # arrives after the proposal: told on arrival
        gatherings.attend(people[2], gathering)  # saying it twice tells them once
        proposal_id = proposal.id
        db.session.commit()
    runner.invoke(args=["mail", "send"])
    for email in net["river"][1:3]:
        message = smtp.one_to(email, "A proposal awaits your position: Groups of four")
        assert "You attended the Gathering of" in message.body and "Leeds" in message.body
        assert client.get(path_of(message.link(f"/proposals/{proposal_id}"))).status_code == 200
    assert smtp.to(net["river"][0]) == []  # its author is not asked for their own position
    assert smtp.to(net["river"][3]) == []  # nor anyone who did not attend

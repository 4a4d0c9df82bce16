"""Issue 10's "done when", in headless Chromium with CSRF on and a real SMTP server on loopback:
a member of the public raises a concern and receives the follow link by email; River's members
are emailed and one responds (while the mail server is down: nothing is lost); the raiser is
emailed, says it is not resolved; Hill's members are emailed and respond. A newcomer confirms
their address and resets their password by the links they are sent."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from ipn.extensions import db
from ipn.models import OutboxMessage
from tests import factories as f
from tests.axe import audit
from tests.browsing import (
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    fits,
    log_in,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WORDS = "My counsellor told my story to a friend of hers at a party, by name."
RAISER = "sam.raiser.4410@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return {**app_config, **smtp.config(), "MAIL_RETRY_SECONDS": 0}


@pytest.fixture
def net(app):
    with app.app_context():
        river, hill = f.member_group("River Group"), f.member_group("Hill Group")
        f.link(river, hill)
        db.session.execute(db.delete(OutboxMessage))  # the set-up's own status changes
        db.session.commit()
        return {"river": [p.email for p in river[1]], "hill": [p.email for p in hill[1]]}


def on_live(url: str, live_server: str) -> str:
    """A link from a message, opened on the live server (messages carry its address already)."""
    parts = urlsplit(url)
    assert url.startswith(live_server), (url, live_server)
    return live_server + parts.path


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_concern_runs_its_course_by_email_with_nothing_lost(app, net, smtp, runner, live_server, page: Page):
    page.goto(f"{live_server}/concerns/new?group=river-group")
    page.get_by_label("Your name").fill("Sam Client")
    page.get_by_label("Your email address").fill(RAISER)
    page.get_by_label("Your concern").fill(WORDS)
    page.get_by_role("button", name="Send my concern privately").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your concern has been received.")

    follow = on_live(smtp.one_to(RAISER, "Your concern has been received").link("/concerns/follow/"), live_server)
    page.goto(follow)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your concern about River Group")
    expect(page.get_by_text(WORDS)).to_be_visible()

    # River's members are emailed; one follows the link and responds while the server is down.
    link = smtp.one_to(net["river"][1], "A concern has been raised with River Group").link("/concerns")
    smtp.stop()
    log_in(page, live_server, net["river"][1])
    page.goto(on_live(link, live_server))
    page.get_by_label("The group's response").fill("We are sorry. We will meet you and talk it through.")
    page.get_by_role("button", name="Record the group's response").click()
    expect(page.get_by_role("status").first).to_contain_text("Your response is recorded.")
    assert audit(page) == [] and fits(page)
    log_out(page)
    assert smtp.to(RAISER) and len(smtp.to(RAISER)) == 1  # only the first message so far

    smtp.start()  # back on the same port; the scheduler's `ipn mail send` delivers what waited
    assert "1 sent" in runner.invoke(args=["mail", "send"]).output
    assert "a new response" in smtp.one_to(RAISER, "There is a response").body
    runner.invoke(args=["mail", "send"])
    assert len(smtp.to(RAISER)) == 2

    # The raiser reads it and says it is not resolved: Hill's members are emailed.
    page.goto(follow)
    expect(page.get_by_text("We are sorry. We will meet you and talk it through.")).to_be_visible()
    assert audit(page) == [] and fits(page)
    page.get_by_role("button", name="This is not resolved").click()
    expect(page.get_by_role("status").first).to_contain_text("Your concern has been passed on")
    for member in net["hill"]:
        smtp.one_to(member, "A concern has been escalated to Hill Group")
    smtp.one_to(RAISER, "taken further")

    hill_link = smtp.one_to(net["hill"][2], "escalated").link("/concerns")
    log_in(page, live_server, net["hill"][2])
    page.goto(on_live(hill_link, live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns escalated from River Group")
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.get_by_label("The group's response").fill("Hill will visit River's next meeting about this.")
    page.get_by_role("button", name="Respond for Hill Group").click()
    expect(page.get_by_role("status").first).to_contain_text("Your response is recorded.")
    log_out(page)
    assert len(smtp.to(RAISER)) == 4  # received, response, taken further, response: each once

    for delivered in smtp.everything():
        assert WORDS not in delivered.body


def test_a_newcomer_confirms_their_address_and_resets_their_password_by_email(smtp, live_server, page: Page):
    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("status").first).to_contain_text("We have sent you a link")

    page.get_by_role("link", name="Your profile: Nia Newcomer").click()
    expect(page.get_by_role("region", name="Shown publicly")).to_contain_text("not confirmed yet")
    page.goto(on_live(smtp.one_to("nia@example.org", "Confirm your email address").link("/confirm/"), live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert audit(page) == [] and fits(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("status").first).to_contain_text("your email address is confirmed")
    expect(page.get_by_role("region", name="Shown publicly")).not_to_contain_text("not confirmed yet")
    page.get_by_role("link", name="Choose the emails you receive").click()
    assert audit(page) == [] and fits(page)
    page.get_by_label("Changes of my groups' status").uncheck()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status").first).to_contain_text("Your choice of emails is saved.")
    expect(page.get_by_label("Changes of my groups' status")).not_to_be_checked()
    expect(page.get_by_label("Invitations to join a group")).to_be_checked()
    page.goto(live_server + "/profile/email")
    assert audit(page) == [] and fits(page)
    log_out(page)

    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Forgotten your password?").click()
    assert audit(page) == [] and fits(page)
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status").first).to_contain_text("If an account has that address")
    reset = on_live(smtp.one_to("nia@example.org", "Reset your password").link("/password/reset/"), live_server)
    page.goto(reset)
    page.get_by_label("New password", exact=True).fill("a new and longer passphrase")
    page.get_by_label("New password again").fill("a new and longer passphrase")
    assert audit(page) == [] and fits(page)
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_role("status").first).to_contain_text("Your new password is set")
    log_out(page)
    log_in(page, live_server, "nia@example.org", "a new and longer passphrase")
    log_out(page)
    page.goto(reset)  # a link works once
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")

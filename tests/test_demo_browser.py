"""The public registry over the demo network, as a member of the public would use it in
Chromium: find a group by a word in its statement, read the statement and its earlier
version, see why it has its status, check a practitioner for today and a past date, look at
the network map; with no serious accessibility violation on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ipn import create_app
from ipn.demo import load_demo
from ipn.extensions import db
from ipn.models import Group, Practitioner
from tests.axe import audit
from tests.browsing import browser_context_args  # noqa: F401  (fixture: CSP bypassed for axe)

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server, live_app_config):
    """The demo network, loaded by `ipn demo`'s own function into the live server's database."""
    builder = create_app(live_app_config)
    with builder.app_context():
        assert load_demo()
        severn = db.session.scalar(db.select(Group).where(Group.slug == "severn-practitioners"))
        ruth = db.session.scalar(db.select(Practitioner).where(Practitioner.email == "ruth.okafor@example.org"))
        founded = severn.founded_at.date()
        facts = {"ruth_id": ruth.id, "before_full": founded + dt.timedelta(days=7)}
        db.session.remove()
        db.engine.dispose()
    return facts


def test_a_member_of_the_public_finds_reads_and_checks_over_the_demo(page: Page, live_server, demo):
    page.goto(live_server + "/groups")
    page.get_by_label("Search").fill("recording")
    page.get_by_role("button", name="Show groups").click()
    page.get_by_role("link", name="Severn Practitioners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Severn Practitioners")
    assert audit(page) == []

    # Why it has its status: every rule behind it, in words.
    criteria = page.locator(".criteria")
    expect(criteria).to_contain_text("full member group", ignore_case=True)
    expect(criteria).to_contain_text("validated it on")
    # The statement, and the earlier version it replaced.
    expect(page.locator("body")).to_contain_text("no recording")
    page.get_by_text("Version published", exact=False).first.click()
    expect(page.locator("body")).to_contain_text("individually or in a group")

    # Check a practitioner, today and on a day before the group was a full member group.
    page.goto(f"{live_server}/check")
    page.get_by_label("Their name").fill("Ruth Okafor")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Ruth Okafor").click()
    answer = page.locator(".answer").first
    expect(answer).to_contain_text("is accredited through the network today")
    expect(answer).to_contain_text("Severn Practitioners")
    assert audit(page) == []
    page.get_by_role("textbox", name="Date").fill(demo["before_full"].isoformat())
    page.get_by_role("button", name="Check this date").click()
    expect(page.locator(".answer").last).to_contain_text("Ruth Okafor was not accredited through the network on")
    expect(page).to_have_url(f"{live_server}/practitioners/{demo['ruth_id']}?on={demo['before_full'].isoformat()}")

    # The network map: every group a link, coloured with a legend.
    page.goto(f"{live_server}/network")
    expect(page.locator(".map-legend")).to_contain_text("Full member group")
    assert page.locator(".network-svg .node-link").count() >= 10
    assert audit(page) == []

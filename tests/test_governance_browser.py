"""Governance in a real browser (SPEC R16): participants announce two Gatherings, record a
proposal, reach consensus at the first and ratify it at the second, and watch the registry
apply the new rule; the rules page shows the history of the rules in force. Every new page
passes the axe audit at 1280 and 375 pixels.

The server's clock is moved from Gathering to Gathering between steps (FROZEN_NOW)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ipn import create_app
from ipn.extensions import db
from tests import factories as f
from tests.browsing import (
    audited,
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    click,
    log_in,
)
from tests.serving import threaded_server

UTC = dt.timezone.utc
FIRST, SECOND = dt.date(2026, 2, 7), dt.date(2026, 6, 6)


@pytest.fixture
def served(live_app_config) -> Iterator[tuple[str, object, dict]]:
    """The app on a loopback port, with a member group (Severn) and a group of four that stand by
    each other and have endorsed their statement (Wye), waiting for the rules to allow four."""
    app = create_app({**live_app_config, "FROZEN_NOW": dt.datetime(2026, 1, 10, 12, tzinfo=UTC)})
    with app.app_context():
        severn, severn_people = f.member_group("Severn Group")
        wye, wye_people = f.forming_group("Wye Group", size=4)
        f.publish_statement(wye, wye_people)
        db.session.commit()
        facts = {"severn": [p.email for p in severn_people], "wye": wye.slug}
    with threaded_server(app) as base_url:
        yield base_url, app, facts


def test_a_proposal_is_ratified_through_the_pages_and_the_registry_applies_it(page: Page, served, tmp_path):
    base, app, facts = served
    anna, ben = facts["severn"][0], facts["severn"][1]

    # Two Gatherings announced through the pages.
    log_in(page, base, anna)
    for day, place in ((FIRST, "Friends Meeting House, Bristol"), (SECOND, "Hebden Bridge Town Hall")):
        page.goto(f"{base}/gatherings/new")
        page.get_by_label("Date").fill(day.isoformat())
        page.get_by_label("Place").fill(place)
        click(page, page.get_by_role("button", name="Announce the Gathering"))
        expect(page.locator(".flash")).to_contain_text("is announced")
    audited(page)
    first_url = f"{base}/gatherings/1"
    second_url = f"{base}/gatherings/2"
    page.goto(first_url)
    click(page, page.get_by_role("button", name="I will attend"))
    expect(page.locator(".flash")).to_contain_text("You will attend")

    # The day of the first Gathering: Anna attended, presents "smallest group 4" and agrees.
    app.config["FROZEN_NOW"] = dt.datetime.combine(FIRST, dt.time(11), tzinfo=UTC)
    page.goto(first_url)
    click(page, page.get_by_role("button", name="I attended"))
    click(page, page.get_by_role("link", name="Present a proposal at this Gathering"))
    audited(page)
    page.get_by_label("Title").fill("Groups of four")
    page.get_by_label("The proposal").fill("Newer IPN texts say *four to eight*.")
    page.get_by_label("Smallest group that can stand by its members").fill("4")
    click(page, page.get_by_role("button", name="Present the proposal"))
    expect(page.locator(".lead")).to_contain_text("Presented")
    page.get_by_label("Agree", exact=True).check()
    click(page, page.get_by_role("button", name="Record my position"))
    expect(page.locator(".flash")).to_contain_text("consensus")
    audited(page)
    page.goto(f"{base}/groups/{facts['wye']}")
    expect(page.locator(".group-head-meta .badge")).to_contain_text("Forming")

    # The second Gathering: Ben attended and agrees: ratified, in force from that day.
    app.config["FROZEN_NOW"] = dt.datetime.combine(SECOND, dt.time(15), tzinfo=UTC)
    log_in(page, base, ben)
    page.goto(second_url)
    expect(page.get_by_role("link", name="Groups of four")).to_be_visible()
    click(page, page.get_by_role("button", name="I attended"))
    audited(page)
    click(page, page.get_by_role("link", name="Groups of four"))
    page.get_by_label("Agree", exact=True).check()
    click(page, page.get_by_role("button", name="Record my position"))
    expect(page.locator(".flash")).to_contain_text("ratified and in force")
    expect(page.locator(".lead")).to_contain_text("In force since 6 June 2026")

    # The registry applied it: Wye is a member group, with the proposal as the cause.
    page.goto(f"{base}/groups/{facts['wye']}")
    expect(page.locator(".group-head-meta .badge")).to_contain_text("Member group")
    expect(page.locator(".timeline").first).to_contain_text("Groups of four")
    audited(page)
    click(page, page.locator(".timeline").get_by_role("link", name="The proposal that changed the rules").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups of four")

    # The rules page: four in force today, and the history of every change with its cause.
    page.goto(f"{base}/rules")
    expect(page.locator("#now-title + p")).to_contain_text("Groups of four")
    row = page.get_by_role("row", name="Smallest group that can stand by its members")
    expect(row).to_contain_text("4")
    history = page.locator("#history-title + ol")
    expect(history).to_contain_text("Groups of four")
    expect(history).to_contain_text("5 → 4")
    expect(history).to_contain_text("The founding rules")
    audited(page)
    page.screenshot(path=str(tmp_path / "rules.png"), full_page=True)


@pytest.fixture
def demo(live_server, live_app_config):
    """The demo network in the live server's database, with its Gatherings and proposals."""
    from sqlalchemy import select

    from ipn import clock
    from ipn.demo import load_demo
    from ipn.models import Gathering, NetcomIssue, Proposal

    builder = create_app(live_app_config)
    with builder.app_context():
        assert load_demo()
        every = list(db.session.scalars(select(Gathering).order_by(Gathering.date)))
        with_issue = set(db.session.scalars(select(NetcomIssue.gathering_id)))
        facts = {
            "past": [g.id for g in every if g.date < clock.today()][-1],
            "future": [g.id for g in every if g.date > clock.today()][0],
            "no_issue": [g.id for g in every if g.id not in with_issue][0],
            "issue": sorted(with_issue)[0],
            "proposals": list(db.session.scalars(select(Proposal.id))),
        }
        db.session.remove()
        db.engine.dispose()
    return facts


def test_every_governance_page_passes_the_audit_over_the_demo(page: Page, live_server, demo):
    from ipn.demo.content import DEMO_PASSWORD

    base = live_server
    log_in(page, base, "ruth.okafor@example.org", DEMO_PASSWORD)
    paths = ["/gatherings", "/gatherings/new", f"/gatherings/{demo['past']}", f"/gatherings/{demo['future']}",
             f"/gatherings/{demo['future']}/proposals/new", "/proposals", "/rules", "/netcom",
             f"/netcom/{demo['issue']}", f"/gatherings/{demo['no_issue']}/netcom", "/me"]
    paths += [f"/proposals/{pid}" for pid in demo["proposals"]]
    for path in paths:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        audited(page)
    # The rules page of the demo has a history: the founding rules and the ratified quorum.
    page.goto(f"{base}/rules")
    expect(page.locator("#history-title + ol")).to_contain_text("A quorum of one quarter")
    expect(page.locator("#history-title + ol")).to_contain_text("The founding rules")

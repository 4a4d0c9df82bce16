"""Practitioners in a real browser: five strangers register, found a group, stand by each other
through the matrix and agree a statement; linked groups visit until it is a full member group;
a withdrawal costs it its status and standing by again restores it.

Slow (a page action takes about 1.5 s here): only these journeys run in the browser; every
other behaviour of these pages is tested through the test client in test_workspace.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from ipn import create_app
from ipn.extensions import db
from tests import factories as f
from tests.browsing import click, log_in

PASSWORD = "a long enough passphrase"
NAMES = ["Ann Abbott", "Ben Brook", "Cat Carter", "Dan Dale", "Eve Ellis"]


def email_of(name: str) -> str:
    return name.split()[0].lower() + "@example.org"


def register(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email_of(name))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    click(page, page.get_by_role("button", name="Create my account"))
    expect(page.locator(".flash")).to_contain_text(f"Welcome to the network, {name}")


def badge(page: Page):
    return page.locator(".group-title .badge")


def stand_by_everyone(page: Page, base: str, slug: str, me: str) -> None:
    page.goto(f"{base}/groups/{slug}/workspace")
    matrix = page.locator("#matrix")
    for other in NAMES:
        if other != me:
            click(page, matrix.get_by_role("button", name=f"Stand by {other}", exact=True))
            expect(page.locator(".flash")).to_contain_text(f"You now stand by {other}")


def test_five_strangers_become_a_member_group(page: Page, browser: Browser, live_server: str):
    base = live_server
    pages = {NAMES[0]: page}
    for name in NAMES[1:]:
        pages[name] = browser.new_context().new_page()
    for name, p in pages.items():
        register(p, base, name)

    ann = pages["Ann Abbott"]
    ann.goto(f"{base}/me")
    expect(ann.locator("h1")).to_have_text("What needs me")
    expect(ann.locator("main")).to_contain_text("You are not in a group yet")
    click(ann, ann.get_by_role("link", name="Found a group"))
    ann.get_by_label("Name of the group").fill("Willow Group")
    ann.get_by_label("Region").fill("Bristol")
    click(ann, ann.get_by_role("button", name="Found the group"))
    expect(badge(ann)).to_have_text("Forming")
    slug = re.search(r"/groups/([^/]+)/workspace", ann.url).group(1)

    # Two found by name (their region shows, never their email), two invited by email.
    for name in NAMES[1:3]:
        ann.get_by_label("Search by name").fill(name.split()[0])
        click(ann, ann.get_by_role("button", name="Search"))
        expect(ann.locator(".found")).not_to_contain_text("@")
        click(ann, ann.get_by_role("button", name=f"Invite {name}"))
        expect(ann.locator(".flash")).to_contain_text(f"{name} is invited")
    for name in NAMES[3:]:
        ann.get_by_label("Their email address").fill(email_of(name))
        click(ann, ann.get_by_role("button", name="Invite by email"))
        expect(ann.locator(".flash")).to_contain_text(f"{name} is invited")

    for name in NAMES[1:]:
        p = pages[name]
        p.goto(f"{base}/me")
        expect(p.locator("main")).to_contain_text("Invitations to answer")
        click(p, p.get_by_role("button", name="Accept the invitation to Willow Group"))
        expect(p.locator("main")).to_contain_text("You are joining Willow Group")

    for name in NAMES:
        stand_by_everyone(pages[name], base, slug, name)

    ann.goto(f"{base}/groups/{slug}/workspace")
    expect(ann.locator(".criteria-card")).to_contain_text("Every member stands by every other member")
    expect(ann.locator("#people")).to_contain_text("Eve Ellis Member since")
    expect(ann.locator("#people .tag")).to_have_count(0)
    expect(badge(ann)).to_have_text("Forming")  # no statement yet
    click(ann, ann.get_by_role("link", name="Draft the statement"))
    ann.get_by_role("textbox", name="The statement").fill("# How we work\n\nWe *meet monthly* and hold each other to account.")
    click(ann, ann.get_by_role("button", name="Preview"))
    expect(ann.locator(".preview em")).to_have_text("meet monthly")
    click(ann, ann.get_by_role("button", name="Save the draft"))
    expect(ann.locator(".flash")).to_contain_text("The draft is saved")

    for name in NAMES:
        p = pages[name]
        p.goto(f"{base}/groups/{slug}/statement")
        expect(p.locator("#draft-text")).to_contain_text("We meet monthly")
        click(p, p.get_by_role("button", name="I endorse this draft"))
    eve = pages["Eve Ellis"]
    expect(eve.locator(".flash")).to_contain_text("Your endorsement was the last one")
    expect(badge(eve)).to_have_text("Member group")
    eve.goto(f"{base}/groups/{slug}/workspace")
    expect(eve.locator(".criteria-card h2")).to_contain_text("A member group")


@pytest.fixture
def network(live_app_config):
    """River (a member group) and two member groups, Hill and Oak, built through the services
    in the live server's database."""
    app = create_app(live_app_config)
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        db.session.commit()
        people = {"river": [(p.name, p.email) for p in river[1]], "hill": hill[1][0].email,
                  "oak": oak[1][0].email, "slug": river[0].slug}
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return people


def test_links_and_visits_make_a_full_member_group_and_a_withdrawal_costs_it(
        page: Page, browser: Browser, live_server: str, network):
    base, slug = live_server, network["slug"]
    (ruth_name, ruth_email), (sam_name, _) = network["river"][0], network["river"][1]
    log_in(page, base, ruth_email)
    page.goto(f"{base}/groups/{slug}/links")
    for partner in ("Hill Group", "Oak Group"):
        page.get_by_label("Find a member group").fill(partner.split()[0])
        click(page, page.get_by_role("button", name="Search"))
        click(page, page.get_by_role("button", name=f"Propose a link to {partner}"))
        expect(page.locator(".flash")).to_contain_text(f"You have proposed a link to {partner}")

    for partner, email in (("Hill Group", network["hill"]), ("Oak Group", network["oak"])):
        visitor = browser.new_context().new_page()
        log_in(visitor, base, email)
        expect(visitor.locator("main")).to_contain_text("Link proposals to answer")
        click(visitor, visitor.get_by_role("button", name="Accept the link with River Group"))
        expect(visitor.locator(".flash")).to_contain_text("You have accepted the link with River Group")
        click(visitor, visitor.get_by_role("link", name="Record a visit to River Group"))
        visitor.get_by_label("Validated: we affirm their standing-by process").check()
        visitor.get_by_label("Private note").fill("A good meeting.")
        click(visitor, visitor.get_by_role("button", name="Record the visit"))
        expect(visitor.locator(".flash")).to_contain_text(f"{partner} validated River Group")
        visitor.context.close()

    page.goto(f"{base}/groups/{slug}/workspace")
    expect(badge(page)).to_have_text("Full member group")
    page.goto(f"{base}/groups/{slug}/links")
    expect(page.locator(".link-card").first).to_contain_text("counts until")

    # A withdrawal: the group loses its status at once, and the gap is marked in the matrix.
    page.goto(f"{base}/groups/{slug}/workspace")
    click(page, page.get_by_role("link", name=f"Withdraw… your stand-by of {sam_name}"))
    click(page, page.get_by_role("button", name="Withdraw my stand-by"))
    expect(page.locator(".field-errors")).to_contain_text("Say why you withdraw")
    page.get_by_label("Why do you withdraw your stand-by?").fill("We need to talk about supervision.")
    click(page, page.get_by_role("button", name="Withdraw my stand-by"))
    expect(badge(page)).to_have_text("Forming")
    expect(page.locator(".cell-withdrawn")).to_contain_text("Withdrawn")
    expect(page.locator(".criteria-card")).to_contain_text(f"{ruth_name} withdrew their stand-by of {sam_name}")

    # Standing by again, from the criteria panel, brings full membership back.
    click(page, page.locator(".criteria-card").get_by_role("button", name=f"Stand by {sam_name}"))
    expect(badge(page)).to_have_text("Full member group")

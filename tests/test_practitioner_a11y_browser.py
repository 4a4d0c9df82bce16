"""The practitioners' pages in Chromium: an axe-core audit of each one, at desk and phone width,
finds no serious or critical violation, and no page scrolls sideways on a phone except inside
the stand-by matrix's own scroll container.

The network is built so that every page shows its fullest form: a matrix with a withdrawn
stand-by and a joining person, a statement with a draft, a published and a superseded
version, links with an incoming proposal and an active link with visits, a profile with a token,
and the login and registration forms with their field errors showing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ipn import create_app
from ipn.extensions import db
from ipn.models import Statement
from ipn.services import accounts, invitations, links, stand_bys, statements
from tests import factories as f
from tests.axe import audit
from tests.browsing import (
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    log_in,
)

pytestmark = pytest.mark.browser

@pytest.fixture
def net(live_server, live_app_config):
    """River Group, seen by its first member Ruth: three statement versions (superseded,
    published, draft), linked to Hill (visited both ways), a proposal from Oak waiting, a
    newcomer joining, and Ruth's stand-by of her second colleague withdrawn."""
    app = create_app(live_app_config)
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        group, people = river
        ruth = people[0]
        f.publish_statement(group, people, "# River Group\n\nWe meet monthly.\n\nWe hold each other to account.")
        statements.draft_statement(ruth, group, "# River Group\n\nWe meet fortnightly.\n\nWe hold each other to account.")
        link = f.link(river, hill)
        f.validate(link, hill, group)
        f.validate(link, river, hill[0])
        links.propose_link(oak[1][0], oak[0], group)
        f.join(group, ruth, f.person("Nia Newcomer"))
        stand_bys.withdraw_stand_by(ruth, group, people[1], "We need to talk about supervision.")
        invitations.invite(oak[1][0], oak[0], ruth)
        accounts.create_token(ruth, "My calendar script")
        versions = db.session.query(Statement).filter_by(group_id=group.id).order_by(Statement.id).all()
        db.session.commit()
        built = {"slug": group.slug, "email": ruth.email, "withdrawn": people[1].id, "stood_by": people[2].id,
                 "link": link.id, "old": versions[0].id, "new": versions[-1].id}
        db.session.remove()
        db.engine.dispose()
    return built


def overflow(page: Page) -> list[str]:
    """Elements that stick out past the right edge of the window, outside the matrix's scroller;
    and whether the page as a whole scrolls sideways."""
    return page.evaluate("""() => {
      const width = window.innerWidth, out = [];
      const scroller = document.querySelector('.matrix-scroll');
      for (const el of document.querySelectorAll('body *')) {
        if (scroller && scroller.contains(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 0.5) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
      }
      if (document.documentElement.scrollWidth > width) out.push('the page (scrollWidth ' + document.documentElement.scrollWidth + ')');
      return out;
    }""")


def check(page: Page, where: str, width: int, problems: list) -> None:
    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1:
        problems.append(f"{where} has {len(headings)} top-level headings: {headings}")
    for v in audit(page):
        problems.append(f"{where} at {width}px: {v['impact']} {v['id']} ({v['help']}) on {v['where']}")
    if width < 600:
        for what in overflow(page):
            problems.append(f"{where} at {width}px sticks out sideways: {what}")


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 740)])
def test_every_practitioner_page_passes_axe_and_fits(page: Page, live_server, net, width, height):
    base, slug = live_server, net["slug"]
    page.set_viewport_size({"width": width, "height": height})
    problems: list[str] = []

    # Logged out: the two forms, with their errors showing.
    page.goto(f"{base}/login")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Log in"))
    check(page, "/login with errors", width, problems)
    page.goto(f"{base}/register")
    page.get_by_label("Password", exact=True).fill("short")
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Register"))
    check(page, "/register with errors", width, problems)

    log_in(page, base, net["email"])
    expect(page.locator("main")).to_contain_text("Invitations to answer")
    paths = ["/me", "/notifications", "/groups/new", f"/groups/{slug}/workspace",
             f"/groups/{slug}/workspace/withdraw/{net['stood_by']}", f"/groups/{slug}/statement",
             f"/groups/{slug}/statement/compare?old={net['old']}&new={net['new']}", f"/groups/{slug}/links",
             f"/groups/{slug}/links/{net['link']}/visit", f"/groups/{slug}/links/{net['link']}/end", "/profile",
             "/profile/delete"]
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        if path.endswith("/workspace"):
            expect(page.locator(".cell-withdrawn")).to_have_count(1)
            expect(page.locator("#matrix .tag")).to_contain_text("joining")
        if path.endswith("/links"):
            expect(page.locator("#proposals")).to_contain_text("Oak Group")
            page.get_by_text("Recent visits").click()
        if path.endswith("/statement"):
            expect(page.locator("#versions li")).to_have_count(3)
        if path == "/profile":
            expect(page.locator("main")).to_contain_text("My calendar script")
        claimed = page.locator('nav[aria-label="Main"] [aria-current]').all_inner_texts()
        if claimed:
            problems.append(f"{path}: the main navigation claims {claimed} is the current page")
        check(page, path, width, problems)

    assert problems == [], "\n".join(problems)

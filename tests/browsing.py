"""What the browser tests do again and again in Chromium: press something that loads a page,
log in through the form, audit a page with axe at desk and phone width, and check that a page
does not scroll sideways.

A test module that audits imports `browser_context_args` from here: axe is injected as a
script tag, which the site's CSP (rightly) forbids, so its browser contexts bypass CSP. Pages
load exactly as they would otherwise."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.axe import audit
from tests.factories import PASSWORD

WIDTHS = ((1280, 900), (375, 800))


@pytest.fixture
def browser_context_args(browser_context_args):
    """pytest-playwright's context arguments, with CSP bypassed so that axe can run."""
    return {**browser_context_args, "bypass_csp": True}


def click(page: Page, locator) -> None:
    """Press a button or link that loads a new page, and wait for it."""
    with page.expect_navigation():
        locator.click()


def log_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form, from no session at all, and arrive on "What needs me"
    with the welcome showing."""
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    click(page, page.get_by_role("button", name="Log in"))
    expect(page).to_have_url(f"{base}/me")
    expect(page.get_by_role("status").first).to_contain_text("Welcome back")


def fits(page: Page) -> bool:
    """The page does not scroll sideways at the viewport's width."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def audited(page: Page) -> None:
    """The page as it is passes the axe audit at desk width and at phone width."""
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert audit(page) == [], f"{page.url} at {width}px"

"""The public pages in Chromium: a client's way through them by keyboard, at phone width, and
an axe-core audit of each page that finds no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ipn import create_app
from ipn.extensions import db
from tests import public_network
from tests.axe import audit
from tests.browsing import (
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    fits,
)

pytestmark = pytest.mark.browser

@pytest.fixture
def net(live_server, live_app_config):
    """The network, built through the services in the live server's database."""
    builder = create_app(live_app_config)
    with builder.app_context():
        built = public_network.build()
        db.session.remove()
        db.engine.dispose()
    return built


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 740)])
def test_every_public_page_passes_axe_and_fits(page: Page, live_server, net, width, height):
    page.set_viewport_size({"width": width, "height": height})
    paths = ["/", "/groups", f"/groups/{net.river}", f"/groups/{net.ash}", f"/groups/{net.elm}", "/check",
             "/check?name=River", f"/practitioners/{net.accredited_id}", f"/practitioners/{net.joining_id}",
             "/network", "/open", "/gatherings"]
    for path in paths:
        page.goto(live_server + path)
        assert audit(page) == [], path
        assert fits(page), f"{path} scrolls sideways at {width}px"


def test_a_client_checks_a_practitioner_by_keyboard(page: Page, live_server, net):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Check a practitioner").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/check")
    page.get_by_label("Their name").fill(net.accredited_name)
    page.keyboard.press("Enter")
    page.get_by_role("link", name=net.accredited_name).click()
    expect(page.locator(".answer").first).to_contain_text("is accredited through the network today")
    expect(page.locator(".answer").first).to_contain_text("River Group")
    page.get_by_role("textbox", name="Date").fill("2030-01-01")
    page.get_by_role("button", name="Check this date").click()
    expect(page.get_by_role("alert")).to_contain_text("in the future")


def test_a_client_searches_the_directory_and_opens_a_group(page: Page, live_server, net):
    page.goto(live_server + "/groups")
    page.get_by_label("Search").fill("complaint")
    page.get_by_role("button", name="Show groups").click()
    expect(page.locator(".group-item")).to_have_count(1)
    page.get_by_role("link", name="River Group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("River Group")
    expect(page.locator(".criteria")).to_contain_text("Validated by other groups")
    page.get_by_text("Changes in the version", exact=False).first.click()
    expect(page.locator(".diff-added").first).to_be_visible()


def test_the_network_map_links_each_group_and_filters_by_region(page: Page, live_server, net):
    page.goto(live_server + "/network")
    expect(page.locator(".network-svg .node-link")).to_have_count(4)
    expect(page.locator(".map-legend")).to_contain_text("Full member group")
    page.get_by_label("Region").select_option("Leeds")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".network-svg .node-link")).to_have_count(1)
    page.locator(".network-svg .node-link").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hill Group")

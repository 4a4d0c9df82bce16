"""Sessions in a real browser (issue 12, item 1): a practitioner logged in on two devices sees
both on their profile, "this one" marked; ends the other, which is then logged out; a new API
token is shown once on the page that made it; the page passes the accessibility audit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.axe import audit
from tests.browsing import log_in


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}  # only so that the axe audit can run


def test_two_devices_one_ends_the_other_and_a_token_is_shown_once(page: Page, browser: Browser, live_server: str,
                                                                   make_practitioner):
    make_practitioner(name="Ada Lovelace", email="ada@example.org")
    phone = browser.new_context(user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                                           "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 "
                                           "Safari/604.1").new_page()
    log_in(phone, live_server, "ada@example.org")
    log_in(page, live_server, "ada@example.org")

    page.goto(live_server + "/profile")
    sessions = page.get_by_role("region", name="Where you are logged in")
    expect(sessions.get_by_role("row")).to_have_count(3)  # a header and two sessions
    expect(sessions).to_contain_text("Chrome on Linux (this one)")
    expect(sessions).to_contain_text("Safari on iOS")
    assert audit(page) == []

    sessions.get_by_role("button", name="End the session on Safari on iOS").click()
    expect(page.get_by_role("status").first).to_contain_text("The session on Safari on iOS has ended.")
    expect(sessions.get_by_role("row")).to_have_count(2)
    phone.goto(live_server + "/profile")
    expect(phone).to_have_url(live_server + "/login?next=%2Fprofile")

    page.get_by_label("What is this token for?").fill("My calendar script")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("#new-token-value").inner_text()
    assert token.startswith("ipn_")
    cookies = page.context.cookies()
    assert all(token not in cookie["value"] for cookie in cookies)
    page.goto(live_server + "/profile")
    expect(page.locator("main")).to_contain_text("My calendar script")
    expect(page.locator("#new-token-value")).to_have_count(0)
    assert token not in page.content()

    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.get_by_role("status").first).to_contain_text("You have logged out everywhere.")
    page.goto(live_server + "/profile")
    expect(page).to_have_url(live_server + "/login?next=%2Fprofile")
    phone.context.close()

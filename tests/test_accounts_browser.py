"""A newcomer in a real browser (headless Chromium, CSRF on): registers, logs out and in
again, sees and edits their profile; a form with mistakes shows them by the fields and
loses nothing that was typed (passwords aside)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_newcomer_registers_logs_in_and_edits_their_profile(page: Page, live_server: str):
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a practitioner")

    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Region").fill("Bristol")
    page.get_by_label("Your practice").fill("Integrative counselling for adults.")
    page.get_by_label("I am looking for a group").check()
    page.get_by_label("Email address").fill("Ada@Example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(live_server + "/me")
    expect(page.get_by_role("status").first).to_contain_text("Welcome to the network, Ada Lovelace")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status").first).to_contain_text("You have logged out.")

    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status").first).to_contain_text("Welcome back, Ada Lovelace.")

    page.get_by_role("link", name="Your profile: Ada Lovelace").click()
    expect(page).to_have_url(live_server + "/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    shown = page.get_by_role("region", name="Shown publicly")
    expect(shown).to_contain_text("Ada Lovelace")
    expect(shown).to_contain_text("Bristol")

    page.get_by_label("Region").fill("Bath")
    page.get_by_label("I am looking for a group").uncheck()
    page.get_by_role("button", name="Save my details").click()

    expect(page.get_by_role("status").first).to_contain_text("Your details are saved.")
    expect(shown).to_contain_text("Bath")
    expect(page.get_by_label("Region")).to_have_value("Bath")
    expect(page.get_by_label("I am looking for a group")).not_to_be_checked()


def test_mistakes_are_shown_by_their_fields_and_nothing_typed_is_lost(page: Page, live_server: str):
    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill("Zoë Ødegård")
    page.get_by_label("Region").fill("Cardiff")
    page.get_by_label("Your practice").fill("Person-centred, in Welsh and English.")
    page.get_by_label("I am looking for a group").check()
    page.get_by_label("Email address").fill("zoe@")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("different")
    page.get_by_role("button", name="Create my account").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Enter an email address such as name@example.org."))
    expect(page.get_by_label("Password", exact=True)).to_have_accessible_description(re.compile("Choose a password"))

    expect(page.get_by_label("Your name")).to_have_value("Zoë Ødegård")
    expect(page.get_by_label("Region")).to_have_value("Cardiff")
    expect(page.get_by_label("Your practice")).to_have_value("Person-centred, in Welsh and English.")
    expect(page.get_by_label("I am looking for a group")).to_be_checked()
    expect(email).to_have_value("zoe@")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    # The summary links to the field to correct; correcting it lets the newcomer in.
    summary.get_by_role("link", name=re.compile("Enter an email address")).click()
    expect(page).to_have_url(re.compile("#email$"))
    email.fill("zoe@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(live_server + "/me")


def test_the_layout_works_on_a_small_phone(page: Page, live_server: str):
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/", "/register", "/login"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Check a practitioner")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

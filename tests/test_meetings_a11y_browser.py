"""The meeting pages in Chromium: an axe-core audit at phone and desk width finds nothing
serious or critical, and no page scrolls sideways on a phone: the meetings list, recording a
meeting (with its errors showing), a meeting, the round runner before and while it runs, the
formats, changing a format, recording a visit from a meeting, and "What needs me"."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from ipn import create_app
from ipn.extensions import db
from ipn.services import meetings
from tests import factories as f
from tests.axe import audit
from tests.browsing import (
    browser_context_args,  # noqa: F401  (fixture: CSP bypassed for axe)
    fits,
    log_in,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def net(live_server, live_app_config):
    app = create_app(live_app_config)
    with app.app_context():
        oak, ash = f.member_group("Oak Group"), f.member_group("Ash Group")
        f.link(oak, ash)
        group, people = oak
        today = f.clock.today()
        for weeks in (18, 12, 6):
            last = meetings.save_meeting(people[0], group, today - dt.timedelta(weeks=weeks), weeks == 12, people[:4],
                                         "Check-in\nDates", "Rota agreed.", today - dt.timedelta(weeks=weeks - 6),
                                         ash[0] if weeks == 6 else None)
        fmt = meetings.format_for(group, "balint")
        meetings.record_round(people[0], last, fmt, people[1], [p.name for p in fmt.phases])
        meetings.copy_format(people[0], group, "intervision")
        db.session.commit()
        built = {"slug": group.slug, "meeting": last.id, "email": people[0].email, "ben": people[1].id,
                 "ash_email": ash[1][0].email}
        db.session.remove()
        db.engine.dispose()
    return built


@pytest.mark.parametrize("width", [375, 1280])
def test_meeting_pages_pass_axe_and_fit_a_phone(page: Page, browser: Browser, live_server: str, net, width: int):
    page.set_viewport_size({"width": width, "height": 800})
    base, slug, mid = live_server, net["slug"], net["meeting"]
    log_in(page, base, net["email"])
    paths = [f"/groups/{slug}/meetings", f"/groups/{slug}/meetings/new", f"/groups/{slug}/meetings/{mid}",
             f"/groups/{slug}/meetings/{mid}/edit", f"/groups/{slug}/formats",
             f"/groups/{slug}/formats/our-intervision",
             f"/groups/{slug}/meetings/{mid}/run?format=intervision&presenter={net['ben']}", "/me"]
    for path in paths:
        page.goto(base + path)
        assert audit(page) == [], path
        assert fits(page), path
    # The runner while it runs, and once a phase's time is up.
    page.goto(base + paths[-2])
    page.get_by_role("button", name="Begin the round").click()
    page.get_by_role("button", name="Next phase").click()
    assert audit(page) == []
    # The meeting form with its errors showing.
    page.goto(base + f"/groups/{slug}/meetings/new")
    page.get_by_label("Date of the meeting").fill("2099-01-01")
    page.get_by_label("Notes for the group").fill("x")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".error-summary")).to_contain_text("not in the future")
    assert audit(page) == []
    # The link group's member recording the visit from the meeting it joined.
    other = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800}).new_page()
    log_in(other, base, net["ash_email"])
    other.goto(f"{base}/groups/{slug}/meetings/{mid}/visit")
    expect(other.locator("h1")).to_have_text("Record your visit to Oak Group")
    assert audit(other) == []
    assert fits(other)
    other.goto(f"{base}/me")
    expect(other.locator("main")).to_contain_text("Visits to record from a meeting you joined")
    assert audit(other) == []

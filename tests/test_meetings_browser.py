"""Running a round on a phone (issue 14), in Chromium at 375 px wide under the site's own CSP:
each shipped format goes phase by phase with its timer (on Playwright's fake clock, so minutes
pass at once), a gentle time-up signal, the next phase on a tap, and the round recorded on the
meeting. Without script the page is the printable list of phases. And the journey the issue
names: record a meeting, run an intervision round then a Balint round, show the rhythm."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from ipn import create_app, formats
from ipn.extensions import db
from ipn.models import Meeting, Round
from ipn.services import meetings
from tests import factories as f
from tests.browsing import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def oak(live_server, live_app_config):
    """Oak Group, a member group, with one meeting that Ann and Ben came to."""
    app = create_app(live_app_config)
    with app.app_context():
        group, people = f.member_group("Oak Group")
        meeting = meetings.save_meeting(people[0], group, f.clock.today() - dt.timedelta(days=1), False,
                                        people[:3], "Check-in; dates", "", None)
        db.session.commit()
        built = {"slug": group.slug, "meeting": meeting.id, "email": people[0].email,
                 "ben": people[1].name, "ben_id": people[1].id, "emails": [p.email for p in people]}
        db.session.remove()
        db.engine.dispose()
    yield {**built, "app": app}
    with app.app_context():  # what the test read through this app: no connection left open
        db.session.remove()
        db.engine.dispose()


def rounds_of(app, meeting_id: int) -> list[tuple[str, int | None, list[str]]]:
    with app.app_context():
        rows = db.session.query(Round).filter_by(meeting_id=meeting_id).order_by(Round.id).all()
        found = [(r.format_slug, r.presenter_id, list(r.phases)) for r in rows]
        db.session.remove()
        db.engine.dispose()
        return found


def run_round(page: Page, fmt: formats.Format, presenter: str | None) -> None:
    """From the meeting's page: choose the format, run every phase, let each one's time run
    out on the fake clock, and end the round."""
    page.get_by_label("Format").select_option(fmt.slug)
    page.get_by_label("Who presents").select_option(label=presenter or "Nobody (an ordinary meeting)")
    with page.expect_navigation():
        page.get_by_role("button", name="Run the round").click()
    expect(page.locator("h1")).to_have_text(fmt.name)
    if presenter:
        expect(page.locator(".round-who")).to_contain_text(f"Presenting: {presenter}")
    first = fmt.phases[0]
    expect(page.locator(".phase.current .phase-name")).to_contain_text(first.name)
    expect(page.locator(".phase:visible")).to_have_count(1)
    expect(page.locator("#timer")).to_have_text(f"{first.minutes}:00")
    # From here the page's time moves only when the test moves it: on a busy machine the
    # seconds an expectation waits would otherwise show on the timer.
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds
    page.get_by_role("button", name="Begin the round").click()
    for number, phase in enumerate(fmt.phases, 1):
        current = page.locator(".phase.current")
        expect(current.locator(".phase-name")).to_contain_text(phase.name)
        expect(current.locator(".phase-count")).to_have_text(f"Phase {number} of {len(fmt.phases)}")
        expect(current.locator(".phase-rule")).to_have_text(phase.rule)
        expect(page.locator("#timer")).to_have_text(f"{phase.minutes}:00")
        page.clock.run_for(30_000)  # half a minute passes
        expect(page.locator("#timer")).to_have_text(f"{phase.minutes - 1}:30")
        expect(page.locator("#time-status")).to_have_text("")
        page.clock.run_for(phase.minutes * 60_000)  # the phase's time is up
        expect(page.locator("#time-status")).to_have_text(
            "Time is up for this phase. Move on when the group is ready.")
        expect(page.locator("#timer")).to_have_text("+0:30")
        expect(current).to_have_class("phase current time-up")
        if number < len(fmt.phases):
            page.get_by_role("button", name="Next phase").click()
    with page.expect_navigation():
        page.get_by_role("button", name="End the round", exact=True).click()


@pytest.mark.parametrize("slug", [f.slug for f in formats.shipped()])
def test_each_shipped_format_runs_phase_by_phase_on_a_phone(page: Page, live_server: str, oak, slug: str):
    fmt = formats.shipped_format(slug)
    page.set_viewport_size(PHONE)
    page.clock.install()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server, oak["email"])
    page.goto(f"{live_server}/groups/{oak['slug']}/meetings/{oak['meeting']}")
    presenter = oak["ben"] if fmt.presenter else None
    run_round(page, fmt, presenter)
    expect(page.locator(".flash")).to_contain_text(f"The round of {fmt.name}")
    line = page.locator("#rounds .round-line")
    expect(line).to_contain_text(fmt.name)
    if presenter:
        expect(line).to_contain_text(f"a case brought by {presenter}")
    expect(line).to_contain_text(fmt.phases[-1].name)
    assert rounds_of(oak["app"], oak["meeting"]) == [
        (slug, oak["ben_id"] if presenter else None, [p.name for p in fmt.phases])]
    assert errors == []  # the script ran under the site's CSP without a complaint
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_round_ended_early_records_the_phases_reached(page: Page, live_server: str, oak):
    page.set_viewport_size(PHONE)
    page.clock.install()
    log_in(page, live_server, oak["email"])
    page.goto(f"{live_server}/groups/{oak['slug']}/meetings/{oak['meeting']}/run"
              f"?format=intervision&presenter={oak['ben_id']}")
    page.get_by_role("button", name="Begin the round").click()
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(600_000)  # paused: no time passes for the phase
    expect(page.locator("#timer")).to_have_text("5:00")
    page.get_by_role("button", name="Resume").click()
    page.get_by_role("button", name="Next phase").click()
    with page.expect_navigation():
        page.get_by_role("button", name="End the round now and record it").click()
    names = [p.name for p in formats.shipped_format("intervision").phases]
    assert rounds_of(oak["app"], oak["meeting"]) == [("intervision", oak["ben_id"], names[:2])]


def test_without_script_the_round_is_a_printable_list_of_phases(browser: Browser, live_server: str, oak):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, oak["email"])
    page.goto(f"{live_server}/groups/{oak['slug']}/meetings/{oak['meeting']}/run?format=balint"
              f"&presenter={oak['ben_id']}")
    fmt = formats.shipped_format("balint")
    expect(page.locator(".phase")).to_have_count(len(fmt.phases))
    for phase, item in zip(fmt.phases, page.locator(".phase").all()):
        expect(item).to_be_visible()
        expect(item.locator(".phase-name")).to_have_text(f"{phase.name} {phase.minutes} min")
    expect(page.locator("#runner")).to_be_hidden()
    page.get_by_label("This phase ran").last.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="End the round and record it").click()
    assert rounds_of(oak["app"], oak["meeting"]) == [("balint", oak["ben_id"], [p.name for p in fmt.phases][:-1])]
    context.close()


def test_a_group_records_a_meeting_runs_two_rounds_and_shows_its_rhythm(page: Page, live_server: str, oak):
    """The issue's "done when", on a phone."""
    base, slug = live_server, oak["slug"]
    page.set_viewport_size(PHONE)
    page.clock.install()
    log_in(page, base, oak["email"])
    page.goto(f"{base}/groups/{slug}/meetings")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a meeting").click()
    expect(page.locator(".confidential")).to_contain_text("Nothing that could identify a client is written here")
    page.get_by_label("Online").check()
    page.get_by_label(oak["ben"]).check()
    page.get_by_label("Agenda").fill("Check-in; Ben's question; summer dates")
    page.get_by_label("Notes for the group").fill("Hosting rota agreed; secret note kq3")
    next_day = (f.clock.today() + dt.timedelta(days=42)).isoformat()
    page.get_by_label("Next meeting").fill(next_day)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".flash")).to_contain_text("is recorded")
    run_round(page, formats.shipped_format("intervision"), oak["ben"])
    run_round(page, formats.shipped_format("balint"), oak["ben"])
    lines = page.locator("#rounds .round-line")
    expect(lines).to_have_count(2)
    expect(lines.first).to_contain_text(f"Intervision (incident method): a case brought by {oak['ben']}")
    expect(lines.last).to_contain_text(f"Balint group: a case brought by {oak['ben']}")
    page.goto(f"{base}/groups/{slug}/meetings")
    with page.expect_navigation():
        page.get_by_role("button", name="Show it on the public page").click()
    expect(page.locator("#rhythm")).to_contain_text("Shown on the public page")
    anonymous = page.context.browser.new_context(viewport=PHONE).new_page()
    anonymous.goto(f"{base}/groups/{slug}")
    today = f.clock.today()
    # Met yesterday and today: about every week, by the rule's rounding (at least one week).
    expect(anonymous.locator("main")).to_contain_text(f"Meets about every week; last met in {today:%B %Y}.")
    body = anonymous.locator("main").inner_text()
    for secret in ("kq3", "Hosting rota", "Ben's question", "Intervision", "Balint", "a case brought by"):
        assert secret not in body
    with oak["app"].app_context():
        assert db.session.query(Meeting).count() == 2
        db.session.remove()
        db.engine.dispose()

"""Practice records in a real browser on a phone-sized screen (SPEC R19): a trainee records 40
hours of co-counselling training, the teacher attests them, the pathway shows completed with its
date and the trainee shows it publicly; a Balint leader candidate sees exactly which
requirements remain. The pathway pages pass axe at 1280 and 375 pixels."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ipn import clock
from ipn.extensions import db
from ipn.services import practice
from tests import factories as f
from tests.browsing import audited, click, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "viewport": {"width": 375, "height": 800}}  # axe only


@pytest.fixture
def people(app) -> dict:
    """Tess, a CCI member recognised by Ann (accountable in a member group); Tom, her trainee;
    Eva, part-way to Balint group leader under Lou, a recognised leader."""
    with app.app_context():
        group, members = f.member_group("Harbour Group")
        ann = members[0]
        tess, tom, eva, lou = (f.person(n) for n in ("Tess Teacher", "Tom Trainee", "Eva Candidate", "Lou Leader"))
        today = clock.today()
        for holder, slug in ((tess, "cci-member"), (lou, "balint-leader")):
            prior = practice.record(holder, "prior_accreditation", dt.date(2015, 1, 1), dt.date(2015, 1, 1), ann,
                                    pathway=slug)
            practice.attest(ann, prior, True)
        for kind, hours, sessions in (("balint_participation", 96, None), ("leadership_seminar", 64, 4)):
            row = practice.record(eva, kind, today - dt.timedelta(days=300), today - dt.timedelta(days=10), lou,
                                  hours=hours, sessions=sessions)
            practice.attest(lou, row, True)
        db.session.commit()
        return {"tess": tess.email, "tom": (tom.id, tom.email), "eva": eva.email, "today": today}


def test_a_trainee_completes_the_cci_pathway_through_the_pages_and_shows_it(page: Page, live_server, people):
    base = live_server
    log_in(page, base, people["tom"][1])
    page.goto(f"{base}/profile")
    click(page, page.get_by_role("link", name="your records and pathways"))
    audited(page)
    click(page, page.get_by_role("link", name="Record practice"))
    page.get_by_label("Who can attest it?").fill("Tess")
    click(page, page.get_by_role("button", name="Find"))
    page.get_by_label("Tess Teacher").check()
    page.get_by_label("What kind of practice").select_option(label="Co-counselling training")
    page.get_by_label("From").fill("2026-01-10")
    page.get_by_label("To", exact=True).fill("2026-03-28")
    page.get_by_label("Hours").fill("40")
    audited(page)
    click(page, page.get_by_role("button", name="Record and ask for attestation"))
    expect(page.locator(".flash")).to_contain_text("Tess Teacher is asked to attest it")
    expect(page.locator("#pathway-cci-member")).to_contain_text("40 hours awaiting attestation")

    log_in(page, base, people["tess"])
    click(page, page.get_by_role("link", name="Attest or decline Tom Trainee’s practice"))
    click(page, page.get_by_role("button", name="Attest Tom Trainee’s record"))
    expect(page.locator(".flash")).to_contain_text("it counts from today")

    log_in(page, base, people["tom"][1])
    page.goto(f"{base}/practice")
    day = f"{people['today']:%-d %B %Y}"
    expect(page.locator("#pathway-cci-member")).to_contain_text(f"Completed on {day}")
    click(page, page.get_by_role("button", name="Show it on my public page"))
    page.context.clear_cookies()
    page.goto(f"{base}/practitioners/{people['tom'][0]}")
    expect(page.get_by_text(f"Completed the Co-Counselling International member pathway on {day}")).to_be_visible()
    expect(page.get_by_text("Attested by Tess Teacher.", exact=False)).to_be_visible()


def test_a_balint_leader_candidate_sees_exactly_which_requirements_remain(page: Page, live_server, people,
                                                                           tmp_path):
    log_in(page, live_server, people["eva"])
    page.goto(f"{live_server}/practice")
    balint = page.locator("#pathway-balint-leader")
    expect(balint).to_contain_text("Not completed yet")
    expect(balint).to_contain_text("96 of 120 hours, attested")
    expect(balint).to_contain_text("4 of 6 seminars (64 of 96 hours), attested")
    expect(balint).to_contain_text("0 of 1 course, attested")
    expect(balint).to_contain_text("recommended, not required")
    page.screenshot(path=tmp_path / "practice-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=tmp_path / "practice-1280.png", full_page=True)
    audited(page)

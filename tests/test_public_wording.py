"""What a newcomer reads on the public pages: why an answer is No, one way of writing days,
possessives of names that end in s, what to do next on Finding each other, and maps whose
viewBox holds every group and its name."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from ipn import clock
from ipn.extensions import db
from ipn.rules import Settings, validation_last_day
from ipn.services import accounts, groups
from tests import factories as f


def words(response) -> str:
    """The page's words, without tags, with runs of spaces collapsed."""
    assert response.status_code == 200, response.status_code
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())
    return re.sub(r" ([,.;:)])", r"\1", text)  # "<a>Register</a>," reads "Register,"


def human(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def story(app):
    """Severn Practitioners became a member group 20 days ago, with someone joining it, and a full
    member group 10 days ago, when Calder Valley Group and Taff Group (not linked to each other)
    validated it. Lee is in no group; Lark is looking for a group."""
    today = clock.today()
    with app.app_context():
        app.config["FROZEN_NOW"] = clock.start_of_day(today - dt.timedelta(days=20)) + dt.timedelta(hours=10)
        severn = f.member_group("Severn Practitioners")
        calder = f.member_group("Calder Valley Group", region="Leeds")
        taff = f.member_group("Taff Group", region="Cardiff")
        newcomer = f.person("Nell Newcomer")
        f.join(severn[0], severn[1][0], newcomer)
        to_calder, to_taff = f.link(severn, calder), f.link(severn, taff)
        app.config["FROZEN_NOW"] = clock.start_of_day(today - dt.timedelta(days=10)) + dt.timedelta(hours=10)
        f.validate(to_calder, calder, severn[0])
        f.validate(to_taff, taff, severn[0])
        assert severn[0].status == "full_member"
        del app.config["FROZEN_NOW"]
        loner = f.person("Lee Loner")
        looking = f.person("Lark Seeker", "Sheffield")
        accounts.update_profile(looking, "Lark Seeker", "Sheffield", "Counselling", True)
        groups.set_open(calder[1][0], calder[0], True)
        db.session.commit()
        return {"severn": severn[0].slug, "calder": calder[0].slug, "member": severn[1][1].id,
                "newcomer": newcomer.id, "loner": loner.id, "calder_email": calder[1][0].email,
                "to_calder": to_calder.id, "member_email": severn[1][0].email}


def test_a_no_says_which_group_and_its_status_that_day(client, story):
    before = clock.today() - dt.timedelta(days=15)
    page = words(client.get(f"/practitioners/{story['member']}?on={before.isoformat()}"))
    assert f"was not accredited through the network on {human(before)}" in page
    assert (f"Severn Practitioners was a member group on {human(before)}, not yet a full member group"
            in page)
    # Today the same person is accredited, and a Yes needs no reason.
    assert "is accredited through the network today, through Severn Practitioners" in page


def test_a_no_for_someone_joining_or_in_no_group(client, story):
    page = words(client.get(f"/practitioners/{story['newcomer']}"))
    assert "is not accredited through the network today" in page
    assert "They are joining Severn Practitioners (a full member group)" in page
    assert "someone joining is not accredited until every member stands by them" in page
    page = words(client.get(f"/practitioners/{story['loner']}"))
    assert "They are not in any group of the network today" in page
    long_ago = clock.today() - dt.timedelta(days=400)
    page = words(client.get(f"/practitioners/{story['member']}?on={long_ago.isoformat()}"))
    assert f"They were not in any group of the network on {human(long_ago)}" in page


def test_stays_on_gives_each_group_its_state_and_status_that_day(app, story):
    from ipn.models import Practitioner
    from ipn.services import history

    with app.app_context():
        newcomer = db.session.get(Practitioner, story["newcomer"])
        then = history.stays_on(newcomer, clock.today() - dt.timedelta(days=15))
        assert [(s.group.name, s.state, s.status) for s in then] == [("Severn Practitioners", "joining", "member")]
        member = db.session.get(Practitioner, story["member"])
        assert history.stays_on(member, clock.today() - dt.timedelta(days=30)) == []
        now = history.stays_on(member)
        assert [(s.state, s.status) for s in now] == [("member", "full_member")]


def test_days_are_written_one_way_and_the_lapse_follows_the_last_day(client, story):
    raw = client.get(f"/groups/{story['severn']}").get_data(as_text=True)
    page = words(client.get(f"/groups/{story['severn']}"))
    visit = clock.today() - dt.timedelta(days=10)
    last = validation_last_day(visit, Settings())
    assert f"Validated by Calder Valley Group on {human(visit)}" in page
    assert f"counts until {human(last)}; lapses the day after, on {human(last + dt.timedelta(days=1))}" in page
    assert f"this status holds until {human(last)}: a validation it rests on counts until then" in page
    assert f'<time datetime="{visit.isoformat()}">{human(visit)}</time>' in raw  # machines still read ISO
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", page) is None  # no "28 Aug 2027"


def test_possessives_of_names_ending_in_s(client, auth, story):
    auth.login(story["calder_email"])
    links = words(client.get(f"/groups/{story['calder']}/links"))
    assert "Severn Practitioners' validation of Calder Valley Group" in links
    assert "Calder Valley Group's validation of Severn Practitioners" in links
    assert "Practitioners's" not in links
    visit = words(client.get(f"/groups/{story['calder']}/links/{story['to_calder']}/visit"))
    assert "Its outcome is Calder Valley Group's word on Severn Practitioners' standing-by process" in visit
    visit_day = clock.today() - dt.timedelta(days=10)
    assert f"counts until {human(validation_last_day(visit_day, Settings()))}" in links


def test_finding_each_other_says_what_to_do_next(client, story):
    page = words(client.get("/open"))
    assert "Calder Valley Group" in page and "Lark Seeker" in page
    assert "Register, tick “I am looking for a group” on your profile, and the group's members can find you here and invite you" in page
    assert "If your group is open to new members, invite them from your group's workspace" in page
    assert "@example.org" not in page


def view_box(svg: str) -> tuple[float, float, float, float]:
    return tuple(float(n) for n in re.search(r'viewBox="([-\d. ]+)"', svg).group(1).split())


def test_maps_fit_every_group_and_name_in_their_viewbox(client, story):
    for path, size in (("/network", 14.0), (f"/groups/{story['severn']}", 16.0)):
        raw = client.get(path).get_data(as_text=True)
        svg = raw[raw.index('<svg class="network-svg"'):]
        svg = svg[:svg.index("</svg>")]
        assert 'width="' not in svg.split(">", 1)[0]  # it takes its frame's width
        x, y, width, height = view_box(svg)
        names = re.findall(r'<text class="node-label" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)">(.*?)</text>',
                           svg, re.S)
        assert len(names) >= 3
        for nx_, ny, font, inner in names:
            assert float(font) == size
            lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", inner)
            assert lines and "…" not in "".join(lines)  # "Calder Valley Group" drawn whole
            half = max(len(line) for line in lines) * float(font) * 0.6 / 2
            assert x <= float(nx_) - half and float(nx_) + half <= x + width
            assert y <= float(ny) and float(ny) + len(lines) * float(font) * 1.2 <= y + height

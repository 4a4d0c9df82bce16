"""The public registry through the test client: what a client choosing a practitioner reads,
the open data (CSV, Atom), conditional requests, and dates that cannot be checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from ipn import clock
from ipn.rules import Settings
from tests import public_network
from tests.pages import html_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def net(app):
    with app.app_context():
        return public_network.build()




def test_home_says_what_the_network_is_and_counts_it(client, net):
    page = html_of(client.get("/"))
    assert "hold each other accountable" in page
    assert "5</span>\n      <span class=\"figure-words\">practitioners accredited" in page
    assert "River Group" in page  # recently published
    assert "Friends Meeting House, Leeds" in page  # the next Gathering, not the past one
    assert "Quaker Centre" not in page


def listed(page: str, slug: str) -> bool:
    return f'href="/groups/{slug}"' in page


def test_directory_filters_searches_sorts_and_summarises(client, net):
    page = html_of(client.get("/groups"))
    for slug in (net.river, net.hill, net.oak, net.ash):
        assert listed(page, slug)
    assert not listed(page, net.elm)  # dissolved groups only when asked for
    assert listed(html_of(client.get("/groups?status=dissolved")), net.elm)
    found = html_of(client.get("/groups?q=complaint"))
    assert listed(found, net.river) and not listed(found, net.hill)
    assert "No groups match" in html_of(client.get("/groups?q=astrology"))
    leeds = html_of(client.get("/groups?region=Leeds"))
    assert listed(leeds, net.hill) and not listed(leeds, net.river)
    by_status = html_of(client.get("/groups?sort=status"))
    assert (by_status.index(f"/groups/{net.river}") < by_status.index(f"/groups/{net.hill}")
            < by_status.index(f"/groups/{net.ash}"))
    assert "Validated links: 0 of 2" in page  # the one-line summary of a member group


def test_directory_pages(client, net, app):
    with app.app_context():
        from ipn.extensions import db
        from tests import factories as f

        for n in range(21):
            f.person(f"Founder {n}")
        db.session.commit()
        from ipn.models import Practitioner
        from ipn.services import groups

        for n, person in enumerate(db.session.query(Practitioner).filter(Practitioner.name.like("Founder %"))):
            groups.found_group(person, f"Zeta Group {n:02d}", "Norwich")
        db.session.commit()
    first = html_of(client.get("/groups?region=Norwich"))
    assert "21 groups, page 1 of 2" in first and "Zeta Group 19" in first and "Zeta Group 20" not in first
    second = html_of(client.get("/groups?region=Norwich&page=2"))
    assert "Zeta Group 20" in second and 'rel="prev"' in second


def test_group_page_shows_its_record(client, net):
    page = html_of(client.get(f"/groups/{net.river}"))
    assert "Full member group" in page
    assert "Validated by other groups" in page and "Validated links: 2 of 2" in page
    assert "free first session" in page  # the current statement
    assert "Earlier versions" in page and "Added: </span>We offer clients" in page
    assert "lapses the day after, on" in page  # each validation's last day, and its lapse
    assert "Oak Group validated it after a visit" in page  # the timeline's causes
    assert "<svg class=\"network-svg\"" in page and f'href="/groups/{net.hill}"' in page
    ash = html_of(client.get(f"/groups/{net.ash}"))
    assert "Juniper Newcomer</a> <span class=\"tag\">joining</span>" in ash
    assert client.get("/groups/no-such-group").status_code == 404


def test_check_finds_people_and_answers_for_today(client, net):
    page = html_of(client.get("/check?name=" + net.accredited_name.split()[-1] + "&region=bristol"))
    assert net.accredited_name in page and "Accredited today through River Group" in page
    person = html_of(client.get(f"/practitioners/{net.accredited_id}"))
    assert "is accredited through the network today" in person
    assert f"/practitioners/{net.accredited_id}?on={clock.today().isoformat()}" in person  # a stable link
    assert "<strong>not</strong> a state licence" in person
    joining = html_of(client.get(f"/practitioners/{net.joining_id}"))
    assert "is not accredited through the network today" in joining and "They are joining" in joining


def test_check_on_a_past_date_and_a_future_date(client, net):
    yesterday = (clock.today() - dt.timedelta(days=1)).isoformat()
    page = html_of(client.get(f"/practitioners/{net.accredited_id}?on={yesterday}"))
    assert "was not accredited through the network on" in page  # the group was founded today
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    page = html_of(client.get(f"/practitioners/{net.accredited_id}?on={future}"))
    assert "is in the future" in page and "is accredited through the network today" in page
    page = html_of(client.get(f"/check?name=River&on={future}"))
    assert "That date cannot be checked" in page and "is in the future" in page
    assert "not a date we can read" in html_of(client.get(f"/practitioners/{net.accredited_id}?on=2024-13-45"))
    assert client.get("/practitioners/999999").status_code == 404


def test_finding_each_other_and_gatherings(client, net):
    page = html_of(client.get("/open"))
    assert "Oak Group" in page and "River Group" not in page
    assert "Lark Seeker" in page and "Person-centred counselling" in page and "Sheffield" in page
    page = html_of(client.get("/gatherings"))
    assert page.index("Friends Meeting House") < page.index("Quaker Centre")
    assert 'href="https://example.org/netcom/1"' in page


def test_network_map_draws_every_current_group_with_arrows(client, net):
    page = html_of(client.get("/network"))
    for slug in (net.river, net.hill, net.oak, net.ash):
        assert f'href="/groups/{slug}"' in page
    assert f'href="/groups/{net.elm}"' not in page
    assert page.count('marker-end="url(#network-map-arrow)"') + page.count('marker-start="url(#network-map-arrow)"') == 2
    leeds = html_of(client.get("/network?region=Leeds"))
    assert f'href="/groups/{net.hill}"' in leeds and f'href="/groups/{net.river}"' not in leeds


def test_a_map_that_cannot_draw_every_group_says_how_many_it_shows_and_where_they_all_are(client, net, monkeypatch):
    from ipn import map_drawing

    monkeypatch.setattr(map_drawing, "MAX_NODES", 2)
    page = html_of(client.get("/network"))
    assert "The network has 4 groups; the map" in page and "shows 2 of them" in page
    assert "a region's map shows more of that region" in page
    assert page.count('class="node-link') == 2
    assert '<a href="/groups">The directory lists every one</a>' in page


def test_the_map_never_draws_more_than_its_limit():
    import networkx as nx

    from ipn import map_drawing

    graph = nx.DiGraph()
    for n in range(map_drawing.MAX_NODES + 20):
        graph.add_node(n, slug=f"g{n}", name=f"Group {n}", status="forming", region="")
    picture = map_drawing.draw(graph, dt.date(2026, 1, 1), Settings(), limit=map_drawing.MAX_NODES)
    assert len(picture.nodes) == map_drawing.MAX_NODES and picture.cut and picture.total == map_drawing.MAX_NODES + 20


def test_csv_is_the_directory(client, net):
    response = client.get("/groups.csv?status=all")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Ash Circle", "Elm Group", "Hill Group", "Oak Group", "River Group"}
    assert by_name["River Group"]["status"] == "full_member"
    assert by_name["Ash Circle"]["members"] == "3" and by_name["Ash Circle"]["joining"] == "1"
    assert by_name["Oak Group"]["open_to_new_members"] == "yes"
    assert by_name["Elm Group"]["dissolved_on"] == clock.today().isoformat()
    assert by_name["River Group"]["url"].endswith(f"/groups/{net.river}")
    only = list(csv.DictReader(io.StringIO(client.get("/groups.csv?q=complaint").get_data(as_text=True))))
    assert [row["name"] for row in only] == ["River Group"]


def test_atom_feed_is_valid_and_lists_new_statements(client, net):
    response = client.get("/statements.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5  # River's three versions, Hill's and Oak's
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/groups/")
    assert "free first session" in "".join(e.findtext(f"{ATOM}content") for e in entries)


@pytest.mark.parametrize("path", ["/", "/groups", "/groups?q=river", "/network", "/open", "/gatherings",
                                  "/check?name=River", "/groups.csv", "/statements.atom"])
def test_unchanged_pages_answer_304(client, net, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_new_fact_changes_the_etag(client, net, app):
    first = client.get(f"/groups/{net.oak}")
    with app.app_context():
        from sqlalchemy import select

        from ipn.extensions import db
        from ipn.models import Group
        from ipn.services import groups

        oak = db.session.scalar(select(Group).where(Group.slug == net.oak))
        founder = oak.memberships[0].practitioner
        groups.set_open(founder, oak, False)
        db.session.commit()
    again = client.get(f"/groups/{net.oak}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "Open to new members" not in again.get_data(as_text=True)

"""The governance pages through the test client (SPEC R16): what needs a person who attended,
the 403 for someone who did not, pages that follow the rules in force, and NetCom.
On SQLite and PostgreSQL (the `app` fixture); the whole journey in Chromium is in
test_governance_browser.py."""

from __future__ import annotations

from ipn.extensions import db
from ipn.models import Practitioner
from tests import test_governance
from tests.factories import PASSWORD
from tests.test_governance import FIRST, SECOND, at, on_day, present_smallest_four  # noqa: F401

network = test_governance.network  # the fixture, shared with tests/test_governance.py


def log_in(client, app, pid: int) -> None:
    with app.app_context():
        email = db.session.get(Practitioner, pid).email
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_what_needs_me_lists_proposals_awaiting_the_position_of_someone_who_attended(app, client, network):
    proposal_id = present_smallest_four(app, network)
    at(app, on_day(SECOND))
    second = network["second"]
    ben, cat = network["severn_people"][1], network["severn_people"][2]

    log_in(client, app, ben)
    assert "Proposals awaiting your position" not in client.get("/me").get_data(as_text=True)
    # Ben did not attend: no position (403), through the page as through the API.
    response = client.post(f"/proposals/{proposal_id}/gatherings/{second}/position", data={f"g{second}-position": "agree"})
    assert response.status_code == 403
    client.post(f"/gatherings/{second}/attendance")
    page = client.get("/me").get_data(as_text=True)
    assert "Proposals awaiting your position" in page and "Groups of four" in page

    log_in(client, app, cat)
    assert "Proposals awaiting your position" not in client.get("/me").get_data(as_text=True)

    log_in(client, app, ben)
    response = client.post(f"/proposals/{proposal_id}/gatherings/{second}/position",
                           data={f"g{second}-position": "block"})
    assert response.status_code == 422 and "Say why you block" in response.get_data(as_text=True)
    response = client.post(f"/proposals/{proposal_id}/gatherings/{second}/position",
                           data={f"g{second}-position": "agree"}, follow_redirects=True)
    assert "ratified and in force" in response.get_data(as_text=True)
    assert "Proposals awaiting your position" not in client.get("/me").get_data(as_text=True)

    # Pages say the rules in force, never a number of their own.
    found = client.get("/groups/new").get_data(as_text=True)
    assert "invite three to eight colleagues" in found and "at four members" in found


def test_a_netcom_issue_is_written_published_safely_and_in_the_feed(app, client, network):
    at(app, on_day(FIRST))
    log_in(client, app, network["severn_people"][0])
    first = network["first"]
    assert client.get(f"/netcom/{first}").status_code == 404
    client.post(f"/gatherings/{first}/netcom", data={"title": "NetCom 41", "text": "# Draft"})
    assert client.get(f"/netcom/{first}").status_code == 404  # a draft is not public
    response = client.post(f"/gatherings/{first}/netcom", follow_redirects=True, data={
        "title": "NetCom 41", "text": "# The spring Gathering\n\n<script>alert(1)</script>[x](javascript:alert(1))",
        "publish": "y"})
    page = response.get_data(as_text=True)
    article = page[page.index("<article"):page.index("</article>")]
    assert "The spring Gathering" in article
    assert "<script" not in article and 'href="javascript:' not in article
    assert "NetCom 41" in client.get("/netcom").get_data(as_text=True)
    assert f"/netcom/{first}" in client.get(f"/gatherings/{first}").get_data(as_text=True)
    feed = client.get("/netcom.atom")
    assert feed.mimetype == "application/atom+xml" and "NetCom 41" in feed.get_data(as_text=True)
    assert client.get("/api/v1/gatherings").get_json()["items"][0]["netcom_url"].endswith(f"/netcom/{first}")


def test_public_pages_show_gatherings_proposals_and_the_rules(app, client, network):
    proposal_id = present_smallest_four(app, network)
    gathering = client.get(f"/gatherings/{network['first']}").get_data(as_text=True)
    assert "Quorate" in gathering and "Severn" in gathering and "Groups of four" in gathering
    assert "Consensus" in client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Groups of four" in client.get("/proposals").get_data(as_text=True)
    rules = client.get("/rules").get_data(as_text=True)
    assert "The founding rules" in rules and "Groups of four" in rules  # on the way
    assert client.get(f"/gatherings/{network['second']}").status_code == 200
    assert client.get("/gatherings/999").status_code == 404
    assert client.get("/gatherings/new").status_code == 302  # log in first

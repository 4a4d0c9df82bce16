"""The demo tells the governance story too (SPEC R16): one proposal ratified in its history, so
the rules page has a history; one blocked; one with consensus awaiting the Gathering to come;
NetCom issues published. On SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.models import Gathering, Proposal
from ipn.services import proposals, rulebook


def test_the_demo_has_a_ratified_a_blocked_and_a_waiting_proposal(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        states = {p.title: proposals.state(p).state for p in db.session.scalars(select(Proposal))}
        assert states == {"A quorum of one quarter": "in_force", "Groups of four": "blocked",
                          "Validations count for 18 months": "consensus"}
        history = rulebook.history()
        assert len(history) == 2 and history[1].proposal_id is None
        assert str(history[0].settings.quorum_fraction) == "1/4"
        assert history[0].since < clock.today()
        assert all(g.announced_by_id for g in db.session.scalars(select(Gathering)))
    rules = client.get("/rules").get_data(as_text=True)
    assert "A quorum of one quarter" in rules and "one third → <strong>one quarter</strong>" in rules
    assert "Validations count for 18 months" in rules  # on the way
    assert "NetCom 45: Brighton" in client.get("/netcom").get_data(as_text=True)
    # The Gathering to come has the waiting proposal before it.
    with app.app_context():
        nxt = db.session.scalar(select(Gathering).where(Gathering.date > clock.today()).order_by(Gathering.date))
        next_id = nxt.id
    waiting = client.get(f"/api/v1/gatherings/{next_id}").get_json()
    assert waiting["quorate"] is None and len(waiting["proposals"]) == 1

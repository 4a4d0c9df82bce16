"""The network governs its own rules (SPEC R16): Gatherings, proposals with consensus at one
Gathering and ratification at a later one, rules in force by date.

Through the services, in simulated time, on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from ipn import create_app
from ipn.extensions import db
from ipn.models import Group
from ipn.services import gatherings, history, proposals, rulebook
from ipn.services.errors import NotAllowed
from ipn.states import GroupStatus
from tests import factories as f

UTC = dt.timezone.utc
FOUNDED = dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
FIRST = dt.date(2026, 2, 7)
SECOND = dt.date(2026, 6, 6)


def at(app, moment: dt.datetime) -> None:
    app.config["FROZEN_NOW"] = moment


def on_day(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


@pytest.fixture
def network(app):
    """A member group (Severn, five members) and a group of four who all stand by each other
    and have endorsed their statement: waiting for the rules to allow four. Two Gatherings."""
    at(app, FOUNDED)
    with app.app_context():
        severn, severn_people = f.member_group("Severn")
        waiting, waiting_people = f.forming_group("Wye", size=4)
        f.publish_statement(waiting, waiting_people)
        assert waiting.status == GroupStatus.FORMING
        loner = f.person("Lone Walker")
        first = gatherings.announce(severn_people[0], FIRST, "Friends Meeting House, Bristol")
        second = gatherings.announce(severn_people[1], SECOND, "Hebden Bridge Town Hall", "The summer Gathering")
        db.session.commit()
        ids = {
            "severn": severn.id, "waiting": waiting.id,
            "severn_people": [p.id for p in severn_people], "waiting_people": [p.id for p in waiting_people],
            "loner": loner.id, "first": first.id, "second": second.id,
        }
    return ids


def person(pid):
    from ipn.models import Practitioner
    return db.session.get(Practitioner, pid)


def gathering(gid):
    from ipn.models import Gathering
    return db.session.get(Gathering, gid)


def present_smallest_four(app, net) -> int:
    """At the first Gathering a Severn member attends, presents "smallest group 4" and agrees."""
    at(app, on_day(FIRST))
    with app.app_context():
        speaker = person(net["severn_people"][0])
        first = gathering(net["first"])
        gatherings.attend(speaker, first)
        proposal = proposals.record(speaker, "Groups of four", "Newer IPN texts say *four to eight*.",
                                    {"min_members": 4}, first)
        proposals.record_position(speaker, proposal, first, "agree")
        db.session.commit()
        assert proposals.state(proposal).state == "consensus"
        return proposal.id


def test_consensus_then_ratification_changes_the_smallest_group_and_promotes_a_waiting_group(app, network):
    proposal_id = present_smallest_four(app, network)
    with app.app_context():
        assert db.session.get(Group, network["waiting"]).status == GroupStatus.FORMING
        assert rulebook.settings_on().min_members == 5

    at(app, on_day(SECOND))
    with app.app_context():
        from ipn.models import Proposal

        second = gathering(network["second"])
        voter = person(network["severn_people"][2])
        gatherings.attend(voter, second)
        proposal = db.session.get(Proposal, proposal_id)
        proposals.record_position(voter, proposal, second, "agree")
        db.session.commit()

        state = proposals.state(proposal)
        assert state.state == "in_force"
        assert state.effective_from == SECOND
        waiting = db.session.get(Group, network["waiting"])
        assert waiting.status == GroupStatus.MEMBER
        latest = history.timeline(waiting)[0]
        assert latest.status == GroupStatus.MEMBER
        assert "Groups of four" in latest.cause
        # The day before ratification, the old rule: forming; from the day itself, a member group.
        assert history.status_on(waiting, SECOND - dt.timedelta(days=1)) == GroupStatus.FORMING
        assert history.status_on(waiting, SECOND) == GroupStatus.MEMBER
        assert rulebook.settings_on(SECOND - dt.timedelta(days=1)).min_members == 5
        assert rulebook.settings_on(SECOND).min_members == 4
        assert [v.proposal_id for v in rulebook.history()] == [proposal_id, None]


def test_a_block_at_the_ratifying_gathering_stops_it(app, network):
    proposal_id = present_smallest_four(app, network)
    at(app, on_day(SECOND))
    with app.app_context():
        from ipn.models import Proposal

        second = gathering(network["second"])
        proposal = db.session.get(Proposal, proposal_id)
        agreeing, blocking = person(network["severn_people"][1]), person(network["severn_people"][3])
        for who in (agreeing, blocking):
            gatherings.attend(who, second)
        proposals.record_position(blocking, proposal, second, "block", "Four cannot hold a member who leaves.")
        proposals.record_position(agreeing, proposal, second, "agree")
        db.session.commit()
        assert proposals.state(proposal).state == "blocked"
        assert db.session.get(Group, network["waiting"]).status == GroupStatus.FORMING
        assert rulebook.settings_on().min_members == 5


def test_an_inquorate_gathering_decides_nothing(app, network):
    # Only people from no member group attend: Wye is forming and the loner is in no group.
    at(app, on_day(FIRST))
    with app.app_context():
        first = gathering(network["first"])
        speaker = person(network["waiting_people"][0])
        gatherings.attend(speaker, first)
        proposal = proposals.record(speaker, "Groups of four", "Let four stand by each other.",
                                    {"min_members": 4}, first)
        proposals.record_position(speaker, proposal, first, "agree")
        db.session.commit()
        assert gatherings.quorum(first).met is False
        proposal_id = proposal.id
    at(app, on_day(SECOND))
    with app.app_context():
        from ipn.models import Proposal

        second = gathering(network["second"])
        proposal = db.session.get(Proposal, proposal_id)
        for pid in (network["waiting_people"][1], network["loner"]):
            gatherings.attend(person(pid), second)
            proposals.record_position(person(pid), proposal, second, "agree")
        db.session.commit()
        assert proposals.state(proposal).state == "presented"
        assert rulebook.settings_on().min_members == 5
        assert db.session.get(Group, network["waiting"]).status == GroupStatus.FORMING


def test_someone_who_did_not_attend_cannot_record_a_position(app, network):
    proposal_id = present_smallest_four(app, network)
    with app.app_context():
        from ipn.models import Proposal

        absent = person(network["severn_people"][4])
        with pytest.raises(NotAllowed):
            proposals.record_position(absent, db.session.get(Proposal, proposal_id), gathering(network["first"]),
                                      "block", "I was not there.")


def test_an_immediate_decision_takes_effect_at_once(app, network):
    at(app, on_day(FIRST))
    with app.app_context():
        speaker = person(network["severn_people"][0])
        first = gathering(network["first"])
        gatherings.attend(speaker, first)
        proposal = proposals.record(speaker, "Validations last 18 months", "Visits are harder to arrange.",
                                    {"validation_months": 18}, first, immediate=True)
        proposals.record_position(speaker, proposal, first, "agree")
        db.session.commit()
        assert proposals.state(proposal).state == "in_force"
        assert rulebook.settings_on(FIRST).validation_months == 18
        assert rulebook.settings_on(FIRST - dt.timedelta(days=1)).validation_months == 24


def test_an_environment_variable_changed_after_set_up_changes_nothing(app_config, tmp_path, monkeypatch):
    first = create_app({**app_config, "NETWORK_MIN_MEMBERS": 5})
    assert first.test_client().get("/api/v1/rules").get_json()["rules"]["min_members"] == 5
    with first.app_context():
        db.session.remove()
        db.engine.dispose()

    monkeypatch.setenv("IPN_NETWORK_MIN_MEMBERS", "3")
    later = create_app({k: v for k, v in app_config.items()})
    assert later.config["NETWORK_MIN_MEMBERS"] == 3  # the variable is read...
    answer = later.test_client().get("/api/v1/rules").get_json()
    assert answer["rules"]["min_members"] == 5  # ...and changes nothing
    assert answer["by_proposal"] is None
    with later.app_context():
        assert rulebook.settings_on().min_members == 5
        db.session.remove()
        db.engine.dispose()


def test_the_cli_shows_the_rules_in_force_and_has_nothing_left_to_apply(app, runner, network):
    proposal_id = present_smallest_four(app, network)
    at(app, on_day(SECOND))
    with app.app_context():
        from ipn.models import Notification, Proposal

        voter = person(network["severn_people"][2])
        gatherings.attend(voter, gathering(network["second"]))
        proposals.record_position(voter, db.session.get(Proposal, proposal_id), gathering(network["second"]), "agree")
        db.session.commit()
        told = [n.text for n in db.session.query(Notification).filter_by(practitioner_id=voter.id)]
        assert any("“Groups of four” is in force from 2026-06-06" in text for text in told)
    shown = runner.invoke(args=["rules", "show"])
    assert shown.exit_code == 0 and f"proposal {proposal_id}" in shown.output
    assert "Smallest group that can stand by its members: 4" in shown.output
    applied = runner.invoke(args=["rules", "apply"])
    assert applied.exit_code == 0 and "No rule change is waiting" in applied.output


def test_a_change_whose_day_comes_later_is_applied_by_the_first_request_of_that_day(app, client, network):
    proposal_id = present_smallest_four(app, network)
    with app.app_context():
        from ipn.models import Proposal

        version = rulebook.put_in_force(db.session.get(Proposal, proposal_id), SECOND)
        db.session.commit()
        assert version.applied_at is None  # its day has not come
    at(app, on_day(SECOND - dt.timedelta(days=1)))
    assert client.get(f"/api/v1/groups/{_slug(app, network)}").get_json()["status"] == GroupStatus.FORMING
    at(app, on_day(SECOND, hour=8))
    assert client.get(f"/api/v1/groups/{_slug(app, network)}").get_json()["status"] == GroupStatus.MEMBER
    with app.app_context():
        waiting = db.session.get(Group, network["waiting"])
        assert history.status_on(waiting, SECOND - dt.timedelta(days=1)) == GroupStatus.FORMING
        assert "Groups of four" in history.timeline(waiting)[0].cause


def test_the_cli_applies_a_change_whose_day_has_come_and_says_what_changed(app, runner, network):
    proposal_id = present_smallest_four(app, network)
    with app.app_context():
        from ipn.models import Proposal

        rulebook.put_in_force(db.session.get(Proposal, proposal_id), SECOND)
        db.session.commit()
    at(app, on_day(SECOND))
    result = runner.invoke(args=["rules", "apply"])
    assert result.exit_code == 0, result.output
    assert "Applying the proposal “Groups of four” took effect" in result.output and "1 status change(s)" in result.output
    with app.app_context():
        assert db.session.get(Group, network["waiting"]).status == GroupStatus.MEMBER


def _slug(app, network) -> str:
    with app.app_context():
        return db.session.get(Group, network["waiting"]).slug

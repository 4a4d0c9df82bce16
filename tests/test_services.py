"""The actions' rules, through the services, on both databases."""

import datetime as dt

import pytest

from ipn import clock
from ipn.extensions import db
from ipn.models import Statement
from ipn.services import (
    facts,
    groups,
    history,
    invitations,
    links,
    stand_bys,
    statements,
)
from ipn.services.errors import Conflict, Invalid, NotAllowed
from tests import factories as f


def test_a_tenth_person_is_refused_with_a_clear_message(app):
    with app.app_context():
        group, people = f.forming_group("Nine Group", size=9)
        tenth = f.person("Tenth Person")
        with pytest.raises(Conflict, match="already has 9 people in it"):
            invitations.invite(people[0], group, tenth)


def test_an_acceptance_that_would_exceed_the_cap_is_refused(app):
    with app.app_context():
        group, people = f.forming_group("Eight Group", size=8)
        first, second = f.person(), f.person()
        invites = [invitations.invite(people[0], group, p) for p in (first, second)]
        invitations.accept_invitation(first, invites[0])
        with pytest.raises(Conflict, match="the most a group may have"):
            invitations.accept_invitation(second, invites[1])


def test_joining_members_may_stand_by_but_not_invite(app):
    with app.app_context():
        group, people = f.forming_group("Joiners", size=3)
        newcomer = f.person()
        f.join(group, people[0], newcomer)
        stand_bys.stand_by(newcomer, group, people[0])
        with pytest.raises(NotAllowed, match="still joining"):
            invitations.invite(newcomer, group, f.person())


def test_nobody_stands_by_themselves_or_a_stranger(app):
    with app.app_context():
        group, people = f.forming_group("Selfless", size=2)
        with pytest.raises(Invalid, match="yourself"):
            stand_bys.stand_by(people[0], group, people[0])
        with pytest.raises(Invalid, match="is not in Selfless"):
            stand_bys.stand_by(people[0], group, f.person())


def test_a_statement_waits_for_standing_by_then_publishes_itself(app):
    with app.app_context():
        group, people = f.forming_group("Slow Group", size=5)
        stand_bys.withdraw_stand_by(people[1], group, people[2], "pausing")
        draft = statements.draft_statement(people[0], group, "We meet monthly.")
        for member in people:
            statements.endorse(member, draft)
        assert draft.state == "draft"
        stand_bys.stand_by(people[1], group, people[2])
        assert draft.state == "published"
        assert group.status == "member"


def test_changing_a_draft_clears_its_endorsements_and_keeps_earlier_versions(app):
    with app.app_context():
        group, people = f.member_group("Versions")
        draft = statements.draft_statement(people[1], group, "Version two.")
        statements.endorse(people[0], draft)
        statements.edit_statement(people[1], draft, "Version two, amended.")
        assert statements.endorser_ids(draft) == set()
        for member in people:
            statements.endorse(member, draft)
        states = sorted(s.state for s in db.session.query(Statement).filter_by(group_id=group.id))
        assert states == ["published", "superseded"]


def test_someone_in_both_groups_cannot_validate(app):
    with app.app_context():
        river, hill = f.member_group("River"), f.member_group("Hill")
        link = f.link(river, hill)
        both = hill[1][1]
        f.join(river[0], river[1][0], both)
        with pytest.raises(NotAllowed, match="nobody validates their own group"):
            links.record_visit(both, link, river[0], clock.today(), "validated")


def test_a_visit_dated_in_the_future_is_refused(app):
    with app.app_context():
        river, hill = f.member_group("River"), f.member_group("Hill")
        link = f.link(river, hill)
        tomorrow = clock.today() + dt.timedelta(days=1)
        with pytest.raises(Invalid) as refused:
            links.record_visit(hill[1][0], link, river[0], tomorrow, "validated")
        assert refused.value.fields == {"date": ["A visit cannot be dated in the future."]}


def test_only_member_groups_link_and_only_once_per_pair(app):
    with app.app_context():
        river, hill = f.member_group("River"), f.member_group("Hill")
        forming = f.forming_group("Forming", size=3)
        with pytest.raises(Conflict, match="not a member group"):
            links.propose_link(river[1][0], river[0], forming[0])
        f.link(river, hill)
        with pytest.raises(Conflict, match="already have a link"):
            links.propose_link(hill[1][0], hill[0], river[0])
        with pytest.raises(Conflict, match="cannot link with itself"):
            links.propose_link(river[1][0], river[0], river[0])


def test_the_latest_visit_decides_and_concerns_undo_a_validation(app):
    with app.app_context():
        river, hill, oak = f.member_group("River"), f.member_group("Hill"), f.member_group("Oak")
        river_hill, river_oak = f.link(river, hill), f.link(river, oak)
        f.validate(river_hill, hill, river[0], clock.today() - dt.timedelta(days=30))
        f.validate(river_oak, oak, river[0])
        assert river[0].status == "full_member"
        f.validate(river_hill, hill, river[0], clock.today() - dt.timedelta(days=10), outcome="concerns")
        assert river[0].status == "member"
        # An older visit recorded later does not outweigh the newer one.
        f.validate(river_hill, hill, river[0], clock.today() - dt.timedelta(days=20))
        assert river[0].status == "member"


def test_a_back_dated_visit_changes_status_from_today_not_in_the_past(app):
    with app.app_context():
        river, hill, oak = f.member_group("River"), f.member_group("Hill"), f.member_group("Oak")
        river_hill, river_oak = f.link(river, hill), f.link(river, oak)
        last_month = clock.today() - dt.timedelta(days=30)
        f.validate(river_hill, hill, river[0], last_month)
        f.validate(river_oak, oak, river[0], last_month)
        member = river[1][1]
        assert history.accreditation_on(member).accredited
        assert not history.accreditation_on(member, last_month).accredited
        with pytest.raises(Invalid):
            history.accreditation_on(member, clock.today() + dt.timedelta(days=1))


def test_leaving_lapses_an_agreement_to_dissolve_and_the_last_to_leave_dissolves(app):
    with app.app_context():
        group, people = f.member_group("Closing")
        groups.agree_to_dissolve(people[0], group)
        groups.leave(people[0], group)
        assert groups.dissolution_agreed_ids(group) == set()
        for person in people[1:4]:
            groups.agree_to_dissolve(person, group)
        assert group.dissolved_at is None
        assert groups.agree_to_dissolve(people[4], group) is True
        assert group.status == "dissolved"


def test_when_members_leave_those_joining_become_members(app):
    with app.app_context():
        founder = f.person()
        group = groups.found_group(founder, "Handover")
        newcomer = f.person()
        f.join(group, founder, newcomer)
        groups.leave(founder, group)
        stay = groups.stay_of(group, newcomer)
        assert stay.member_since is not None
        assert group.dissolved_at is None


def test_someone_who_left_can_be_invited_again_and_starts_joining(app):
    with app.app_context():
        group, people = f.member_group("Return", size=6)
        groups.leave(people[5], group)
        f.join(group, people[0], people[5])
        assert groups.stay_of(group, people[5]).member_since is None
        assert group.status == "member"  # joining members do not demote it


def test_dissolution_ends_links_declines_invitations_and_tells_partners(app):
    with app.app_context():
        river, hill = f.member_group("River"), f.member_group("Hill")
        link = f.link(river, hill)
        pending = invitations.invite(hill[1][0], hill[0], f.person())
        for person in hill[1]:
            groups.agree_to_dissolve(person, hill[0])
        assert (link.state, pending.state) == ("ended", "declined")
        assert facts.active_partner_ids([river[0].id]) == set()
        from ipn.models import Notification

        told = {n.practitioner_id for n in db.session.query(Notification) if "Hill has dissolved" in n.text}
        assert {p.id for p in river[1]} <= told

"""`ipn demo`: the demo network a newcomer loads to look around, built through the services.

Each test loads the demo once: it is a story of about three years, told in a few seconds."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ipn import clock, rules
from ipn.demo import load_demo
from ipn.demo.content import DEMO_PASSWORD, GROUPS, PERSONAS
from ipn.extensions import db
from ipn.models import (
    Endorsement,
    Event,
    Gathering,
    Group,
    Invitation,
    Link,
    Membership,
    Notification,
    Practitioner,
    StandBy,
    Statement,
    Visit,
)
from ipn.services import accounts, facts, history
from ipn.services.groups import stay_of


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def group(name: str) -> Group:
    return db.session.scalar(select(Group).where(Group.name == name))


def person(name: str) -> Practitioner:
    return db.session.scalar(select(Practitioner).where(Practitioner.name == name))


def criterion(group_: Group, rule: str) -> rules.Criterion:
    return next(c for c in facts.assess(group_).criteria if c.rule == rule)


def test_ipn_demo_loads_once_names_who_to_log_in_as_and_agrees_with_a_recomputation(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo network loaded" in result.output
    assert DEMO_PASSWORD in result.output
    for email in ("ruth.okafor@example.org", "tomasz.nowak@example.org", "priya.raman@example.org"):
        assert email in result.output
    with app.app_context():
        assert count(Group) == 12
        assert count(Practitioner) == 70
        emails = list(db.session.scalars(select(Practitioner.email)))
        assert all(e.endswith("@example.org") for e in emails), [e for e in emails if not e.endswith("@example.org")]
        # A newcomer can log in as a persona with the password the command printed.
        assert accounts.authenticate("ruth.okafor@example.org", DEMO_PASSWORD) is not None
        assert "FROZEN_NOW" not in app.config  # the story's clock is put away

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "not empty; demo not loaded" in again.output
    with app.app_context():
        assert count(Group) == 12 and count(Practitioner) == 70

    # The cached statuses are what the facts give when everything is recomputed.
    check = runner.invoke(args=["reevaluate", "--all"])
    assert check.exit_code == 0, check.output
    assert "0 status change(s) from lapsed validations" in check.output
    assert "12 group(s) re-evaluated; 0 disagreed with the cache." in check.output


def test_ipn_demo_refuses_a_database_that_already_has_people(app, runner, make_practitioner):
    make_practitioner("Someone Real", email="someone@example.org")
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "The database is not empty; demo not loaded." in result.output
    with app.app_context():
        assert count(Practitioner) == 1 and count(Group) == 0 and count(Gathering) == 0


def test_the_demo_shows_every_status_and_situation_of_the_spec(app):
    with app.app_context():
        assert load_demo() is True
        today = clock.today()
        statuses = {g.name: g.status for g in db.session.scalars(select(Group))}
        assert set(statuses) == {name for name, _ in GROUPS.values()}
        assert set(statuses.values()) == {"forming", "member", "full_member", "dissolved"}
        regions = {g.region for g in db.session.scalars(select(Group))}
        assert len(regions) >= 8

        # At least three full member groups, each validated by two groups not linked to each other.
        full = [g for g in db.session.scalars(select(Group).where(Group.status == "full_member"))]
        assert len(full) >= 3
        for g in full:
            assert criterion(g, "triangle").met, g.name
            assert facts.assess(g).status == "full_member"

        # The persona in a full member group is accredited today, through it.
        ruth = history.accreditation_on(person("Ruth Okafor"))
        assert ruth.accredited and [g.name for g in ruth.via] == ["Severn Practitioners"]

        # A forming group with people joining who are not yet stood by everyone.
        exe = group("Exe Valley Group")
        assert exe.status == "forming" and exe.open_to_new_members
        assert stay_of(exe, person("Tomasz Nowak")).state == "joining"
        assert "2 joining" in criterion(exe, "members").detail
        assert stay_of(group("Thursday Circle"), person("Keeley Shaw")).state == "joining"

        # A withdrawn stand-by: the group is forming again, and the criteria say who withdrew.
        withdrawn = db.session.scalars(select(StandBy).where(StandBy.withdrawn_at.is_not(None))).one()
        weald = db.session.get(Group, withdrawn.group_id)
        assert weald.name == "Weald Group" and weald.status == "forming"
        assert withdrawn.withdrawal_reason
        assert "Margaret Lyle withdrew their stand-by of Ben Hollis" in criterion(weald, "stand_bys").detail
        assert [c.status for c in history.timeline(weald)][:2] == ["forming", "member"]

        # A lapsed validation: Wensum was a full member group and is a member group again from
        # the day after the validation's last day.
        wensum = group("Wensum Group")
        assert wensum.status == "member"
        calder_visit = db.session.scalars(select(Visit).join(Visit.visiting_group).where(
            Visit.visited_group_id == wensum.id, Group.name == "Calder Valley Group")).one()
        lapse_day = rules.validation_last_day(calder_visit.date, facts.settings()) + dt.timedelta(days=1)
        assert today - dt.timedelta(days=120) < lapse_day <= today
        latest = history.timeline(wensum)[0]
        assert (latest.previous, latest.status, latest.effective_on) == ("full_member", "member", lapse_day)
        assert f"lapsed on {lapse_day.isoformat()}" in latest.cause
        assert history.status_on(wensum, lapse_day - dt.timedelta(days=1)) == "full_member"
        assert history.status_on(wensum, lapse_day) == "member"
        assert "Calder Valley Group's validation lapsed" in criterion(wensum, "validated_links").detail

        # A closed triangle: Taff's two validating partners are linked to each other.
        taff = group("Taff Group")
        assert taff.status == "member"
        validated = criterion(taff, "validated_links").detail
        assert "Calder Valley Group validated it" in validated and "Severn Practitioners validated it" in validated
        triangle = criterion(taff, "triangle")
        assert not triangle.met and "linked to each other" in triangle.detail

        # A group dissolved by agreement; its links ended with it.
        tyne = group("Tyne Bridge Group")
        assert tyne.status == "dissolved" and tyne.dissolved_at is not None
        tyne_links = list(db.session.scalars(select(Link).where(
            (Link.group_id == tyne.id) | (Link.partner_id == tyne.id))))
        assert tyne_links and all(link.state == "ended" for link in tyne_links)
        assert "every member agreed to dissolve" in history.timeline(tyne)[0].cause

        # Statements: a group with an earlier version, and a draft half-way through endorsement.
        severn = group("Severn Practitioners")
        versions = list(db.session.scalars(select(Statement).where(Statement.group_id == severn.id)
                                           .order_by(Statement.created_at)))
        assert [v.state for v in versions] == ["superseded", "published"]
        assert versions[0].published_at < versions[0].superseded_at == versions[1].published_at
        calder = group("Calder Valley Group")
        draft = db.session.scalars(select(Statement).where(
            Statement.group_id == calder.id, Statement.state == "draft")).one()
        endorsed = db.session.scalar(select(func.count()).select_from(Endorsement)
                                     .where(Endorsement.statement_id == draft.id))
        assert 0 < endorsed < len(facts.group_facts(calder).members)
        assert calder.status == "full_member"  # a draft changes nothing until it is published

        # Things waiting for an answer.
        pending = {(i.group.name, i.practitioner.name) for i in
                   db.session.scalars(select(Invitation).where(Invitation.state == "pending"))}
        assert ("Jesmond Friday Group", "Priya Raman") in pending and len(pending) >= 3
        proposed = db.session.scalars(select(Link).where(Link.state == "proposed")).one()
        assert (proposed.group.name, proposed.partner.name) == ("Irwell Group", "Thursday Circle")
        irwell = group("Irwell Group")
        assert "raised concerns" in criterion(irwell, "validated_links").detail
        assert db.session.scalar(select(func.count()).select_from(Visit).where(Visit.outcome == "concerns")) >= 1

        # Finding each other: people looking for a group, groups open to new members, people in none.
        priya = person("Priya Raman")
        assert priya.looking_for_group and priya.region == "Newcastle"
        looking = db.session.scalar(select(func.count()).select_from(Practitioner)
                                    .where(Practitioner.looking_for_group.is_(True)))
        assert looking >= 5
        assert db.session.scalar(select(func.count()).select_from(Group)
                                 .where(Group.open_to_new_members.is_(True))) >= 3
        in_a_group = select(Membership.practitioner_id).where(Membership.left_at.is_(None))
        assert db.session.scalar(select(func.count()).select_from(Practitioner)
                                 .where(Practitioner.id.not_in(in_a_group))) >= 8

        # Gatherings past and to come, and notifications as the services made them.
        days = [g.date for g in db.session.scalars(select(Gathering))]
        assert any(d < today for d in days) and any(d > today for d in days)
        assert all(g.place for g in db.session.scalars(select(Gathering)))
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.practitioner_id == priya.id, Notification.text.contains("invites you"))) == 1

        # History carries the story's dates, not the load day's; visits on or before their recording.
        first = db.session.scalar(select(func.min(Event.at)))
        assert clock.local_date(first) <= today - dt.timedelta(days=3 * 365 - 30)
        assert clock.local_date(severn.founded_at) < today - dt.timedelta(days=1000)
        for visit in db.session.scalars(select(Visit)):
            assert visit.date <= clock.local_date(visit.recorded_at) < today
        changes = [h.effective_on for h in history.timeline(severn)]
        assert changes == sorted(changes, reverse=True) and changes[-1] < today - dt.timedelta(days=1000)
        ruth_okafor = person("Ruth Okafor")
        assert history.accreditation_on(ruth_okafor, today - dt.timedelta(days=730)).accredited
        assert not history.accreditation_on(ruth_okafor, today - dt.timedelta(days=1000)).accredited

        # The personas the command names are who it says they are.
        assert [name for name, _ in PERSONAS] == ["Ruth Okafor", "Tomasz Nowak", "Priya Raman"]
        assert not history.accreditation_on(person("Tomasz Nowak")).accredited
        assert not db.session.scalars(select(Membership).where(Membership.practitioner_id == priya.id)).all()


def test_a_demo_that_fails_half_way_leaves_the_database_empty_and_the_clock_as_it_was(app, monkeypatch):
    from ipn import demo

    def broken(self):
        raise RuntimeError("the story broke off")

    monkeypatch.setattr(demo.Story, "second_wave", broken)
    with app.app_context():
        with pytest.raises(RuntimeError, match="broke off"):
            load_demo()
        assert "FROZEN_NOW" not in app.config
        assert count(Practitioner) == 0 and count(Group) == 0 and count(Event) == 0

"""Gatherings (SPEC R16): announcing one, saying one will attend or attended, who came, which
groups were represented, and whether it was quorate for decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ipn import clock, governance_rules
from ipn.extensions import db
from ipn.models import Attendance, Gathering, Group, Membership, Practitioner
from ipn.services import events, history, rulebook
from ipn.services.errors import Conflict, Invalid
from ipn.states import MEMBER_LEVEL

MAX_PLACE = 200
MAX_DESCRIPTION = 10_000


def announce(person: Practitioner, day: dt.date, place: str, description: str = "") -> Gathering:
    """Any participant announces a Gathering: its day, place and what it is about. A past day
    may be recorded too, so that the minutes of a Gathering can catch up."""
    place = " ".join((place or "").split())
    problems = {}
    if not place:
        problems["place"] = ["Say where the Gathering meets."]
    elif len(place) > MAX_PLACE:
        problems["place"] = [f"Keep the place to {MAX_PLACE} characters."]
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        problems["description"] = [f"Keep the description to {MAX_DESCRIPTION:,} characters."]
    if not dt.date(1900, 1, 1) <= day <= dt.date(9999, 12, 31):
        problems["date"] = ["Give a date between 1900 and 9999."]
    if problems:
        raise Invalid("Some values need correcting: " + ", ".join(problems) + ".", problems)
    if db.session.scalar(select(Gathering.id).where(Gathering.date == day)) is not None:
        raise Conflict(f"A Gathering on {day.isoformat()} is already announced.",
                       {"date": ["There is already a Gathering on this day."]}, code="gathering_exists")
    gathering = Gathering(date=day, place=place, description=description, announced_by_id=person.id,
                          announced_at=clock.now())
    db.session.add(gathering)
    db.session.flush()
    events.record("gathering_announced", actor=person, gathering_id=gathering.id, date=day.isoformat())
    return gathering


def attend(person: Practitioner, gathering: Gathering) -> Attendance:
    """Before the day: the person will attend. On or after it: they attended."""
    row = attendance_of(gathering, person)
    attended = gathering.date <= clock.today()
    if row is None:
        row = Attendance(gathering_id=gathering.id, practitioner_id=person.id, attended=attended)
        db.session.add(row)
    elif attended and not row.attended:
        row.attended, row.recorded_at = True, clock.now()
    db.session.flush()
    events.record("attended" if attended else "will_attend", actor=person, gathering_id=gathering.id)
    if row.attended:
        from ipn.services.proposals import (
            ask_for_positions,  # proposals reads attendance from here
        )

        ask_for_positions(gathering, [person])
    return row


def attendance_of(gathering: Gathering, person: Practitioner | None) -> Attendance | None:
    if person is None or not getattr(person, "id", None):
        return None
    return db.session.scalar(select(Attendance).where(
        Attendance.gathering_id == gathering.id, Attendance.practitioner_id == person.id))


def attended(gathering: Gathering, person: Practitioner | None) -> bool:
    row = attendance_of(gathering, person)
    return row is not None and row.attended


def attendees(gathering: Gathering, came: bool = True) -> list[Practitioner]:
    """Who attended (or, with came=False, who said they will), by name."""
    return list(db.session.scalars(
        select(Practitioner).join(Attendance, Attendance.practitioner_id == Practitioner.id)
        .where(Attendance.gathering_id == gathering.id, Attendance.attended.is_(came))
        .order_by(Practitioner.name, Practitioner.id)))


def represented(gathering: Gathering) -> list[Group]:
    """Groups one of whose members (not joining ones) attended, as they were on the day."""
    end = clock.end_of_day(gathering.date)
    return list(db.session.scalars(
        select(Group).join(Membership, Membership.group_id == Group.id)
        .join(Attendance, Attendance.practitioner_id == Membership.practitioner_id)
        .where(Attendance.gathering_id == gathering.id, Attendance.attended.is_(True),
               Membership.member_since.is_not(None), Membership.member_since < end,
               Membership.left_at.is_(None) | (Membership.left_at >= end))
        .distinct().order_by(Group.name)))


def member_level_on(day: dt.date) -> list[int]:
    """The member and full member groups at the end of `day`."""
    if day >= clock.today():
        return list(db.session.scalars(select(Group.id).where(Group.status.in_(sorted(MEMBER_LEVEL)))))
    every = db.session.scalars(select(Group).where(Group.founded_at < clock.end_of_day(day)))
    return [g.id for g in every if history.status_on(g, day) in MEMBER_LEVEL]


def opened(gathering: Gathering) -> dt.date:
    """The Gathering is judged against the network as it opened: the member groups and the
    rules in force at the end of the day before, so that what it decides (a rule that takes
    effect that day, the statuses it changes) never changes its own quorum afterwards."""
    return gathering.date - dt.timedelta(days=1)


def quorum_fraction(gathering: Gathering):
    return rulebook.settings_on(opened(gathering)).quorum_fraction


def quorum(gathering: Gathering) -> governance_rules.Quorum | None:
    """Whether the Gathering was quorate; None before its day."""
    if gathering.date > clock.today():
        return None
    return governance_rules.quorum([g.id for g in represented(gathering)], member_level_on(opened(gathering)),
                                   quorum_fraction(gathering))


def upcoming_and_past() -> tuple[list[Gathering], list[Gathering]]:
    today = clock.today()
    every = list(db.session.scalars(select(Gathering).order_by(Gathering.date, Gathering.id)))
    return [x for x in every if x.date >= today], [x for x in reversed(every) if x.date < today]

"""History: a group's status on any past day, and whether a practitioner was accredited then
(R12). Read from the recorded status changes and membership history: what the registry knew
at the time, so a back-dated fact changes status only from the day it was recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Membership, Practitioner, StatusChange
from ipn.services.errors import Invalid
from ipn.states import GroupStatus, MembershipState


def status_on(group: Group, day: dt.date) -> str | None:
    """The group's status at the end of `day` (None before it was founded)."""
    return db.session.scalar(
        select(StatusChange.status)
        .where(StatusChange.group_id == group.id, StatusChange.effective_at < clock.end_of_day(day))
        .order_by(StatusChange.effective_at.desc(), StatusChange.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Accreditation:
    accredited: bool
    on: dt.date
    via: tuple[Group, ...]


def check_date(day: dt.date | None) -> dt.date:
    today = clock.today()
    if day is None:
        return today
    if day > today:
        raise Invalid("A future date cannot be checked.", {"on": ["Choose today or a past date."]},
                      code="future_date")
    return day


def accreditation_on(person: Practitioner, day: dt.date | None = None) -> Accreditation:
    """Accredited on a day: at the end of it a member (not joining) of a full member group."""
    day = check_date(day)
    end = clock.end_of_day(day)
    stays = db.session.scalars(select(Membership).where(
        Membership.practitioner_id == person.id,
        Membership.member_since.is_not(None), Membership.member_since < end,
        (Membership.left_at.is_(None)) | (Membership.left_at >= end),
    ))
    via = []
    for stay in stays:
        status = stay.group.status if day == clock.today() else status_on(stay.group, day)
        if status == GroupStatus.FULL_MEMBER:
            via.append(stay.group)
    via.sort(key=lambda g: g.name)
    return Accreditation(bool(via), day, tuple(via))


def timeline(group: Group) -> list[StatusChange]:
    """The public timeline of the group's status changes, newest first."""
    return list(db.session.scalars(
        select(StatusChange).where(StatusChange.group_id == group.id)
        .order_by(StatusChange.effective_at.desc(), StatusChange.id.desc())))


@dataclass(frozen=True)
class StayOn:
    """One group a practitioner was in at the end of a day: as a member or joining, and the
    group's status then (None when it had no recorded status yet)."""
    group: Group
    state: MembershipState
    status: str | None


def stays_on(person: Practitioner, day: dt.date | None = None) -> list[StayOn]:
    """The groups `person` was in at the end of `day` (joining or a member), each with the
    group's status then: what explains an accreditation answer (R12), in particular a No."""
    day = check_date(day)
    end = clock.end_of_day(day)
    stays = db.session.scalars(select(Membership).where(
        Membership.practitioner_id == person.id, Membership.joined_at < end,
        (Membership.left_at.is_(None)) | (Membership.left_at >= end),
    ))
    found = []
    for stay in stays:
        state = (MembershipState.MEMBER if stay.member_since is not None and stay.member_since < end
                 else MembershipState.JOINING)
        status = stay.group.status if day == clock.today() else status_on(stay.group, day)
        found.append(StayOn(stay.group, state, status))
    found.sort(key=lambda s: (s.group.name.casefold(), s.group.id))
    return found

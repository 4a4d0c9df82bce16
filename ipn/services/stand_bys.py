"""Standing by (R4): a directed, dated fact between two people in a group, withdrawn with a
reason only the group's members read; and whom a person does not yet stand by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Membership, Place, Practitioner, StandBy
from ipn.services import events
from ipn.services.errors import Conflict, Invalid
from ipn.services.evaluation import reevaluate
from ipn.services.facts import current_memberships
from ipn.services.groups import (
    MAX_REASON,
    people_ids,
    require_in_group,
    require_not_dissolved,
    stay_of,
)


def _receiver_stay(group: Group, actor_stay: Membership, receiver: Practitioner | None) -> Membership:
    if receiver is None:
        raise Invalid("There is no such practitioner.", {"practitioner_id": ["There is no such practitioner."]},
                      code="unknown_reference")
    if receiver.id == actor_stay.practitioner_id:
        raise Invalid("You cannot stand by yourself.", {"practitioner_id": ["You cannot stand by yourself."]},
                      code="stand_by_self")
    stay = stay_of(group, receiver)
    if stay is None:
        raise Invalid(f"{receiver.name} is not in {group.name}.",
                      {"practitioner_id": [f"{receiver.name} is not in {group.name}."]}, code="not_in_group")
    return stay


def _live_stand_by(giver: Membership, receiver: Membership) -> StandBy | None:
    return db.session.scalar(select(StandBy).where(
        StandBy.giver_id == giver.id, StandBy.receiver_id == receiver.id, StandBy.withdrawn_at.is_(None)))


def stand_by(actor: Practitioner, group: Group, receiver: Practitioner | None) -> StandBy:
    """Record that the actor stands by someone else in the group (R4)."""
    require_not_dissolved(group)
    giver = require_in_group(group, actor)
    target = _receiver_stay(group, giver, receiver)
    if _live_stand_by(giver, target) is not None:
        raise Conflict(f"You already stand by {receiver.name}.")
    row = StandBy(group_id=group.id, giver_id=giver.id, receiver_id=target.id)
    db.session.add(row)
    db.session.flush()
    event = events.record("stood_by", actor, group, receiver_id=receiver.id)
    events.notify([receiver.id], f"{actor.name} now stands by you in {group.name}.", Place.WORKSPACE, group)
    reevaluate([group], f"{actor.name} stood by {receiver.name}", event)
    return row


def withdraw_stand_by(actor: Practitioner, group: Group, receiver: Practitioner | None, reason: str) -> StandBy:
    """Withdraw a stand-by, with a reason only the group's members can read (R4, R6)."""
    require_not_dissolved(group)
    giver = require_in_group(group, actor)
    target = _receiver_stay(group, giver, receiver)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why you withdraw.", {"reason": ["Say why you withdraw; only the group's members see it."]})
    if len(reason) > MAX_REASON:
        raise Invalid("That reason is too long.", {"reason": [f"Keep the reason to {MAX_REASON} characters."]})
    row = _live_stand_by(giver, target)
    if row is None:
        raise Conflict(f"You do not stand by {receiver.name} at present.")
    row.withdrawn_at, row.withdrawal_reason = clock.now(), reason
    event = events.record("stand_by_withdrawn", actor, group, receiver_id=receiver.id)
    events.notify(people_ids(group), f"{actor.name} has withdrawn their stand-by of {receiver.name} in {group.name}.",
                  Place.WORKSPACE, group, skip=actor.id)
    reevaluate([group], f"{actor.name} withdrew their stand-by of {receiver.name}", event)
    return row


@dataclass(frozen=True)
class StandByToGive:
    group: Group
    person: Practitioner
    joining: bool  # the receiver is still joining: the stand-by helps them become a member


def stand_bys_to_give(stay: Membership) -> list[StandByToGive]:
    """The people in the group whom this stay's person does not (or no longer) stand by."""
    others = [m for m in current_memberships(stay.group_id) if m.id != stay.id]
    given = given_by(stay)
    return [StandByToGive(stay.group, m.practitioner, m.member_since is None)
            for m in others if m.id not in given]


def given_by(stay: Membership) -> set[int]:
    """The stays this stay's person stands by now."""
    return set(db.session.scalars(select(StandBy.receiver_id).where(
        StandBy.giver_id == stay.id, StandBy.withdrawn_at.is_(None))))


def received_by(stay: Membership) -> set[int]:
    """The stays whose people stand by this stay's person now."""
    return set(db.session.scalars(select(StandBy.giver_id).where(
        StandBy.receiver_id == stay.id, StandBy.withdrawn_at.is_(None))))

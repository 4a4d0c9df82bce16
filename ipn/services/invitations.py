"""Invitations (R3): a member invites a participant, who accepts (and joins, as a joining
member) or declines; and the searches and lists the workspace shows for inviting."""

from __future__ import annotations

from sqlalchemy import func, select

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Invitation, Membership, Place, Practitioner
from ipn.services import events, outbox
from ipn.services.account_deletion import FORMER_DOMAIN, is_former
from ipn.services.errors import Conflict, NotAllowed, NotFound
from ipn.services.evaluation import lock_group, reevaluate
from ipn.services.facts import settings
from ipn.services.groups import (
    people_ids,
    require_member,
    require_not_dissolved,
    stay_of,
)
from ipn.states import InvitationState

SEARCH_LIMIT = 20


def _count_people(group: Group) -> int:
    return db.session.scalar(select(func.count(Membership.id)).where(
        Membership.group_id == group.id, Membership.left_at.is_(None))) or 0


def _refuse_if_full(group: Group) -> None:
    cap = settings().max_members
    if _count_people(group) >= cap:
        raise Conflict(f"{group.name} already has {cap} people in it, the most a group may have "
                       "(joining members included).", code="group_full")


def invite(actor: Practitioner, group: Group, invitee: Practitioner) -> Invitation:
    """A member invites a participant to join (R3)."""
    require_not_dissolved(group)
    require_member(group, actor)
    if is_former(invitee):
        raise NotFound("There is no such practitioner: that account was deleted.")
    if stay_of(group, invitee) is not None:
        raise Conflict(f"{invitee.name} is already in {group.name}.")
    if not outbox.address_confirmed(invitee):
        raise Conflict(f"{invitee.name} has not confirmed their email address yet, so they cannot be invited. "
                       "Ask them to follow the link the registry sent them.", code="email_unconfirmed")
    pending = db.session.scalar(select(Invitation).where(
        Invitation.group_id == group.id, Invitation.practitioner_id == invitee.id,
        Invitation.state == InvitationState.PENDING))
    if pending is not None:
        raise Conflict(f"{invitee.name} already has an invitation to {group.name} waiting for an answer.")
    _refuse_if_full(group)
    invitation = Invitation(group_id=group.id, practitioner_id=invitee.id, invited_by_id=actor.id)
    db.session.add(invitation)
    db.session.flush()
    events.record("invited", actor, group, invitation_id=invitation.id, practitioner_id=invitee.id)
    events.notify([invitee.id], f"{actor.name} invites you to join {group.name}.", Place.ME, group)
    outbox.enqueue("invitation", invitee, invitation_id=invitation.id)
    return invitation


def _own_pending(actor: Practitioner, invitation: Invitation) -> Group:
    if invitation.practitioner_id != actor.id:
        raise NotAllowed("Only the person invited can answer this invitation.")
    if invitation.state != InvitationState.PENDING:
        raise Conflict(f"This invitation was already {invitation.state}.")
    return invitation.group


def accept_invitation(actor: Practitioner, invitation: Invitation) -> Membership:
    """Join the group as a joining member; refused when it would exceed the cap (R3), also
    when two acceptances race: the group is locked before its people are counted."""
    group = _own_pending(actor, invitation)
    lock_group(group)
    # Checked again under the lock: the last person may have left (dissolving the group and
    # declining this invitation) while this request waited for it.
    db.session.refresh(invitation)
    _own_pending(actor, invitation)
    require_not_dissolved(group)
    if stay_of(group, actor) is not None:
        raise Conflict(f"You are already in {group.name}.")
    _refuse_if_full(group)
    now = clock.now()
    invitation.state, invitation.answered_at = InvitationState.ACCEPTED, now
    stay = Membership(group_id=group.id, practitioner_id=actor.id, joined_at=now)
    db.session.add(stay)
    db.session.flush()
    event = events.record("invitation_accepted", actor, group, invitation_id=invitation.id)
    events.notify(people_ids(group), f"{actor.name} has joined {group.name} and is now joining: "
                                     "stand by them when you are ready.", Place.WORKSPACE, group, skip=actor.id)
    reevaluate([group], f"{actor.name} joined", event)
    return stay


def decline_invitation(actor: Practitioner, invitation: Invitation) -> None:
    group = _own_pending(actor, invitation)
    invitation.state, invitation.answered_at = InvitationState.DECLINED, clock.now()
    events.record("invitation_declined", actor, group, invitation_id=invitation.id)


def pending_invitations(group: Group) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(
        Invitation.group_id == group.id, Invitation.state == InvitationState.PENDING)
        .order_by(Invitation.created_at)))


def people_to_invite(group: Group, words: str) -> list[Practitioner]:
    """Registered practitioners whose name contains the words, not already in the group."""
    words = " ".join((words or "").split())[:80]
    if not words:
        return []
    inside = select(Membership.practitioner_id).where(
        Membership.group_id == group.id, Membership.left_at.is_(None))
    return list(db.session.scalars(
        select(Practitioner).where(func.lower(Practitioner.name).contains(words.casefold(), autoescape=True),
                                   Practitioner.id.not_in(inside),
                                   Practitioner.email.not_like(f"%@{FORMER_DOMAIN}"))
        .order_by(Practitioner.name, Practitioner.id).limit(SEARCH_LIMIT)))


def pending_for(person: Practitioner) -> list[Invitation]:
    """The invitations awaiting this person's answer, oldest first (dissolution declines a
    group's invitations, so none is from a dissolved group)."""
    return list(db.session.scalars(select(Invitation).where(
        Invitation.practitioner_id == person.id, Invitation.state == InvitationState.PENDING)
        .order_by(Invitation.created_at, Invitation.id)))

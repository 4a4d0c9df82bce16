"""A group's people: who may do what, founding, the open switch, leaving and dissolving.
Inviting is ipn.services.invitations; standing by, ipn.services.stand_bys."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.models import (
    DissolutionAgreement,
    Group,
    Invitation,
    Link,
    Membership,
    Place,
    Practitioner,
    StatusChange,
    name_key,
)
from ipn.services import events, names, outbox
from ipn.services.errors import Conflict, Invalid, NotAllowed
from ipn.services.evaluation import lock_group, reevaluate
from ipn.services.facts import current_memberships
from ipn.states import LIVE_LINK_STATES, GroupStatus, InvitationState, LinkState

MAX_NAME = 120
MAX_REGION = 80
MAX_REASON = 2000


# --- Who may do what -----------------------------------------------------------------------

def stay_of(group: Group, person: Practitioner | None) -> Membership | None:
    """The person's current stay in the group (member or joining), if any."""
    if person is None or not getattr(person, "id", None):
        return None
    return db.session.scalar(select(Membership).where(
        Membership.group_id == group.id, Membership.practitioner_id == person.id, Membership.left_at.is_(None)))


def require_in_group(group: Group, person: Practitioner) -> Membership:
    stay = stay_of(group, person)
    if stay is None:
        raise NotAllowed(f"Only people in {group.name} can do that.")
    return stay


def require_member(group: Group, person: Practitioner) -> Membership:
    stay = require_in_group(group, person)
    if stay.member_since is None:
        raise NotAllowed(f"Only members of {group.name} can do that; you are still joining. "
                         "Joining members may stand by, be stood by and leave.")
    return stay


def require_not_dissolved(group: Group) -> None:
    if group.dissolved_at is not None:
        raise Conflict(f"{group.name} has dissolved.")


def member_ids(group: Group) -> list[int]:
    return [m.practitioner_id for m in current_memberships(group.id) if m.member_since]


def people_ids(group: Group) -> list[int]:
    return [m.practitioner_id for m in current_memberships(group.id)]


# --- Founding ------------------------------------------------------------------------------

def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:100] or "group"


# Paths under /groups/ that are pages of their own, not groups: a group called "New" must
# not get the address of the page that founds groups.
RESERVED_SLUGS = frozenset({"new"})


def _free_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Group.slug).where(Group.slug.like(f"{base}%")))) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def clean_name(name: str) -> str:
    names.refuse_unseen(name or "", what="A group's name")
    name = names.normalise(name)
    if not name:
        raise Invalid("Give the group a name.", {"name": ["Give the group a name."]})
    if len(name) > MAX_NAME or len(name_key(name)) > MAX_NAME:  # "ß" folds to "ss"
        raise Invalid("That name is too long.", {"name": [f"Keep the name to {MAX_NAME} characters."]})
    return name


def clean_region(region: str | None) -> str:
    region = " ".join((region or "").split())
    if len(region) > MAX_REGION:
        raise Invalid("That region is too long.", {"region": [f"Keep the region to {MAX_REGION} characters."]})
    return region


def found_group(founder: Practitioner, name: str, region: str = "") -> Group:
    """Found a group (R2); the founder is its first member."""
    name, region = clean_name(name), clean_region(region)
    if db.session.scalar(select(Group.id).where(Group.name_key == name_key(name))) is not None:
        raise Conflict("A group with that name already exists.",
                       {"name": ["A group with that name already exists; choose another."]}, code="name_taken")
    look_alike = db.session.scalar(select(Group).where(Group.skeleton_key == names.skeleton_key(name)))
    if look_alike is not None:
        message = f"That name looks the same as the group “{look_alike.name}”; choose a name that reads differently."
        raise Conflict(message, {"name": [message]}, code="name_looks_alike")
    now = clock.now()
    group = Group(name=name, name_key=name_key(name), skeleton_key=names.skeleton_key(name), slug=_free_slug(name), region=region, founded_at=now)
    db.session.add(group)
    db.session.flush()
    db.session.add(Membership(group_id=group.id, practitioner_id=founder.id, joined_at=now, member_since=now))
    event = events.record("group_founded", founder, group, name=name, region=region)
    db.session.add(StatusChange(group_id=group.id, status=GroupStatus.FORMING, previous=None,
                                cause=f"founded by {founder.name}", event_id=event.id,
                                effective_at=now, effective_on=clock.local_date(now)))
    reevaluate([group], f"founded by {founder.name}", event)
    return group


def set_open(actor: Practitioner, group: Group, is_open: bool) -> None:
    """Say whether the group is open to new members (R17)."""
    require_not_dissolved(group)
    require_member(group, actor)
    group.open_to_new_members = bool(is_open)
    events.record("openness_set", actor, group, open=bool(is_open))


# --- Leaving and dissolving ----------------------------------------------------------------

def leave(actor: Practitioner, group: Group) -> None:
    """Leave the group (R13). The last person leaving dissolves it. The group is locked before
    anything is checked or counted, so a leave and an acceptance of an invitation queue up."""
    lock_group(group)
    require_not_dissolved(group)
    stay = require_in_group(group, actor)
    stay.left_at = clock.now()
    db.session.flush()
    event = events.record("left", actor, group)
    if not people_ids(group):
        dissolve(group, f"the last person, {actor.name}, left", event)
        return
    events.notify(people_ids(group), f"{actor.name} has left {group.name}.", Place.WORKSPACE, group)
    reevaluate([group], f"{actor.name} left", event)
    _dissolve_if_all_agreed(group, event)


def agree_to_dissolve(actor: Practitioner, group: Group) -> bool:
    """A member agrees to dissolve; the group dissolves once every member has (R13)."""
    lock_group(group)
    require_not_dissolved(group)
    stay = require_member(group, actor)
    exists = db.session.scalar(select(DissolutionAgreement.id).where(DissolutionAgreement.membership_id == stay.id))
    if exists is None:
        db.session.add(DissolutionAgreement(group_id=group.id, membership_id=stay.id))
        db.session.flush()
    event = events.record("dissolution_agreed", actor, group)
    if not _dissolve_if_all_agreed(group, event):
        events.notify(member_ids(group), f"{actor.name} has agreed to dissolve {group.name}.",
                      Place.WORKSPACE, group, skip=actor.id)
    return group.dissolved_at is not None


def dissolution_agreed_ids(group: Group) -> set[int]:
    """Members whose agreement to dissolve still stands."""
    return set(db.session.scalars(
        select(Membership.practitioner_id).join(DissolutionAgreement, DissolutionAgreement.membership_id == Membership.id)
        .where(DissolutionAgreement.group_id == group.id, Membership.left_at.is_(None))))


def _dissolve_if_all_agreed(group: Group, event) -> bool:
    members = member_ids(group)
    if group.dissolved_at is None and members and set(members) <= dissolution_agreed_ids(group):
        dissolve(group, "every member agreed to dissolve", event)
        return True
    return False


def dissolve(group: Group, cause: str, event) -> None:
    """End the group: its links end, pending invitations are declined, stays end; partners are
    re-evaluated at once and their members told (R13)."""
    now = clock.now()
    people = people_ids(group)
    group.dissolved_at = now
    group.open_to_new_members = False
    partners: list[Group] = []
    for link in db.session.scalars(select(Link).where(
            Link.state.in_(LIVE_LINK_STATES), (Link.group_id == group.id) | (Link.partner_id == group.id))):
        if link.state == LinkState.ACTIVE:
            partners.append(db.session.get(Group, link.other(group.id)))
        link.state, link.live_key, link.ended_at = LinkState.ENDED, None, now
        link.end_reason = f"{group.name} dissolved"
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.group_id == group.id, Invitation.state == InvitationState.PENDING)):
        invitation.state, invitation.answered_at = InvitationState.DECLINED, now
    for stay in current_memberships(group.id):
        stay.left_at = now
    db.session.flush()
    dissolved = events.record("group_dissolved", group=group, cause=cause)
    events.notify(people, f"{group.name} has dissolved ({cause}).", Place.GROUP, group)
    outbox.enqueue_each("group_dissolved", people, group_id=group.id, cause=cause)
    for partner in partners:
        events.notify(people_ids(partner), f"Your link group {group.name} has dissolved, so its link with "
                                           f"{partner.name} has ended.", Place.WORKSPACE, partner)
        outbox.enqueue_each("group_dissolved", people_ids(partner), group_id=group.id, partner_id=partner.id,
                            cause=cause)
    reevaluate([group], cause, event or dissolved)
    reevaluate(partners, f"link group {group.name} dissolved", dissolved)


def by_slug(slug: str | None) -> Group | None:
    """The group at this address, if any."""
    if not isinstance(slug, str) or not slug or len(slug) > MAX_NAME or "\x00" in slug:
        return None
    return db.session.scalar(select(Group).where(Group.slug == slug))

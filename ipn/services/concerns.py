"""Concerns raised by anyone about a practitioner or a group (SPEC R15). Never public.

A concern reaches privately the members of the group concerned: for a practitioner, every
group they are in when it is raised (joining or not); it stays with those groups even if the
practitioner leaves. The groups respond; the person who raised it follows it through a private
link (only its hash is kept). With no response in 8 weeks, or when its raiser says it is
unresolved, it is escalated to the groups' link groups."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from ipn import clock
from ipn.extensions import db
from ipn.models import (
    Concern,
    ConcernGroup,
    ConcernResponse,
    Group,
    Membership,
    Place,
    Practitioner,
)
from ipn.services import email_addresses, events, outbox, secret_tokens
from ipn.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ipn.services.facts import active_partner_ids
from ipn.services.groups import member_ids, stay_of
from ipn.states import ConcernState

MAX_NAME = 120
MAX_TEXT = 10_000
MAX_RESPONSE = 10_000
DEFAULT_ESCALATE_AFTER_WEEKS = 8

NOT_ACCOUNTABLE = ("This practitioner is not accountable through the network today: they are not in any "
                   "of its groups, so there is no group that could receive your concern.")
GROUP_DISSOLVED = "This group has dissolved, so it is not accountable through the network today."


def escalate_after() -> dt.timedelta:
    weeks = current_app.config.get("CONCERN_ESCALATE_AFTER_WEEKS", DEFAULT_ESCALATE_AFTER_WEEKS)
    return dt.timedelta(weeks=int(weeks))


def _clean(name: str, email: str, text: str) -> tuple[str, str, str]:
    fields: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    address = email_addresses.checked(email)
    text = (text or "").strip()
    if not name:
        fields["name"] = ["Tell us your name, so that the group knows who raises this."]
    elif len(name) > MAX_NAME:
        fields["name"] = [f"Keep your name to {MAX_NAME} characters."]
    if address is None:
        fields["email"] = ["Enter an email address such as name@example.org: the link to follow "
                           "your concern goes there."]
    if not text:
        fields["text"] = ["Describe your concern."]
    elif len(text) > MAX_TEXT:
        fields["text"] = [f"Keep your concern to {MAX_TEXT:,} characters."]
    if fields:
        raise Invalid("Some details of the concern need correcting.", fields)
    return name, address, text


def groups_to_reach(about_practitioner: Practitioner | None = None,
                    about_group: Group | None = None) -> list[Group]:
    """The groups a concern about this practitioner or group would reach today. Refused (409,
    code not_accountable) when there is none: the practitioner is in no group, or the group has
    dissolved. A page asks this before anyone writes their concern; `raise_concern` asks again."""
    if about_practitioner is not None:
        reached = list(db.session.scalars(
            select(Group).join(Membership, Membership.group_id == Group.id)
            .where(Membership.practitioner_id == about_practitioner.id, Membership.left_at.is_(None),
                   Group.dissolved_at.is_(None))
            .order_by(Group.id)))
        if not reached:
            raise Conflict(NOT_ACCOUNTABLE, code="not_accountable")
        return reached
    if about_group is None:
        raise Invalid("Say whom the concern is about: a practitioner or a group.",
                      {"about": ["Choose a practitioner or a group."]})
    if about_group.dissolved_at is not None:
        raise Conflict(GROUP_DISSOLVED, code="not_accountable")
    return [about_group]


def raise_concern(about_practitioner: Practitioner | None = None, about_group: Group | None = None,
                  name: str = "", email: str = "", text: str = "") -> tuple[Concern, str]:
    """Anyone raises a concern; returns it and the private token to follow it with.

    Refused (409) when no group can receive it: the practitioner is in no group today, or the
    group has dissolved. The refusal says only that."""
    if (about_practitioner is None) == (about_group is None):
        raise Invalid("Say whom the concern is about: a practitioner or a group.",
                      {"about": ["Choose a practitioner or a group."]})
    name, email, text = _clean(name, email, text)
    reached = groups_to_reach(about_practitioner, about_group)
    if about_practitioner is not None:
        about = "a practitioner in your group, " + about_practitioner.name
    else:
        about = "your group"
    token = secret_tokens.new_token("c_")
    concern = Concern(
        about_practitioner_id=about_practitioner.id if about_practitioner else None,
        about_group_id=about_group.id if about_group else None,
        name=name, email=email, text=text, state=ConcernState.OPEN, raised_at=clock.now(),
        follow_token_hash=secret_tokens.digest(token),
    )
    db.session.add(concern)
    db.session.flush()
    for group in reached:
        db.session.add(ConcernGroup(concern_id=concern.id, group_id=group.id))
        events.record("concern_raised", group=group, concern_id=concern.id)
        events.notify(member_ids(group), f"A concern has been raised about {about} in {group.name}. "
                                         "Please read it and respond.", Place.CONCERNS, group)
        outbox.enqueue_each("concern_raised", member_ids(group), concern_id=concern.id, group_id=group.id)
    outbox.enqueue("concern_received", address=email, concern_id=concern.id, token=token)
    db.session.flush()
    return concern, token


def groups_reached(concern: Concern) -> list[Group]:
    return list(db.session.scalars(
        select(Group).join(ConcernGroup, ConcernGroup.group_id == Group.id)
        .where(ConcernGroup.concern_id == concern.id).order_by(Group.id)))


def _is_member(group: Group, person: Practitioner) -> bool:
    stay = stay_of(group, person)
    return stay is not None and stay.member_since is not None


def concerns_for_group(actor: Practitioner, group: Group) -> list[Concern]:
    """The concerns that reached the group, newest first: all of them for its members, and the
    escalated ones for members of its link groups. Anyone else is refused."""
    query = (select(Concern).join(ConcernGroup, ConcernGroup.concern_id == Concern.id)
             .where(ConcernGroup.group_id == group.id)
             .order_by(Concern.raised_at.desc(), Concern.id.desc()))
    if _is_member(group, actor):
        return list(db.session.scalars(query))
    partners = [db.session.get(Group, i) for i in sorted(active_partner_ids([group.id]))]
    if any(_is_member(partner, actor) for partner in partners):
        return list(db.session.scalars(query.where(Concern.escalated_at.is_not(None))))
    raise NotAllowed(f"Only members of {group.name}, and of its link groups once a concern is escalated, "
                     "can read its concerns.")


def responding_groups(actor: Practitioner, concern: Concern, group: Group | None = None) -> list[Group]:
    """The groups `actor` can respond for: a group the concern reached that they are a member
    of and, once it is escalated, a link group of one (R15). `group` narrows to a group the
    concern reached (the page it is answered on)."""
    reached = [g for g in groups_reached(concern) if group is None or g.id == group.id]
    own = [g for g in reached if _is_member(g, actor)]
    if own or concern.escalated_at is None:
        return own
    partner_ids = sorted(active_partner_ids([g.id for g in reached]))
    return [p for p in (db.session.get(Group, i) for i in partner_ids) if _is_member(p, actor)]


def may_respond(actor: Practitioner, concern: Concern, group: Group) -> bool:
    """Whether `actor` can respond to this concern on `group`'s page (see `respond`)."""
    return concern.state != ConcernState.CLOSED and bool(responding_groups(actor, concern, group))


def awaiting_response(group: Group) -> int:
    """How many concerns that reached the group await its first response (for its members' tab)."""
    return db.session.scalar(
        select(func.count(Concern.id)).join(ConcernGroup, ConcernGroup.concern_id == Concern.id)
        .where(ConcernGroup.group_id == group.id, Concern.state == ConcernState.OPEN)) or 0


def awaiting_response_for(person: Practitioner) -> list[tuple[Concern, Group]]:
    """The concerns awaiting a first response from the groups this person is a member of (not
    joining), oldest first: the same concerns `awaiting_response` counts, for "What needs me"."""
    rows = db.session.execute(
        select(Concern, Group).join(ConcernGroup, ConcernGroup.concern_id == Concern.id)
        .join(Group, Group.id == ConcernGroup.group_id)
        .join(Membership, Membership.group_id == Group.id)
        .where(Concern.state == ConcernState.OPEN, Membership.practitioner_id == person.id,
               Membership.left_at.is_(None), Membership.member_since.is_not(None), Group.dissolved_at.is_(None))
        .order_by(Concern.raised_at, Concern.id, Group.name))
    return [(concern, group) for concern, group in rows]


def respond(actor: Practitioner, concern: Concern, text: str, group: Group | None = None) -> ConcernResponse:
    """A member of a group the concern reached records the group's response; once it is
    escalated, a member of one of that group's link groups may respond too, for their group."""
    own = responding_groups(actor, concern, group)
    if not own:
        raise NotAllowed("Only members of the group concerned can respond to this concern.")
    if concern.state == ConcernState.CLOSED:
        raise Conflict("This concern is closed.")
    text = (text or "").strip()
    if not text:
        raise Invalid("Write the response first.", {"text": ["Write the group's response."]})
    if len(text) > MAX_RESPONSE:
        raise Invalid("That response is too long.", {"text": [f"Keep the response to {MAX_RESPONSE:,} characters."]})
    response = ConcernResponse(concern_id=concern.id, group_id=own[0].id, author_id=actor.id, text=text,
                               created_at=clock.now())
    db.session.add(response)
    if concern.state == ConcernState.OPEN:
        concern.state = ConcernState.RESPONDED
    db.session.flush()
    events.record("concern_responded", actor, own[0], concern_id=concern.id)
    events.notify(member_ids(own[0]), f"{actor.name} responded to a concern raised with {own[0].name}.",
                  Place.CONCERNS, own[0], skip=actor.id)
    outbox.enqueue("concern_response", address=concern.email, concern_id=concern.id)
    return response


def escalate(concern: Concern, why: str) -> None:
    """Escalate a concern to the link groups of every group it reached."""
    if concern.escalated_at is not None or concern.state == ConcernState.CLOSED:
        return
    concern.state, concern.escalated_at = ConcernState.ESCALATED, clock.now()
    for group in groups_reached(concern):
        events.record("concern_escalated", group=group, concern_id=concern.id, why=why)
        for partner_id in sorted(active_partner_ids([group.id])):
            partner = db.session.get(Group, partner_id)
            events.notify(member_ids(partner), f"A concern raised with your link group {group.name} has been "
                                               f"escalated to you ({why}).", Place.CONCERNS, partner)
            outbox.enqueue_each("concern_escalated", member_ids(partner), concern_id=concern.id, group_id=group.id,
                                partner_id=partner.id, why=why)
    outbox.enqueue("concern_escalated_raiser", address=concern.email, concern_id=concern.id, why=why)


def escalate_due(now: dt.datetime | None = None) -> list[Concern]:
    """Escalate every concern that has had no response for 8 weeks (R15); returns them."""
    now = now or clock.now()
    due = list(db.session.scalars(
        select(Concern).where(Concern.state == ConcernState.OPEN, Concern.escalated_at.is_(None),
                              Concern.raised_at <= now - escalate_after())
        .order_by(Concern.id)))
    for concern in due:
        escalate(concern, f"no response in {escalate_after().days // 7} weeks")
    db.session.flush()
    return due


def concern_for_token(token: str) -> Concern:
    """The concern its raiser follows with this private token."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise NotFound("There is no concern at this address.")
    concern = db.session.scalar(select(Concern).where(Concern.follow_token_hash == secret_tokens.digest(token)))
    if concern is None:
        raise NotFound("There is no concern at this address.")
    return concern


def unresolved_offered(concern: Concern) -> bool:
    """Whether its raiser may say "this is not resolved" (the follow page's button, the API's
    `can_say_unresolved`): once there is a response to judge, or once the group has had its
    8 weeks, while it is neither closed, escalated, nor said to be resolved."""
    return (concern.state != ConcernState.CLOSED and concern.escalated_at is None and concern.resolved_at is None
            and (bool(concern.responses) or clock.now() >= concern.raised_at + escalate_after()))


def mark_unresolved(concern: Concern) -> Concern:
    """The person who raised the concern says it is unresolved: it is escalated (R15)."""
    if concern.state == ConcernState.CLOSED:
        raise Conflict("This concern is closed.")
    if concern.escalated_at is not None:
        raise Conflict("This concern is already escalated to the link groups.", code="already_escalated")
    if concern.resolved_at is not None:
        raise Conflict("You have said this concern is resolved.", code="resolved")
    if not unresolved_offered(concern):
        raise Conflict("There is nothing to judge yet: the group has not responded, and its "
                       f"{escalate_after().days // 7} weeks are not over.", code="not_yet")
    escalate(concern, "the person who raised it says it is unresolved")
    db.session.flush()
    return concern

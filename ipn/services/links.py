"""Links between member groups and the validation visits recorded on them (R9, R10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError

from ipn import clock
from ipn.extensions import db
from ipn.models import Group, Link, Place, Practitioner, Visit, pair_key
from ipn.services import events, outbox
from ipn.services.errors import Conflict, Invalid, NotAllowed
from ipn.services.evaluation import lock_group, reevaluate
from ipn.services.facts import active_partner_ids, live_link_between
from ipn.services.groups import (
    MAX_REASON,
    member_ids,
    people_ids,
    require_member,
    require_not_dissolved,
    stay_of,
)
from ipn.states import LIVE_LINK_STATES, MEMBER_LEVEL, LinkState, VisitOutcome

MAX_NOTE = 5000


def _require_member_level(group: Group) -> None:
    if group.status not in MEMBER_LEVEL:
        raise Conflict(f"{group.name} is not a member group, and only member groups can link.",
                       code="not_member_group")


def propose_link(actor: Practitioner, group: Group, partner: Group | None) -> Link:
    """A member of a member group proposes a link to another member group."""
    require_not_dissolved(group)
    require_member(group, actor)
    if partner is None:
        raise Invalid("There is no such group.", {"partner": ["There is no group with that name."]},
                      code="unknown_reference")
    if partner.id == group.id:
        raise Conflict("A group cannot link with itself.", {"partner": ["Choose another group."]})
    require_not_dissolved(partner)
    _require_member_level(group)
    _require_member_level(partner)
    if live_link_between(group.id, partner.id) is not None:
        raise Conflict(f"{group.name} and {partner.name} already have a link, proposed or active.",
                       code="link_exists")
    link = Link(group_id=group.id, partner_id=partner.id, proposed_by_id=actor.id,
                live_key=pair_key(group.id, partner.id))
    try:
        # Added inside the savepoint: begin_nested() flushes what is pending before it starts,
        # and a clash outside the savepoint would leave the whole session unusable.
        with db.session.begin_nested():
            db.session.add(link)
            db.session.flush()
    except IntegrityError:
        # Another request proposed the same pair a moment ago.
        raise Conflict(f"{group.name} and {partner.name} already have a link, proposed or active.",
                       code="link_exists") from None
    events.record("link_proposed", actor, group, link_id=link.id, partner=partner.slug)
    events.notify(member_ids(partner), f"{group.name} proposes a link with {partner.name}.", Place.ME, partner)
    outbox.enqueue_each("link_proposed", member_ids(partner), skip=actor.id, group_id=group.id, partner_id=partner.id)
    return link


def _answerable(actor: Practitioner, link: Link) -> Group:
    partner = link.partner
    require_member(partner, actor)
    lock_group(partner)  # two members answering at once: the second sees the first's answer
    db.session.refresh(link)
    if link.state != LinkState.PROPOSED:
        raise Conflict(f"This link is already {link.state}.")
    return partner


def accept_link(actor: Practitioner, link: Link) -> Link:
    partner = _answerable(actor, link)
    _require_member_level(link.group)
    _require_member_level(partner)
    link.state, link.answered_by_id, link.answered_at = LinkState.ACTIVE, actor.id, clock.now()
    db.session.flush()
    event = events.record("link_accepted", actor, partner, link_id=link.id, partner=link.group.slug)
    events.notify(people_ids(link.group), f"{partner.name} accepted the link with {link.group.name}.",
                  Place.LINKS, link.group)
    reevaluate(_affected_by_link(link), f"{link.group.name} and {partner.name} linked", event)
    return link


def decline_link(actor: Practitioner, link: Link) -> Link:
    partner = _answerable(actor, link)
    link.state, link.live_key = LinkState.DECLINED, None
    link.answered_by_id, link.answered_at = actor.id, clock.now()
    events.record("link_declined", actor, partner, link_id=link.id, partner=link.group.slug)
    events.notify(member_ids(link.group), f"{partner.name} declined the link with {link.group.name}.",
                  Place.LINKS, link.group)
    return link


def end_link(actor: Practitioner, link: Link, reason: str) -> Link:
    """Either group ends the link, with a reason (R9)."""
    own = next((g for g in (link.group, link.partner) if stay_of(g, actor) is not None
                and stay_of(g, actor).member_since is not None), None)
    if own is None:
        raise NotAllowed("Only members of the two linked groups can end this link.")
    if link.state not in LIVE_LINK_STATES:
        raise Conflict(f"This link is already {link.state}.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the link ends.", {"reason": ["Say why the link ends."]})
    if len(reason) > MAX_REASON:
        raise Invalid("That reason is too long.", {"reason": [f"Keep the reason to {MAX_REASON} characters."]})
    was_active = link.state == LinkState.ACTIVE
    affected = _affected_by_link(link) if was_active else []
    link.state, link.live_key = LinkState.ENDED, None
    link.ended_by_id, link.ended_at, link.end_reason = actor.id, clock.now(), reason
    db.session.flush()
    other = link.partner if own.id == link.group_id else link.group
    event = events.record("link_ended", actor, own, link_id=link.id, partner=other.slug, reason=reason)
    events.notify(people_ids(other), f"{own.name} ended its link with {other.name}.", Place.LINKS, other)
    if was_active:
        reevaluate(affected, f"the link between {link.group.name} and {link.partner.name} ended", event)
    return link


def _affected_by_link(link: Link) -> list[Group]:
    """The two ends, and groups linked to both (the triangle rule may change for them)."""
    common = active_partner_ids([link.group_id]) & active_partner_ids([link.partner_id])
    ids = [link.group_id, link.partner_id, *sorted(common - {link.group_id, link.partner_id})]
    return [db.session.get(Group, i) for i in ids]


def parse_date(value) -> dt.date:
    try:
        return clock.parse_day(value)
    except ValueError:
        raise Invalid("Give the date as YYYY-MM-DD.", {"date": ["Give the date as YYYY-MM-DD."]}) from None


def record_visit(actor: Practitioner, link: Link, visited: Group | None, date, outcome: str,
                 visitors: Sequence[Practitioner] | None = None, note: str = "") -> Visit:
    """A member of the visiting group records a visit and its outcome for the other group (R10)."""
    if link.state != LinkState.ACTIVE:
        raise Conflict("Visits are recorded on active links only.", code="link_not_active")
    if visited is None or visited.id not in (link.group_id, link.partner_id):
        raise Invalid("Choose one of the two linked groups as the visited group.",
                      {"group": ["Choose one of the two linked groups."]}, code="not_in_link")
    visiting = link.partner if visited.id == link.group_id else link.group
    if stay_of(visited, actor) is not None:
        raise NotAllowed(f"You belong to {visited.name}, and nobody validates their own group.")
    require_member(visiting, actor)
    fields: dict[str, list[str]] = {}
    try:
        day = parse_date(date)
        if day > clock.today():
            fields["date"] = ["A visit cannot be dated in the future."]
    except Invalid as error:
        fields.update(error.fields)
    if outcome not in set(VisitOutcome):
        fields["outcome"] = ["Choose validated or concerns."]
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        fields["note"] = [f"Keep the note to {MAX_NOTE} characters."]
    people = list(visitors) if visitors else [actor]
    visiting_members = set(member_ids(visiting))
    for person in people:
        if person is None or person.id not in visiting_members:
            fields["visitors"] = [f"Visitors must be members of {visiting.name}."]
        elif stay_of(visited, person) is not None:
            raise NotAllowed(f"{person.name} belongs to {visited.name}, and nobody validates their own group.")
    if fields:
        # Codes for the API: what no schema can say (who the visitors are, today's date).
        code = "not_in_group" if "visitors" in fields else "future_date" if "date" in fields else None
        raise Invalid("Some details of the visit need correcting.", fields, code=code)
    visit = Visit(link_id=link.id, visiting_group_id=visiting.id, visited_group_id=visited.id, date=day,
                  outcome=outcome, note=note, recorded_by_id=actor.id)
    visit.visitors = list({p.id: p for p in people}.values())
    db.session.add(visit)
    db.session.flush()
    event = events.record("visit_recorded", actor, visiting, link_id=link.id, visited=visited.slug,
                          date=day.isoformat(), outcome=outcome)
    words = "validated" if outcome == VisitOutcome.VALIDATED else "raised concerns about"
    events.notify(people_ids(visited), f"{visiting.name} {words} {visited.name} after its visit on {day.isoformat()}.",
                  Place.LINKS, visited)
    reevaluate([visited], f"{visiting.name} {words} it after a visit on {day.isoformat()}", event)
    return visit

"""A group's links as its pages show them: each active link with the validation each way
today (as ipn.rules.validation says), the proposals and past links, and member groups to
propose a link to (R9, R10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ipn import clock, rules
from ipn.extensions import db
from ipn.graph import at_risk_if_dissolved, at_risk_if_link_ended
from ipn.models import Group, Link, Practitioner, Visit
from ipn.services.facts import active_partner_ids, load_graph, settings
from ipn.states import LIVE_LINK_STATES, MEMBER_LEVEL, LinkState

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class LinkView:
    """An active link seen from `group`."""

    link: Link
    group: Group
    partner: Group
    of_us: rules.Validation  # the partner's deciding visit to this group: does it validate us?
    by_us: rules.Validation  # this group's deciding visit to the partner

    @property
    def since(self) -> dt.datetime:
        return self.link.answered_at or self.link.proposed_at


def active_links(group: Group, today: dt.date | None = None) -> list[LinkView]:
    """Every active link of the group, with the validation each way (R10) as of today."""
    today = today or clock.today()
    graph = load_graph([group.id])
    rulebook = settings()
    rows = {link.id: link for link in db.session.scalars(select(Link).where(
        Link.state == LinkState.ACTIVE, or_(Link.group_id == group.id, Link.partner_id == group.id)))}
    views = []
    for partner_id in graph.successors(group.id) if group.id in graph else []:
        link = rows[graph.edges[group.id, partner_id]["link_id"]]
        partner = link.partner if link.group_id == group.id else link.group
        views.append(LinkView(link, group, partner,
                              rules.edge_validation(graph, partner_id, group.id, today, rulebook),
                              rules.edge_validation(graph, group.id, partner_id, today, rulebook)))
    return sorted(views, key=lambda view: view.partner.name_key)


@dataclass(frozen=True)
class OtherLinks:
    incoming: list[Link]  # proposals awaiting this group's answer
    outgoing: list[Link]  # this group's proposals awaiting the partner's
    past: list[Link]  # declined and ended links, latest first


def other_links(group: Group, past_limit: int = 20) -> OtherLinks:
    """The group's links that are not active: proposals both ways, and past links."""
    rows = list(db.session.scalars(
        select(Link).where(or_(Link.group_id == group.id, Link.partner_id == group.id))
        .order_by(Link.proposed_at.desc(), Link.id.desc())))
    proposed = [link for link in rows if link.state == LinkState.PROPOSED]
    return OtherLinks(
        incoming=[link for link in proposed if link.partner_id == group.id],
        outgoing=[link for link in proposed if link.group_id == group.id],
        past=[link for link in rows if link.state in (LinkState.DECLINED, LinkState.ENDED)][:past_limit],
    )


def groups_to_link(group: Group, words: str) -> list[Group]:
    """Member groups (other than this one, not dissolved) whose name or region contains the
    words, for proposing a link."""
    words = " ".join((words or "").split())[:80].casefold()
    if not words:
        return []
    return list(db.session.scalars(
        select(Group).where(
            Group.id != group.id, Group.dissolved_at.is_(None), Group.status.in_(MEMBER_LEVEL),
            or_(func.lower(Group.name).contains(words, autoescape=True),
                func.lower(Group.region).contains(words, autoescape=True)))
        .order_by(Group.name).limit(SEARCH_LIMIT)))


def recent_visits(link: Link, limit: int) -> list[Visit]:
    """The latest visits recorded on a link, both ways, newest first."""
    return list(db.session.scalars(
        select(Visit).where(Visit.link_id == link.id)
        .order_by(Visit.date.desc(), Visit.recorded_at.desc(), Visit.id.desc()).limit(limit)))


def losing_full_membership_if_ended(link: Link, today: dt.date | None = None) -> list[Group]:
    """The full member groups (of the two) that would lose full membership were the link to end,
    for the confirmation page."""
    graph = load_graph([link.group_id, link.partner_id])
    ids = at_risk_if_link_ended(graph, link.group_id, link.partner_id, today or clock.today(), settings())
    return [db.session.get(Group, gid) for gid in ids]


def losing_full_membership_if_dissolved(group: Group, today: dt.date | None = None) -> list[Group]:
    """The link groups that would lose full membership were `group` to dissolve."""
    partners = active_partner_ids([group.id])
    # Each partner's own partners too: their validations of the partner are what may lapse.
    graph = load_graph([group.id, *partners])
    ids = at_risk_if_dissolved(graph, group.id, today or clock.today(), settings())
    return sorted((db.session.get(Group, gid) for gid in ids), key=lambda g: g.name_key)


def live_links(group: Group) -> list[Link]:
    """The group's proposed and active links, oldest first."""
    return list(db.session.scalars(
        select(Link).where(Link.state.in_(LIVE_LINK_STATES), or_(Link.group_id == group.id, Link.partner_id == group.id))
        .order_by(Link.proposed_at, Link.id)))


def proposers(link_ids: list[int]) -> dict[int, int]:
    """For each link, the group that proposed it."""
    if not link_ids:
        return {}
    return {link_id: group_id for link_id, group_id in db.session.execute(
        select(Link.id, Link.group_id).where(Link.id.in_(link_ids)))}


def visits_seen_by(actor: Practitioner, link: Link) -> tuple[list[Visit], bool]:
    """Every visit recorded on a link, newest first, for the people in either of its groups,
    and whether the actor may read their notes (members of either group only)."""
    from ipn.services.errors import NotAllowed
    from ipn.services.groups import stay_of

    stays = [stay_of(group, actor) for group in (link.group, link.partner)]
    if not any(stays):
        raise NotAllowed("Only the people in the two linked groups can see their visits.")
    return recent_visits(link, None), any(s is not None and s.member_since is not None for s in stays)

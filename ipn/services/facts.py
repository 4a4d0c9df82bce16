"""Loading the facts the rules need: one group's inside, and the part of the network
around some groups as a networkx graph (never the whole network per request, unless asked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx
from sqlalchemy import and_, func, or_, select

from ipn import clock, graph, rules
from ipn.extensions import db
from ipn.models import (
    Endorsement,
    Group,
    Link,
    Membership,
    Practitioner,
    StandBy,
    Statement,
    Visit,
)
from ipn.states import LIVE_LINK_STATES, LinkState, StatementState


def settings(day: dt.date | None = None) -> rules.Settings:
    """The rules in force on `day` (today by default), from ipn.services.rulebook."""
    from ipn.services import rulebook

    return rulebook.settings_on(day)


def current_memberships(group_id: int) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)
    ))


def current_stays(person: Practitioner) -> list[Membership]:
    """The person's current stays (member or joining), in the order they joined."""
    return list(db.session.scalars(
        select(Membership).where(Membership.practitioner_id == person.id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)))


def group_facts(group: Group) -> rules.GroupFacts:
    """The inside of one group as the rules see it."""
    stays = current_memberships(group.id)
    members = tuple(rules.Person(m.practitioner_id, m.practitioner.name) for m in stays if m.member_since)
    joining = tuple(rules.Person(m.practitioner_id, m.practitioner.name) for m in stays if not m.member_since)
    live, withdrawn = latest_stand_bys(group.id, stays)
    current = current_statement(group.id)
    published = current.published_at if current is not None else None
    draft = current_draft(group.id)
    endorsed = None if draft is None else frozenset(db.session.scalars(
        select(Membership.practitioner_id).join(Endorsement, Endorsement.membership_id == Membership.id)
        .where(Endorsement.statement_id == draft.id, Membership.left_at.is_(None))))
    return rules.GroupFacts(
        id=group.id,
        name=group.name,
        dissolved_on=clock.local_date(group.dissolved_at) if group.dissolved_at else None,
        members=members,
        joining=joining,
        stand_bys=frozenset(live),
        withdrawn={pair: clock.local_date(row.withdrawn_at) for pair, row in withdrawn.items()},
        statement_published_on=clock.local_date(published) if published else None,
        draft_endorsed_by=endorsed,
    )


def latest_stand_bys(group_id: int, stays: list[Membership]
                     ) -> tuple[dict[tuple[int, int], StandBy], dict[tuple[int, int], StandBy]]:
    """Among the people of `stays`, keyed by (giver, receiver) practitioner ids: the live
    stand-bys, and the pairs whose latest stand-by was withdrawn and not restored."""
    person_of = {m.id: m.practitioner_id for m in stays}
    live: dict[tuple[int, int], StandBy] = {}
    withdrawn: dict[tuple[int, int], StandBy] = {}
    rows = db.session.scalars(
        select(StandBy).where(StandBy.group_id == group_id).order_by(StandBy.created_at, StandBy.id))
    for row in rows:
        if row.giver_id not in person_of or row.receiver_id not in person_of:
            continue  # from an earlier stay
        pair = (person_of[row.giver_id], person_of[row.receiver_id])
        if row.withdrawn_at is None:
            live[pair] = row
            withdrawn.pop(pair, None)
        elif pair not in live:
            withdrawn[pair] = row
    return live, withdrawn


def current_statement(group_id: int) -> Statement | None:
    """The group's published statement now, if any (at most one at a time)."""
    return db.session.scalar(select(Statement).where(Statement.group_id == group_id,
                                                     Statement.state == StatementState.PUBLISHED))


def current_draft(group_id: int) -> Statement | None:
    """The group's draft statement, if it has one (at most one at a time)."""
    return db.session.scalar(select(Statement).where(Statement.group_id == group_id,
                                                     Statement.state == StatementState.DRAFT))


def active_partner_ids(group_ids: Iterable[int]) -> set[int]:
    ids = set(group_ids)
    if not ids:
        return set()
    rows = db.session.execute(
        select(Link.group_id, Link.partner_id).where(
            Link.state == LinkState.ACTIVE, or_(Link.group_id.in_(ids), Link.partner_id.in_(ids))
        )
    )
    return {b if a in ids else a for a, b in rows} - ids


def load_graph(center_ids: Iterable[int] | None = None, region: str | None = None) -> nx.DiGraph:
    """The groups in `center_ids` and their active link partners, with every active link
    among them and the latest visit each way. With no centres: the whole network."""
    if center_ids is None:
        query = select(Group)
        if region:
            query = query.where(func.lower(Group.region) == region.strip().lower())
        groups = list(db.session.scalars(query))
    else:
        centers = set(center_ids)
        ids = centers | active_partner_ids(centers)
        groups = list(db.session.scalars(select(Group).where(Group.id.in_(ids)))) if ids else []
    ids = {g.id for g in groups}
    nodes = [graph.Node(g.id, g.slug, g.name, g.status, g.region) for g in groups]
    links = list(db.session.scalars(
        select(Link).where(Link.state == LinkState.ACTIVE, Link.group_id.in_(ids), Link.partner_id.in_(ids))
    )) if ids else []
    return graph.build_graph(
        nodes,
        [graph.ActiveLink(link.id, link.group_id, link.partner_id) for link in links],
        latest_visits([link.id for link in links]),
    )


def latest_visits(link_ids: list[int]) -> list[graph.LatestVisit]:
    """For each link and direction, the visit that decides (R10): the latest by visit date,
    and on the same date the one recorded last."""
    if not link_ids:
        return []
    rows = db.session.scalars(
        select(Visit).where(Visit.link_id.in_(link_ids)).order_by(Visit.date, Visit.recorded_at, Visit.id)
    )
    latest: dict[tuple[int, int, int], Visit] = {}
    for visit in rows:
        latest[(visit.link_id, visit.visiting_group_id, visit.visited_group_id)] = visit
    return [graph.LatestVisit(v.link_id, v.visiting_group_id, v.visited_group_id, v.date, v.outcome)
            for v in latest.values()]


def assess(group: Group, today: dt.date | None = None) -> rules.Assessment:
    """The group's status as the rules derive it now from the facts, with its criteria."""
    day = today or clock.today()
    return rules.assess(group_facts(group), load_graph([group.id]), day, settings(day))


def live_link_between(a: int, b: int) -> Link | None:
    return db.session.scalar(
        select(Link).where(
            Link.state.in_(LIVE_LINK_STATES),
            or_(and_(Link.group_id == a, Link.partner_id == b), and_(Link.group_id == b, Link.partner_id == a)),
        )
    )

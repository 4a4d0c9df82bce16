"""Loading the facts the rules need: one group's inside, and the part of the network
around some groups as a networkx graph (never the whole network per request, unless asked).

The facts of many groups load in a few set-based queries (`load`, `load_everything`); one
group's facts are the same load for a list of one, so both paths read the facts alike. A
page that shows many groups calls `preload` first: what it loads is then read, for the rest
of the request, by `group_facts`, `current_memberships`, `current_statement`, `load_graph`
and the functions built on them, until anything is written (a flush forgets it)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import TypeVar

import networkx as nx
from flask import current_app, g, has_app_context
from sqlalchemy import Select, and_, event, exists, func, null, or_, select, text, union
from sqlalchemy.orm import Session, aliased, joinedload

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

PRELOADED = "ipn_preloaded_facts"
STREAMED = 20_000  # rows a batch, for the tables that have tens of rows a group
IN_BATCH = 1_000  # ids a query, for a list of groups as long as the network


def settings(day: dt.date | None = None) -> rules.Settings:
    """The rules in force on `day` (today by default), from ipn.services.rulebook."""
    from ipn.services import rulebook

    return rulebook.settings_on(day)


# --- The facts of many groups at once ------------------------------------------------------

@dataclass
class Loaded:
    """What was loaded of one group: its facts, current stays (with their practitioners, in
    the order they joined) and statements (published ones in order of publication)."""

    facts: rules.GroupFacts
    stays: list[Membership] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def current(self) -> Statement | None:
        return next((s for s in self.statements if s.state == StatementState.PUBLISHED), None)

    @property
    def draft(self) -> Statement | None:
        return next((s for s in self.statements if s.state == StatementState.DRAFT), None)

    @property
    def published(self) -> list[Statement]:
        return [s for s in self.statements if s.published_at is not None]


def _endorsed_draft():
    """Whether a current stay endorsed its group's draft (a column of the stays query)."""
    return exists().where(Endorsement.membership_id == Membership.id, Endorsement.statement_id == Statement.id,
                          Statement.group_id == Membership.group_id, Statement.state == StatementState.DRAFT)


def stand_by_rows(*where, live: bool = False) -> Select:
    """Stand-bys between people now in the group, as (group id, giver's practitioner id,
    receiver's practitioner id, withdrawn_at): a stand-by from an earlier stay is not one.
    `live`: only those not withdrawn (withdrawn_at is then NULL without reading a column)."""
    giver, receiver = aliased(Membership), aliased(Membership)
    if live:
        where = (*where, StandBy.withdrawn_at.is_(None))
    withdrawn_at = null() if live else StandBy.withdrawn_at
    return (select(StandBy.group_id, giver.practitioner_id, receiver.practitioner_id, withdrawn_at)
            .join(giver, giver.id == StandBy.giver_id).join(receiver, receiver.id == StandBy.receiver_id)
            .where(giver.left_at.is_(None), receiver.left_at.is_(None),
                   giver.group_id == StandBy.group_id, receiver.group_id == StandBy.group_id, *where))


def facts_from(groups: Iterable[tuple], stays: Iterable[tuple], stand_bys: Iterable[tuple],
               statements: Iterable[tuple], everyone_stands_by: Iterable[int] = ()) -> dict[int, rules.GroupFacts]:
    """Each group's facts from plain rows: groups (id, name, dissolved_at); current stays
    (group id, practitioner id, name, member_since set, endorsed the draft) in the order they
    joined; stand-bys as `stand_by_rows` gives them, in the order they were given; statements
    (group id, state, published_at) of the published and draft ones. `everyone_stands_by`:
    groups in which every person now in the group stands by every other, whose stand-bys the
    caller need not pass."""
    people: dict[int, list[tuple]] = defaultdict(list)
    for group_id, *person in stays:
        people[group_id].append(person)
    complete = set(everyone_stands_by)  # every pair is live: what was withdrawn was restored
    live: dict[int, set[tuple[int, int]]] = defaultdict(set)
    withdrawn: dict[int, dict[tuple[int, int], dt.datetime]] = defaultdict(dict)
    for group_id, giver, receiver, withdrawn_at in stand_bys:
        pair = (giver, receiver)
        if group_id in complete:
            continue
        if withdrawn_at is None:
            live[group_id].add(pair)
            if group_id in withdrawn:
                withdrawn[group_id].pop(pair, None)
        elif pair not in live.get(group_id, ()):
            withdrawn[group_id][pair] = withdrawn_at
    published: dict[int, dt.datetime] = {}
    drafts: set[int] = set()
    for group_id, state, published_at in statements:
        if state == StatementState.PUBLISHED:
            published[group_id] = published_at
        elif state == StatementState.DRAFT:
            drafts.add(group_id)
    person, zone, no_one = rules.Person, clock.network_timezone(), ()

    def local_date(moment: dt.datetime) -> dt.date:
        return clock.local_date(moment, zone)

    result = {}
    for group_id, name, dissolved_at in groups:
        here = people.get(group_id, no_one)
        gone = withdrawn.get(group_id)
        result[group_id] = rules.GroupFacts(
            id=group_id,
            name=name,
            dissolved_on=local_date(dissolved_at) if dissolved_at else None,
            members=tuple([person(p, n) for p, n, since, _ in here if since]),
            joining=tuple([person(p, n) for p, n, since, _ in here if not since]),
            stand_bys=(rules.EveryPair([p for p, *_ in here]) if group_id in complete
                       else frozenset(live.get(group_id, no_one))),
            withdrawn={pair: local_date(at) for pair, at in gone.items()} if gone else {},
            statement_published_on=local_date(published[group_id]) if group_id in published else None,
            draft_endorsed_by=(frozenset([p for p, _, _, endorsed in here if endorsed])
                               if group_id in drafts else None),
        )
    return result


def load(groups: Sequence[Group]) -> dict[int, Loaded]:
    """The facts, stays and statements of `groups`, in three queries whatever their number."""
    ids = [group.id for group in groups]
    if not ids:
        return {}
    stays = db.session.execute(
        select(Membership, _endorsed_draft()).options(joinedload(Membership.practitioner))
        .where(Membership.group_id.in_(ids), Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)).all()
    stand_bys = db.session.execute(
        stand_by_rows(StandBy.group_id.in_(ids)).order_by(StandBy.created_at, StandBy.id)).all()
    statements = list(db.session.scalars(
        select(Statement).where(Statement.group_id.in_(ids), or_(
            Statement.state.in_([StatementState.PUBLISHED, StatementState.DRAFT]), Statement.published_at.is_not(None)))
        .order_by(Statement.published_at, Statement.id)))
    found = facts_from(
        [(group.id, group.name, group.dissolved_at) for group in groups],
        [(m.group_id, m.practitioner_id, m.practitioner.name, m.member_since is not None, endorsed)
         for m, endorsed in stays],
        stand_bys,
        [(s.group_id, s.state, s.published_at) for s in statements])
    loaded = {gid: Loaded(one) for gid, one in found.items()}
    for stay, _ in stays:
        loaded[stay.group_id].stays.append(stay)
    for statement in statements:
        loaded[statement.group_id].statements.append(statement)
    return loaded


def load_everything() -> dict[int, rules.GroupFacts]:
    """Every group's facts, in a few set-based queries of plain rows (no ORM objects, no
    per-row subquery): what `ipn reevaluate --all` judges the whole network by."""
    run = db.session.connection().execute  # Core rows: no ORM bookkeeping per row
    groups = run(select(Group.id, Group.name, Group.dissolved_at).order_by(Group.id)).all()
    endorsed = set(run(
        select(Endorsement.membership_id).join(Statement, Statement.id == Endorsement.statement_id)
        .where(Statement.state == StatementState.DRAFT)).scalars())
    stays = run(
        select(Membership.group_id, Membership.practitioner_id, Practitioner.name,
               Membership.member_since.is_not(None), Membership.id)
        .join(Practitioner, Practitioner.id == Membership.practitioner_id)
        .where(Membership.left_at.is_(None)).order_by(Membership.joined_at, Membership.id)).all()
    # Most groups' people all stand by each other: about 30 stand-bys a group, most of what a
    # whole network's facts are. Counted in SQL, such a group's stand-bys are known without
    # reading them (a live stand-by is unique per pair of stays, so a full count is every pair).
    # Only the other groups' live stand-bys are read, then every withdrawn one in the order
    # given: the same outcome as every row in order (a pair with a live stand-by is live
    # whatever was withdrawn; otherwise its last withdrawn stand-by says when).
    size = Counter(row[0] for row in stays)
    counted = stand_by_rows(live=True).subquery()
    live_count = dict(run(select(counted.c.group_id, func.count()).group_by(counted.c.group_id)).all())
    complete = {gid for gid, n in size.items() if live_count.get(gid, 0) == n * (n - 1)}
    partly = [gid for gid in live_count if gid not in complete]
    live = [row for i in range(0, len(partly), IN_BATCH)
            for row in run(stand_by_rows(StandBy.group_id.in_(partly[i:i + IN_BATCH]), live=True))]
    withdrawn = run(stand_by_rows(StandBy.withdrawn_at.is_not(None)).order_by(StandBy.created_at, StandBy.id),
                    execution_options={"yield_per": STREAMED})
    statements = run(
        select(Statement.group_id, Statement.state, Statement.published_at)
        .where(Statement.state.in_([StatementState.PUBLISHED, StatementState.DRAFT]))).all()
    return facts_from(groups, ((g, p, n, since, stay in endorsed) for g, p, n, since, stay in stays),
                      chain(live, withdrawn), statements, everyone_stands_by=complete)


def load_standings() -> dict[int, rules.Standing]:
    """Every group's inside counted (rules.Standing), in a few set-based queries of a row a
    group: all that judging the whole network's statuses needs of the groups' insides."""
    run = db.session.connection().execute  # Core rows: no ORM bookkeeping per row
    groups = run(select(Group.id, Group.dissolved_at.is_not(None))).all()
    member = and_(Membership.left_at.is_(None), Membership.member_since.is_not(None))
    members = dict(run(select(Membership.group_id, func.count()).where(member).group_by(Membership.group_id)).all())
    published = set(run(select(Statement.group_id).where(Statement.state == StatementState.PUBLISHED)).scalars())
    endorser = and_(Membership.id == Endorsement.membership_id, Membership.group_id == Statement.group_id, member)
    drafts = dict(run(  # each draft with how many members endorsed it
        select(Statement.group_id, func.count(Membership.id)).where(Statement.state == StatementState.DRAFT)
        .outerjoin(Endorsement, Endorsement.statement_id == Statement.id).outerjoin(Membership, endorser)
        .group_by(Statement.group_id)).all())
    stand_bys = _member_stand_bys(run)
    return {gid: rules.Standing(gid, dissolved, members.get(gid, 0), stand_bys.get(gid, 0), gid in published,
                                drafts.get(gid)) for gid, dissolved in groups}


def _member_stand_bys(run) -> dict[int, int]:
    """Each group's live stand-bys from one current member to another, counted without
    joining every stand-by to both its stays (millions of lookups): every live stand-by of the
    group, less those given or received by a stay that is not a current member's (someone who
    left, or is joining), which are few. A stand-by is between two stays of its group
    (ipn.services.stand_bys makes it so), and a live one is unique per pair of stays: so this
    counts the member pairs that have one, as rules.standing_of counts them from the facts."""
    live = StandBy.withdrawn_at.is_(None)
    every = dict(run(select(StandBy.group_id, func.count()).where(live).group_by(StandBy.group_id)).all())
    others = select(Membership.id).where(or_(Membership.left_at.is_not(None), Membership.member_since.is_(None)))
    touching = union(*(select(StandBy.id, StandBy.group_id).where(live, end.in_(others))  # from the few stays, by index
                       for end in (StandBy.giver_id, StandBy.receiver_id))).subquery()
    beside = dict(run(select(touching.c.group_id, func.count()).group_by(touching.c.group_id)).all())
    return {gid: count - beside.get(gid, 0) for gid, count in every.items()}


T = TypeVar("T")


@contextlib.contextmanager
def read_alongside(read: Callable[[Callable], T]) -> Iterator[Callable[[], T]]:
    """`read(execute)` on a connection of its own, in a thread, while the caller reads on the
    session's: on PostgreSQL the server works on one while the driver hands over the other's
    rows (it lets go of the interpreter as it waits), one per core; the yielded function waits
    for the answer. Only when a connection of its own sees what the session sees: the
    session's transaction has written nothing yet (no transaction id is assigned). Otherwise,
    and on SQLite (two connections in one process were slower than one: measured in issue 13),
    `read` runs on the session's connection when its answer is asked for."""
    if not _alongside_sees_the_same():
        yield lambda: read(db.session.connection().execute)
        return
    app = current_app._get_current_object()

    def in_thread() -> T:
        with app.app_context(), db.engine.connect() as conn:
            return read(conn.execute)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipn-read-alongside") as pool:
        yield pool.submit(in_thread).result


def _alongside_sees_the_same() -> bool:
    session, dialect = db.session, db.engine.dialect
    if session.new or session.dirty or session.deleted or dialect.name != "postgresql":
        return False
    if (dialect.server_version_info or (0,)) < (13,):  # pg_current_xact_id_if_assigned came in 13
        return False
    return bool(session.execute(text("SELECT pg_current_xact_id_if_assigned() IS NULL")).scalar())


@dataclass
class Preloaded:
    loaded: dict[int, Loaded]
    centers: frozenset[int]
    graph: nx.DiGraph
    links: list[Link]  # the centres' live links and the active links among their partners
    ends: list[Group]  # every group at their ends (held, so the identity map keeps them)


def preload(groups: Sequence[Group]) -> None:
    """Load, for the rest of this read-only request, the facts of `groups` and the graph
    around them, in six queries whatever their number (a page of a directory). Groups
    already preloaded are not loaded again."""
    groups = [group for group in groups if _preloaded(group.id) is None]
    if not groups:
        return
    loaded = load(groups)
    graph, links, ends = _graph_around({group.id for group in groups})
    g.setdefault(PRELOADED, []).append(Preloaded(loaded, frozenset(loaded), graph, links, ends))


def _preloaded(group_id: int) -> Preloaded | None:
    if not has_app_context():
        return None
    return next((p for p in g.get(PRELOADED, ()) if group_id in p.loaded), None)


@event.listens_for(Session, "after_flush")
def _forget_preloaded(session, context) -> None:
    """Anything written may change what was loaded: read afresh after it."""
    if has_app_context():
        g.pop(PRELOADED, None)


# --- One group -----------------------------------------------------------------------------

def current_memberships(group_id: int) -> list[Membership]:
    found = _preloaded(group_id)
    if found is not None:
        return list(found.loaded[group_id].stays)
    return list(db.session.scalars(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)
    ))


def current_stays(person: Practitioner) -> list[Membership]:
    """The person's current stays (member or joining), in the order they joined."""
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.group))
        .where(Membership.practitioner_id == person.id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)))


def loaded_if_preloaded(group_id: int) -> Loaded | None:
    found = _preloaded(group_id)
    return found.loaded[group_id] if found is not None else None


def loaded(group: Group) -> Loaded:
    """What `preload` loaded of the group, or the same loaded now for it alone."""
    found = _preloaded(group.id)
    return found.loaded[group.id] if found is not None else load([group])[group.id]


def group_facts(group: Group) -> rules.GroupFacts:
    """The inside of one group as the rules see it."""
    return loaded(group).facts


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
    found = _preloaded(group_id)
    if found is not None:
        return found.loaded[group_id].current
    return db.session.scalar(select(Statement).where(Statement.group_id == group_id,
                                                     Statement.state == StatementState.PUBLISHED))


def current_draft(group_id: int) -> Statement | None:
    """The group's draft statement, if it has one (at most one at a time)."""
    found = _preloaded(group_id)
    if found is not None:
        return found.loaded[group_id].draft
    return db.session.scalar(select(Statement).where(Statement.group_id == group_id,
                                                     Statement.state == StatementState.DRAFT))


# --- The graph -----------------------------------------------------------------------------

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
    among them and the latest visit each way. With no centres: the whole network (of a
    region, if given). After `preload`, the graph it loaded serves any of its groups: it holds
    each of them, their partners and the links among those, which is all the rules read."""
    if center_ids is not None:
        centers = set(center_ids)
        found = next((p for p in (g.get(PRELOADED, ()) if has_app_context() else ())
                      if centers and centers <= p.centers), None)
        if found is not None:
            return found.graph
        return _graph_around(centers)[0]
    run = db.session.connection().execute  # Core rows: no ORM bookkeeping per row
    query = select(Group.id, Group.slug, Group.name, Group.status, Group.region)
    if region:
        query = query.where(func.lower(Group.region) == region.strip().lower())
    nodes = [graph.Node(*row) for row in run(query).all()]
    return graph.build_graph(nodes, *active_links(region=region))


ActiveLinks = tuple[list[graph.ActiveLink], list[graph.LatestVisit]]


def load_member_level_graph(members: Iterable[int], links: ActiveLinks | None = None) -> nx.DiGraph:
    """The whole network as full membership reads it: the member-level groups `members` and
    the active links among them, with the latest visit each way (graph.member_level_graph).
    `links`: every active link as active_links has just read them."""
    return graph.member_level_graph(members, *(links or active_links()))


def active_links(run: Callable | None = None, region: str | None = None) -> ActiveLinks:
    """Every active link (of a region: both ends in it), and the latest visit each way on
    them. `run`: a connection's execute (the session's by default)."""
    run = run or db.session.connection().execute
    links = select(Link.id, Link.group_id, Link.partner_id).where(Link.state == LinkState.ACTIVE)
    if region:
        inside = select(Group.id).where(func.lower(Group.region) == region.strip().lower())
        links = links.where(Link.group_id.in_(inside), Link.partner_id.in_(inside))
    links = [graph.ActiveLink(*row) for row in run(links).all()]
    visits = select(Visit.link_id, Visit.visiting_group_id, Visit.visited_group_id, Visit.date, Visit.outcome)
    if region:
        visits = visits.join(Link, Link.id == Visit.link_id).where(
            Link.state == LinkState.ACTIVE, Link.group_id.in_(inside), Link.partner_id.in_(inside))
    else:
        visits = visits.join(Link, Link.id == Visit.link_id).where(Link.state == LinkState.ACTIVE)
    return links, _latest(run(visits.order_by(Visit.date, Visit.recorded_at, Visit.id)).all())


def _graph_around(centers: set[int]) -> tuple[nx.DiGraph, list[Link], list[Group]]:
    """The graph of `centers` and their partners in three queries, with the live links of the
    centres (proposed ones too) and every group at their ends, as ORM objects for the pages."""
    if not centers:
        return nx.DiGraph(), [], []
    active, live = Link.state == LinkState.ACTIVE, Link.state.in_(LIVE_LINK_STATES)
    around = union(
        select(Link.partner_id).where(active, Link.group_id.in_(centers)),
        select(Link.group_id).where(active, Link.partner_id.in_(centers)),
    ).subquery()
    # A union of parts each an index answers (an OR of them made PostgreSQL read every link).
    chosen = union(
        select(Link.id).where(live, Link.group_id.in_(centers)),
        select(Link.id).where(live, Link.partner_id.in_(centers)),
        select(Link.id).where(active, Link.group_id.in_(select(around.c[0])),
                              Link.partner_id.in_(select(around.c[0]))),
    ).subquery()
    links = list(db.session.scalars(select(Link).where(Link.id.in_(select(chosen.c[0])))
                                    .order_by(Link.proposed_at, Link.id)))
    ids = centers | {link.group_id for link in links} | {link.partner_id for link in links}
    groups = list(db.session.scalars(select(Group).where(Group.id.in_(ids))))
    partners = {end for link in links if link.state == LinkState.ACTIVE
                for end in (link.group_id, link.partner_id) if {link.group_id, link.partner_id} & centers}
    inside = centers | partners
    edges = [link for link in links if link.state == LinkState.ACTIVE
             and link.group_id in inside and link.partner_id in inside]
    built = graph.build_graph(
        [graph.Node(row.id, row.slug, row.name, row.status, row.region) for row in groups if row.id in inside],
        [graph.ActiveLink(link.id, link.group_id, link.partner_id) for link in edges],
        latest_visits([link.id for link in edges]),
    )
    return built, links, groups


def preloaded_links(group_id: int) -> list[Link] | None:
    """After `preload`: the group's live links (proposed and active), oldest first."""
    found = _preloaded(group_id)
    if found is None:
        return None
    return [link for link in found.links if link.state in LIVE_LINK_STATES
            and group_id in (link.group_id, link.partner_id)]


def latest_visits(link_ids: list[int]) -> list[graph.LatestVisit]:
    """For each link and direction, the visit that decides (R10): the latest by visit date,
    and on the same date the one recorded last."""
    if not link_ids:
        return []
    return _latest(db.session.execute(
        select(Visit.link_id, Visit.visiting_group_id, Visit.visited_group_id, Visit.date, Visit.outcome)
        .where(Visit.link_id.in_(link_ids)).order_by(Visit.date, Visit.recorded_at, Visit.id)))


def _latest(rows: Iterable[tuple]) -> list[graph.LatestVisit]:
    latest: dict[tuple[int, int, int], tuple] = {}
    for row in rows:  # in order: the last one seen decides
        latest[(row[0], row[1], row[2])] = row
    return [graph.LatestVisit(*row) for row in latest.values()]


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

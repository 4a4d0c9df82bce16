"""Re-evaluation: the only code that writes derived state (a group's cached status, who has
become a member, which statement is published). Called by every service after it changes a
fact, by the daily catch-up of lapsed validations, and by `ipn reevaluate --all`."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
from sqlalchemy import select, update

from ipn import clock, rules
from ipn.extensions import db
from ipn.graph import set_member_level
from ipn.models import Event, Group, Membership, Place, StatusChange
from ipn.services import events, outbox
from ipn.services.facts import (
    ActiveLinks,
    active_links,
    active_partner_ids,
    current_draft,
    current_statement,
    group_facts,
    load_everything,
    load_graph,
    load_member_level_graph,
    load_standings,
    read_alongside,
    settings,
)
from ipn.states import MEMBER_LEVEL, GroupStatus, StatementState


@dataclass(frozen=True)
class Change:
    group_id: int
    previous: str
    status: str


def lock_group(group: Group) -> None:
    """Serialise changes to one group's people: an UPDATE takes the row lock on PostgreSQL and
    the write lock on SQLite before anything is counted, so racing requests queue up."""
    db.session.execute(update(Group).where(Group.id == group.id).values(version=Group.version + 1))
    db.session.refresh(group)


def reevaluate(groups: Iterable[Group], cause: str, event: Event | None = None,
               on: dt.date | None = None) -> list[Change]:
    """Re-derive the status of `groups`, then of link partners of any group whose standing as a
    member group changed, and so on. `on` is the day the change takes effect (today, or the day
    a validation lapsed); `cause` says in words which fact changed it. A partner changed by the
    cascade is told why in its own terms: "Beta became forming after B2 left"."""
    day = on or clock.today()
    effective_at = clock.now() if on is None else clock.start_of_day(on)
    queue = [(g.id, cause) for g in groups]
    changes: list[Change] = []
    visits = 0
    while queue:
        group_id, why = queue.pop(0)
        visits += 1
        if visits > 10_000:  # pragma: no cover - the cascade only follows real changes
            raise RuntimeError("re-evaluation did not settle")
        group = db.session.get(Group, group_id)
        previous = group.status
        assessment = settle(group, day)
        if assessment.status != previous:
            record_change(group, previous, assessment.status, why, event, effective_at)
            changes.append(Change(group.id, previous, assessment.status))
            if (previous in MEMBER_LEVEL) != (assessment.status in MEMBER_LEVEL):
                because = f"{group.name} {assessment.status.became} after {why}"
                queued = {gid for gid, _ in queue}
                queue.extend((p, because) for p in sorted(active_partner_ids([group.id])) if p not in queued)
    db.session.flush()
    return changes


def settle(group: Group, day: dt.date) -> rules.Assessment:
    """Bring a group's derived facts up to date and cache its status; returns the assessment.
    The facts are loaded once; rules.settle says what follows from them."""
    facts = group_facts(group)
    outcome = rules.settle(facts, load_graph([group.id]), day, settings(day))
    if outcome.promoted:
        promote(group, outcome.promoted)
    if outcome.publish:
        publish_draft(group, [m.id for m in facts.members] + list(outcome.promoted))
    group.status = outcome.assessment.status
    group.status_until = outcome.assessment.until
    return outcome.assessment


def promote(group: Group, ready: tuple[int, ...]) -> None:
    """Joining people who now qualify become members (R5)."""
    now = clock.now()
    stays = db.session.scalars(select(Membership).where(
        Membership.group_id == group.id, Membership.left_at.is_(None),
        Membership.member_since.is_(None), Membership.practitioner_id.in_(ready)))
    for stay in stays:
        stay.member_since = now
        events.record("became_member", group=group, practitioner_id=stay.practitioner_id)
        events.notify([stay.practitioner_id], f"You are now a member of {group.name}.", Place.WORKSPACE, group)
    db.session.flush()


def publish_draft(group: Group, members: list[int]) -> None:
    """Publish the draft every member has endorsed (R7); the current version is superseded."""
    draft = current_draft(group.id)
    now = clock.now()
    current = current_statement(group.id)
    if current is not None:
        current.state, current.superseded_at = StatementState.SUPERSEDED, now
        db.session.flush()  # one current statement per group, also inside this transaction
    draft.state, draft.published_at = StatementState.PUBLISHED, now
    db.session.flush()
    events.record("statement_published", group=group, statement_id=draft.id)
    events.notify(members, f"{group.name} has published its ethical statement.", Place.GROUP, group)


def record_change(group: Group, previous: str, status: str, cause: str, event: Event | None,
                  effective_at: dt.datetime) -> None:
    db.session.add(StatusChange(
        group_id=group.id, status=status, previous=previous, cause=cause,
        event_id=event.id if event else None,
        effective_at=effective_at, effective_on=clock.local_date(effective_at),
    ))
    people = list(db.session.scalars(
        select(Membership.practitioner_id).where(Membership.group_id == group.id, Membership.left_at.is_(None))))
    events.notify(people, f"{group.name} is now: {GroupStatus(status).label} ({cause}).", Place.GROUP, group)
    outbox.enqueue_each("status_changed", people, group_id=group.id, status=status, previous=previous, cause=cause)


def catch_up(today: dt.date | None = None) -> list[Change]:
    """Demote groups whose validations lapsed, as of the day after each validation's last day
    (R14): no page or answer may show a status that has lapsed."""
    today = today or clock.today()
    changes: list[Change] = []
    while True:
        group = db.session.scalar(
            select(Group).where(Group.status_until < today).order_by(Group.status_until, Group.id).limit(1))
        if group is None:
            return changes
        lock_group(group)
        if group.status_until is None or group.status_until >= today:
            continue  # another request caught it up meanwhile
        lapse_day = group.status_until + dt.timedelta(days=1)
        cause = lapse_cause(group, lapse_day)
        event = events.record("validation_lapsed", group=group, on=lapse_day.isoformat())
        changes.extend(reevaluate([group], cause, event, on=lapse_day))


def lapse_cause(group: Group, lapse_day: dt.date) -> str:
    graph = load_graph([group.id])
    last_day = lapse_day - dt.timedelta(days=1)
    rulebook = settings(last_day)
    lapsed = sorted(graph.nodes[p]["name"] for p in graph.predecessors(group.id)
                    if rules.edge_validation(graph, p, group.id, lapse_day, rulebook).valid_until == last_day)
    who = " and ".join(lapsed) or "a link group"
    return f"the validation by {who} lapsed on {lapse_day.isoformat()}"



def recompute_all(today: dt.date | None = None,
                  facts: dict[int, rules.GroupFacts] | None = None) -> dict[int, rules.Assessment]:
    """Every group's status derived from the facts alone, ignoring every cached status:
    first each group's own standing (R6-R8), then full membership over the whole graph.
    `facts`, when given, are every group's as load_everything has just read them."""
    today = today or clock.today()
    with no_collection_pauses():
        facts, graph, rulebook = _whole_network(today, facts)
        return {gid: rules.assess(f, graph, today, rulebook) for gid, f in facts.items()}


def derive_statuses(today: dt.date, standings: dict[int, rules.Standing] | None = None,
                    links: ActiveLinks | None = None) -> dict[int, GroupStatus]:
    """Every group's status as recompute_all derives it, without the words of its criteria
    (rules.statuses_of), from every group's inside counted and the graph of the member-level
    groups: what comparing the whole network with its cached statuses needs. `standings` and
    `links`, when given, are as load_standings and active_links have just read them."""
    rulebook = settings(today)
    with no_collection_pauses():
        standings, links = standings_and_links(standings, links)
        level = [gid for gid, one in standings.items() if rules.is_member_level(one, rulebook)]
        return rules.statuses_of(standings, load_member_level_graph(level, links), today, rulebook)


def standings_and_links(standings: dict[int, rules.Standing] | None = None, links: ActiveLinks | None = None,
                        ) -> tuple[dict[int, rules.Standing], ActiveLinks]:
    """Every group's inside counted, read on the session (it sees what this transaction
    wrote), and every active link with its visits, read alongside (nothing here writes them):
    those not given."""
    if links is not None:
        return (load_standings() if standings is None else standings), links
    with read_alongside(active_links) as read_links:
        return (load_standings() if standings is None else standings), read_links()


@dataclass
class FullReevaluation:
    """What `ipn reevaluate --all` found and corrected."""
    lapsed: list[Change]
    strays: list[tuple[str, str]]  # (group slug, person's name): a stay ended when the group dissolved
    published: list[str]  # slugs of groups whose fully endorsed draft was published
    groups: int  # how many were re-evaluated
    disagreed: list[tuple[str, str, str]]  # (slug, cached status, derived status), corrected


def reevaluate_everything(today: dt.date | None = None,
                          checkpoint: Callable[[], None] = lambda: None) -> FullReevaluation:
    """Every group recomputed from the facts, in a few set-based queries whatever the
    network's size (what `ipn reevaluate --all` does, and `ipn bench` times): lapses caught up,
    what a race could once leave behind corrected, and every group whose cached status
    disagrees with its facts re-evaluated, with its records and cascade. `checkpoint` is
    called after each of the first two steps (the command commits there, so that what they
    corrected is not held, or lost, through the long third); the caller commits the last."""
    today = today or clock.today()
    lapsed = catch_up(today)
    checkpoint()
    strays = [(stay.group.slug, stay.practitioner.name) for stay in end_stray_stays()]
    with no_collection_pauses():  # a row a group, alive until the end: the collector need not walk them
        standings, links = standings_and_links()
        stuck = endorsed_unpublished(standings, today)
        for group in stuck:
            lock_group(group)
            reevaluate([group], "every member had endorsed its draft")
        published = [group.slug for group in stuck]
        checkpoint()
        derived = derive_statuses(today, None if stuck else standings, links)  # publishing changed the standings
        del standings, links
        disagreed: list[tuple[str, str, str]] = []
        wrong: list[int] = []
        while True:  # again after corrections: one's cascade may have moved another group
            db.session.flush()  # what the corrections wrote, read below past the session (its rows, plainly)
            cached = dict(db.session.connection().execute(select(Group.id, Group.status)).all())
            before, wrong = wrong, sorted(gid for gid, status in derived.items() if cached[gid] != status)
            if not wrong or wrong == before:
                break
            for group_id in wrong:
                group = db.session.get(Group, group_id)
                if group.status != derived[group_id]:  # as an earlier correction left it
                    disagreed.append((group.slug, group.status, derived[group_id].value))
                    reevaluate([group], "recomputed from the recorded facts")
    return FullReevaluation(lapsed, strays, published, len(derived), disagreed)


def reevaluate_network(cause: str, event: Event | None = None, on: dt.date | None = None) -> list[Change]:
    """Re-evaluate every group after a change that can reach any of them (the rules in
    force): the whole network is judged at once from the facts, and only the groups for which
    something follows (a promotion, a publication, another status or last day) go through
    `reevaluate`, with its cascade and its records. Equal to re-evaluating each group in turn."""
    day = on or clock.today()
    cached = {gid: (status, until) for gid, status, until in db.session.execute(
        select(Group.id, Group.status, Group.status_until).where(Group.dissolved_at.is_(None)))}
    with no_collection_pauses():
        facts, graph, rulebook = _whole_network(day)
        due = [gid for gid in sorted(cached)
               if _follows(rules.settle(facts[gid], graph, day, rulebook), *cached[gid])]
    changes: list[Change] = []
    for group_id in due:
        changes.extend(reevaluate([db.session.get(Group, group_id)], cause, event, on=on))
    return changes


def _follows(outcome: rules.Settlement, status: str, until: dt.date | None) -> bool:
    assessment = outcome.assessment
    return bool(outcome.promoted) or outcome.publish or assessment.status != status or assessment.until != until


def _whole_network(today: dt.date, facts: dict[int, rules.GroupFacts] | None = None,
                   ) -> tuple[dict[int, rules.GroupFacts], nx.DiGraph, rules.Settings]:
    """Every group's facts, the whole graph with each group's member level as its own facts
    say (R6-R8), and the rules in force: what full membership is then judged on."""
    rulebook = settings(today)
    facts = facts if facts is not None else load_everything()  # a few set-based queries
    graph = load_graph(None)
    for group_id, one in facts.items():
        level = GroupStatus.MEMBER if rules.is_member_level(one, rulebook) else GroupStatus.FORMING
        set_member_level(graph, group_id, level)
    return facts, graph, rulebook


@contextlib.contextmanager
def no_collection_pauses() -> Iterator[None]:
    """Build a whole network's facts without the garbage collector walking them again and
    again: every object made here lives until the end (a third of the time, otherwise)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- What a race could once leave behind (`ipn reevaluate --all` finds and corrects it) ----------

def stray_stays() -> list[Membership]:
    """Stays still open in groups that have dissolved: no one may be in a dissolved group."""
    dissolved = select(Group.id).where(Group.dissolved_at.is_not(None))  # the few: each one's stays by index
    return list(db.session.scalars(
        select(Membership).where(Membership.group_id.in_(dissolved), Membership.left_at.is_(None))
        .order_by(Membership.group_id, Membership.id)))


def end_stray_stays() -> list[Membership]:
    """End each stray stay when its group dissolved, as dissolving would have."""
    strays = stray_stays()
    for stay in strays:
        stay.left_at = max(stay.group.dissolved_at, stay.joined_at)
    db.session.flush()
    return strays


def endorsed_unpublished(standings: dict[int, rules.Standing], today: dt.date) -> list[Group]:
    """Groups whose draft every member has endorsed (standing-by accomplished) yet is
    unpublished, from every group's inside counted (which counts its draft's endorsers)."""
    rulebook = settings(today)
    return [db.session.get(Group, group_id)
            for group_id in sorted(gid for gid, one in standings.items() if rules.draft_publishable(one, rulebook))]

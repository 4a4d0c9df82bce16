"""Re-evaluation: the only code that writes derived state (a group's cached status, who has
become a member, which statement is published). Called by every service after it changes a
fact, by the daily catch-up of lapsed validations, and by `ipn reevaluate --all`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update

from ipn import clock, rules
from ipn.extensions import db
from ipn.models import Endorsement, Event, Group, Membership, Statement, StatusChange
from ipn.services import events, outbox
from ipn.services.network import active_partner_ids, group_facts, load_graph, settings


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
    a validation lapsed); `cause` says in words which fact changed it."""
    day = on or clock.today()
    effective_at = clock.now() if on is None else clock.start_of_day(on)
    queue = [g.id for g in groups]
    changes: list[Change] = []
    visits = 0
    while queue:
        group_id = queue.pop(0)
        visits += 1
        if visits > 10_000:  # pragma: no cover - the cascade only follows real changes
            raise RuntimeError("re-evaluation did not settle")
        group = db.session.get(Group, group_id)
        previous = group.status
        assessment = settle(group, day, cause, event)
        if assessment.status != previous:
            record_change(group, previous, assessment.status, cause, event, effective_at)
            changes.append(Change(group.id, previous, assessment.status))
            if (previous in rules.MEMBER_LEVEL) != (assessment.status in rules.MEMBER_LEVEL):
                queue.extend(p for p in sorted(active_partner_ids([group.id])) if p not in queue)
    db.session.flush()
    return changes


def settle(group: Group, day: dt.date, cause: str, event: Event | None) -> rules.Assessment:
    """Bring a group's derived facts up to date and cache its status; returns the assessment."""
    facts = group_facts(group)
    while promote(facts):
        facts = group_facts(group)
    if rules.standing_by_accomplished(facts, settings()) and publish_if_endorsed(group, facts):
        facts = group_facts(group)
    assessment = rules.assess(facts, load_graph([group.id]), day, settings())
    group.status = assessment.status
    group.status_until = assessment.until
    return assessment


def promote(facts: rules.GroupFacts) -> bool:
    """Joining people who now qualify become members (R5); True when anyone did."""
    ready = rules.promotable(facts)
    if not ready:
        return False
    now = clock.now()
    stays = db.session.scalars(select(Membership).where(
        Membership.group_id == facts.id, Membership.left_at.is_(None),
        Membership.member_since.is_(None), Membership.practitioner_id.in_(ready)))
    group = db.session.get(Group, facts.id)
    for stay in stays:
        stay.member_since = now
        events.record("became_member", group=group, practitioner_id=stay.practitioner_id)
        events.notify([stay.practitioner_id], f"You are now a member of {group.name}.",
                      workspace_url(group), group)
    db.session.flush()
    return True


def publish_if_endorsed(group: Group, facts: rules.GroupFacts) -> bool:
    """Publish the draft every member has endorsed (R7); True when one was published."""
    draft = db.session.scalar(select(Statement).where(Statement.group_id == group.id, Statement.state == "draft"))
    if draft is None or not facts.members:
        return False
    endorsed = set(db.session.scalars(
        select(Membership.practitioner_id).join(Endorsement, Endorsement.membership_id == Membership.id)
        .where(Endorsement.statement_id == draft.id, Membership.left_at.is_(None))
    ))
    if not all(m.id in endorsed for m in facts.members):
        return False
    now = clock.now()
    current = db.session.scalar(
        select(Statement).where(Statement.group_id == group.id, Statement.state == "published"))
    if current is not None:
        current.state, current.superseded_at = "superseded", now
        db.session.flush()  # one current statement per group, also inside this transaction
    draft.state, draft.published_at = "published", now
    db.session.flush()
    events.record("statement_published", group=group, statement_id=draft.id)
    events.notify([m.id for m in facts.members], f"{group.name} has published its ethical statement.",
                  f"/groups/{group.slug}", group)
    return True


def record_change(group: Group, previous: str, status: str, cause: str, event: Event | None,
                  effective_at: dt.datetime) -> None:
    db.session.add(StatusChange(
        group_id=group.id, status=status, previous=previous, cause=cause,
        event_id=event.id if event else None,
        effective_at=effective_at, effective_on=clock.local_date(effective_at),
    ))
    label = rules.STATUS_LABELS[status]
    people = list(db.session.scalars(
        select(Membership.practitioner_id).where(Membership.group_id == group.id, Membership.left_at.is_(None))))
    events.notify(people, f"{group.name} is now: {label} ({cause}).", f"/groups/{group.slug}", group)
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
    lapsed = sorted(graph.nodes[p]["name"] for p in graph.predecessors(group.id)
                    if graph.edges[p, group.id].get("valid_until") == last_day)
    who = " and ".join(lapsed) or "a link group"
    return f"the validation by {who} lapsed on {lapse_day.isoformat()}"




def workspace_url(group: Group) -> str:
    return f"/groups/{group.slug}/workspace"


def recompute_all(today: dt.date | None = None) -> dict[int, rules.Assessment]:
    """Every group's status derived from the facts alone, ignoring every cached status:
    first each group's own standing (R6-R8), then full membership over the whole graph."""
    from ipn.graph import set_member_level

    today = today or clock.today()
    every = list(db.session.scalars(select(Group).order_by(Group.id)))
    facts = {g.id: group_facts(g) for g in every}
    graph = load_graph(None)
    for group_id, group_facts_ in facts.items():
        level = rules.MEMBER if rules.is_member_level(group_facts_, settings()) else rules.FORMING
        set_member_level(graph, group_id, level)
    return {gid: rules.assess(f, graph, today, settings()) for gid, f in facts.items()}

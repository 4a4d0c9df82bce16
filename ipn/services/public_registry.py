"""What the public pages read: counts, a group's public record, practitioners by name, the
lists of groups and people looking for each other. Read-only; nothing private leaves here
(no email, withdrawal reason, concern, visit note or invitation)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql import Select

from ipn import clock
from ipn.extensions import db
from ipn.models import (
    Event,
    Gathering,
    Group,
    Membership,
    Practitioner,
    Statement,
)
from ipn.services import facts, generation, statements
from ipn.states import GroupStatus, StatementState


def status_counts() -> dict[str, int]:
    """How many groups have each status (kept until the network changes: a count over every group)."""
    return generation.kept(("status_counts",), _status_counts)


def _status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Group.status, func.count()).group_by(Group.status))
    counts = {status: 0 for status in sorted(GroupStatus, key=lambda s: s.rank)}
    counts.update({status: n for status, n in rows})
    return counts


def accredited_count() -> int:
    """People accredited today (R12): members (not joining) of a full member group now
    (kept until the network changes: a count over every membership)."""
    return generation.kept(("accredited_count",), _accredited_count)


def _accredited_count() -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Membership.practitioner_id)))
        .join(Group, Group.id == Membership.group_id)
        .where(Group.status == GroupStatus.FULL_MEMBER, Membership.left_at.is_(None),
               Membership.member_since.is_not(None))) or 0


def published_statements(limit: int = 5) -> list[Statement]:
    """Statements in the order they were published, newest first (superseded ones included)."""
    return list(db.session.scalars(
        select(Statement).options(joinedload(Statement.group)).where(Statement.published_at.is_not(None))
        .order_by(Statement.published_at.desc(), Statement.id.desc()).limit(limit)))


def next_gathering() -> Gathering | None:
    return db.session.scalar(select(Gathering).where(Gathering.date >= clock.today())
                             .order_by(Gathering.date).limit(1))


def gatherings() -> tuple[list[Gathering], list[Gathering]]:
    """(upcoming, soonest first; past, latest first)."""
    today = clock.today()
    every = list(db.session.scalars(select(Gathering).order_by(Gathering.date)))
    return [g for g in every if g.date >= today], [g for g in reversed(every) if g.date < today]


def member_counts(group_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For each group: (members, joining) now, in one query (none after facts.preload)."""
    preloaded = [facts.loaded_if_preloaded(gid) for gid in group_ids]
    if all(one is not None for one in preloaded):
        return {one.facts.id: (len(one.facts.members), len(one.facts.joining)) for one in preloaded}
    counts = {gid: [0, 0] for gid in group_ids}
    if group_ids:
        joining = Membership.member_since.is_(None)
        rows = db.session.execute(
            select(Membership.group_id, joining, func.count())
            .where(Membership.group_id.in_(group_ids), Membership.left_at.is_(None))
            .group_by(Membership.group_id, joining))
        for group_id, is_joining, n in rows:
            counts[group_id][1 if is_joining else 0] += n
    return {gid: (c[0], c[1]) for gid, c in counts.items()}


def current_statements(group_ids: list[int]) -> dict[int, Statement]:
    if not group_ids:
        return {}
    rows = db.session.scalars(select(Statement).where(
        Statement.group_id.in_(group_ids), Statement.state == StatementState.PUBLISHED))
    return {s.group_id: s for s in rows}


# --- A group's public record -----------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    statement: Statement
    diff: list[tuple[str, str]]  # (kind: same/added/removed, line) against the version before it


def statement_versions(group: Group) -> list[Version]:
    """Every published version, newest first, each with its changes from the one before."""
    loaded = facts.loaded_if_preloaded(group.id)
    rows = loaded.published if loaded is not None else list(db.session.scalars(
        select(Statement).where(Statement.group_id == group.id, Statement.published_at.is_not(None))
        .order_by(Statement.published_at, Statement.id)))
    versions: list[Version] = []
    previous: Statement | None = None
    for statement in rows:
        versions.append(Version(statement, statements.line_diff(previous.text if previous else "", statement.text)))
        previous = statement
    return list(reversed(versions))



def people_of(group: Group) -> list[Membership]:
    """Current stays, members first then joining, each by name."""
    stays = facts.current_memberships(group.id)
    return sorted(stays, key=lambda m: (m.member_since is None, m.practitioner.name.casefold()))


# --- Practitioners ---------------------------------------------------------------------------

def practitioners_named(name: str, region: str = "", limit: int = 50) -> list[Practitioner]:
    """People whose name contains every word typed (any letter case), in a region if given."""
    query = select(Practitioner)
    for word in name.split()[:6]:
        query = query.where(func.lower(Practitioner.name).contains(word.lower(), autoescape=True))
    if region.strip():
        query = query.where(func.lower(Practitioner.region) == region.strip().lower())
    return list(db.session.scalars(query.order_by(Practitioner.name, Practitioner.id).limit(limit)))


def past_stays(person: Practitioner) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.group))
        .where(Membership.practitioner_id == person.id, Membership.left_at.is_not(None))
        .order_by(Membership.left_at.desc())))


# --- Finding each other (R17) ----------------------------------------------------------------

def by_region(items, region_of) -> list[tuple[str, list]]:
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(region_of(item).strip() or "No region given", []).append(item)
    return sorted(grouped.items(), key=lambda pair: (pair[0] == "No region given", pair[0].lower()))


def open_groups() -> list[tuple[str, list[Group]]]:
    groups = db.session.scalars(select(Group).where(
        Group.open_to_new_members.is_(True), Group.status != GroupStatus.DISSOLVED).order_by(Group.name_key))
    return by_region(groups, lambda g: g.region)


def people_looking() -> list[tuple[str, list[Practitioner]]]:
    people = db.session.scalars(select(Practitioner).where(Practitioner.looking_for_group.is_(True))
                                .order_by(Practitioner.name))
    return by_region(people, lambda p: p.region)


def network_version() -> int:
    """Changes whenever anything is recorded: the newest event's id."""
    return db.session.scalar(select(func.max(Event.id))) or 0


def regions(current_only: bool = False) -> list[str]:
    """The regions groups name, in alphabetical order (of groups not dissolved, if asked);
    kept until the network changes."""
    return list(generation.kept(("regions", current_only), lambda: _regions(current_only)))


def _regions(current_only: bool) -> list[str]:
    query = select(Group.region).where(Group.region != "")
    if current_only:
        query = query.where(Group.status != GroupStatus.DISSOLVED)
    return sorted(set(db.session.scalars(query.distinct())), key=str.casefold)


def gatherings_version() -> tuple[int, int | None]:
    """Changes whenever a Gathering is added: their count and newest id."""
    count, newest = db.session.execute(select(func.count(Gathering.id), func.max(Gathering.id))).one()
    return count, newest


def gatherings_by_date() -> Select:
    """Every Gathering, soonest first (for paged lists)."""
    return select(Gathering).order_by(Gathering.date, Gathering.id)

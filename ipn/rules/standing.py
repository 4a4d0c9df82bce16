"""A group's own standing (R5-R8), its status with every rule behind it (R14), and the one
settle step that says what follows from its facts: who becomes a member, whether the draft
is published, and the status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import filterfalse, permutations

import networkx as nx

from ipn.rules.facts import (
    Assessment,
    Criterion,
    EveryPair,
    GroupFacts,
    Person,
    Standing,
)
from ipn.rules.full_membership import full_members, full_membership, full_membership_met
from ipn.rules.settings import Settings
from ipn.states import GroupStatus


def _names(people: Iterable[Person]) -> dict[int, str]:
    return {p.id: p.name for p in people}


def missing_stand_bys(facts: GroupFacts) -> list[tuple[int, int]]:
    """Ordered pairs of members (joining ones aside) where the first does not stand by the second."""
    if isinstance(facts.stand_bys, EveryPair) and facts.stand_bys.people.issuperset(p.id for p in facts.members):
        return []
    return list(filterfalse(facts.stand_bys.__contains__, permutations([p.id for p in facts.members], 2)))


def promotable(facts: GroupFacts) -> list[int]:
    """Joining people who now become members (R5): every member stands by them and they by
    every member. Should no member remain, everyone joining becomes a member."""
    if facts.dissolved_on is not None:
        return []
    if not facts.members:
        return [p.id for p in facts.joining]
    members = [p.id for p in facts.members]
    return [
        j.id
        for j in facts.joining
        if all((m, j.id) in facts.stand_bys and (j.id, m) in facts.stand_bys for m in members)
    ]


def _describe_pair(pair: tuple[int, int], names: Mapping[int, str], withdrawn: Mapping) -> str:
    giver, receiver = names.get(pair[0], "?"), names.get(pair[1], "?")
    if pair in withdrawn:
        return f"{giver} withdrew their stand-by of {receiver} on {withdrawn[pair].isoformat()}"
    return f"{giver} does not yet stand by {receiver}"


def members_criterion(facts: GroupFacts, settings: Settings) -> Criterion:
    count, joining = len(facts.members), len(facts.joining)
    needed = f"{settings.min_members} to {settings.max_members} needed"
    joining_note = f", and {joining} joining (not counted yet)" if joining else ""
    noun = "member" if count == 1 else "members"
    met = settings.min_members <= count <= settings.max_members
    return Criterion("members", met, f"{count} {noun}{joining_note} ({needed})",
                     {"members": count, "joining": joining})


def stand_bys_criterion(facts: GroupFacts) -> Criterion:
    missing = missing_stand_bys(facts)
    count = len(facts.members)
    total = count * (count - 1)
    if not missing:
        detail = ("every member stands by every other member" if count > 1
                  else "no other member to stand by yet")
        return Criterion("stand_bys", count > 1, detail, {"missing": []})
    names = _names(facts.members)
    shown = [_describe_pair(pair, names, facts.withdrawn) for pair in missing[:6]]
    more = f"; and {len(missing) - 6} more" if len(missing) > 6 else ""
    detail = f"{len(missing)} of {total} stand-bys missing: " + "; ".join(shown) + more
    return Criterion("stand_bys", False, detail, {"missing": missing})


def standing_of(inside: GroupFacts | Standing) -> Standing:
    """A group's inside counted (what a whole network's is read as): from its facts, each
    member pair with a live stand-by counted once, as the rules below judge it."""
    if isinstance(inside, Standing):
        return inside
    members = [p.id for p in inside.members]
    endorsed = inside.draft_endorsed_by
    return Standing(
        id=inside.id,
        dissolved=inside.dissolved_on is not None,
        members=len(members),
        stand_bys=len(members) * (len(members) - 1) - len(missing_stand_bys(inside)),
        published=inside.statement_published_on is not None,
        endorsed=None if endorsed is None else sum(m in endorsed for m in members),
    )


def standing_by_accomplished(inside: GroupFacts | Standing, settings: Settings) -> bool:
    """R6: 5 to 9 members (joining aside) and every member stands by every other (so at least
    two: with a single member there is no one to stand by, whatever the smallest group is)."""
    counted = standing_of(inside)
    members = counted.members
    return (
        not counted.dissolved
        and settings.min_members <= members <= settings.max_members
        and members > 1
        and counted.stand_bys == members * (members - 1)
    )


def statement_criterion(facts: GroupFacts) -> Criterion:
    if facts.statement_published_on is None:
        return Criterion("statement", False, "no ethical statement published yet")
    return Criterion("statement", True,
                     f"ethical statement published on {facts.statement_published_on.isoformat()}")


def member_criteria(facts: GroupFacts, settings: Settings) -> list[Criterion]:
    return [members_criterion(facts, settings), stand_bys_criterion(facts), statement_criterion(facts)]


def is_member_level(inside: GroupFacts | Standing, settings: Settings) -> bool:
    """R8: a member group (or better) has standing-by accomplished and a published statement."""
    counted = standing_of(inside)  # a group's facts counted once
    return standing_by_accomplished(counted, settings) and counted.published


def draft_publishable(inside: GroupFacts | Standing, settings: Settings) -> bool:
    """R7: a draft is published once every member has endorsed it and standing-by is accomplished."""
    counted = standing_of(inside)
    return (counted.endorsed is not None and counted.members > 0
            and counted.endorsed == counted.members and standing_by_accomplished(counted, settings))


def status_of(inside: GroupFacts | Standing, graph: nx.DiGraph, today: dt.date, settings: Settings) -> GroupStatus:
    """The group's status today (R6, R8, R11, R14), without the words: what `assess` says."""
    counted = standing_of(inside)
    level = is_member_level(counted, settings)
    return _ladder(counted, level, level and full_membership_met(graph, counted.id, today, settings))


def statuses_of(standings: Mapping[int, Standing], graph: nx.DiGraph, today: dt.date,
                settings: Settings) -> dict[int, GroupStatus]:
    """Every group's status today, without the words (status_of for each, at once): from
    every group's inside counted, and `graph` of the member-level groups and the active
    links among them (ipn.graph.member_level_graph), on which full membership is judged."""
    full = full_members(graph, today, settings)
    return {gid: _ladder(one, is_member_level(one, settings), gid in full) for gid, one in standings.items()}


def _ladder(counted: Standing, member_level: bool, full: bool) -> GroupStatus:
    if counted.dissolved:
        return GroupStatus.DISSOLVED
    if not member_level:
        return GroupStatus.FORMING
    return GroupStatus.FULL_MEMBER if full else GroupStatus.MEMBER


def assess(facts: GroupFacts, graph: nx.DiGraph, today: dt.date, settings: Settings) -> Assessment:
    """The group's status today, with every rule behind it (R6, R8, R11, R14).

    `graph` holds this group, its active link partners (with their `member_level`) and the
    active links among them, as ipn.graph.build_graph makes it."""
    status = status_of(facts, graph, today, settings)
    if status is GroupStatus.DISSOLVED:
        return Assessment(
            GroupStatus.DISSOLVED,
            (Criterion("dissolved", True, f"the group dissolved on {facts.dissolved_on.isoformat()}"),),
        )
    criteria = member_criteria(facts, settings)
    full = full_membership(graph, facts.id, today, settings, member_level=status is not GroupStatus.FORMING)
    criteria.extend(full.criteria)
    return Assessment(status, tuple(criteria), full.until if status is GroupStatus.FULL_MEMBER else None)


@dataclass(frozen=True)
class Settlement:
    """What follows from a group's facts on a day."""

    promoted: tuple[int, ...]  # joining people who become members now (R5)
    publish: bool  # the fully endorsed draft is published now (R7)
    assessment: Assessment


def settle(facts: GroupFacts, graph: nx.DiGraph, today: dt.date, settings: Settings) -> Settlement:
    """Promote whoever now qualifies (repeatedly: a promotion can qualify no one else, except
    when no member remained), publish a fully endorsed draft, then assess."""
    promoted: list[int] = []
    while ready := promotable(facts):
        promoted.extend(ready)
        facts = facts.with_members(ready)
    publish = draft_publishable(facts, settings)
    if publish:
        facts = replace(facts, statement_published_on=today, draft_endorsed_by=None)
    return Settlement(tuple(promoted), publish, assess(facts, graph, today, settings))

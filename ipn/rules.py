"""The network's rules (SPEC.md R5-R12), as pure functions over plain data.

No session, no request: services load the facts, call these, and store what follows.
A reader asking "why is this group not a full member group" starts here. The
full-membership rule runs on a networkx graph built by ipn.graph.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

import networkx as nx

from ipn.words import possessive

FORMING = "forming"
MEMBER = "member"
FULL_MEMBER = "full_member"
DISSOLVED = "dissolved"
MEMBER_LEVEL = frozenset({MEMBER, FULL_MEMBER})

STATUS_LABELS = {
    FORMING: "Forming",
    MEMBER: "Member group",
    FULL_MEMBER: "Full member group",
    DISSOLVED: "Dissolved",
}


# Each rule's name as a reader would put it (the `rule` slugs are for code and the API).
RULE_TITLES = {
    "members": "Enough members",
    "stand_bys": "Every member stands by every other",
    "statement": "A published ethical statement",
    "validated_links": "Validated by other groups",
    "triangle": "Links that widen the network",
    "dissolved": "Dissolved",
}


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def _fraction(value: Any) -> Fraction:
    """A share such as "1/3", 0.5 or Fraction(1, 3), kept exact (a float third is not a third)."""
    share = value if isinstance(value, Fraction) else Fraction(str(value).strip()).limit_denominator(1000)
    if not 0 < share <= 1:
        raise ValueError("a share between 0 (excluded) and 1")
    return share


@dataclass(frozen=True)
class Settings:
    """The numbers of the network (SPEC "The protocol"). Configuration gives only the founding
    rules; after that they change only through ratified proposals (R16), and the rules for a
    date come from ipn.services.rulebook.settings_on. A new rule is a new field here, nothing
    more: rule versions store every field, and the API and pages list them from here."""

    min_members: int = 5
    max_members: int = 9
    links_needed: int = 2
    validation_months: int = 24
    triangle_rule: bool = True
    # Quorum of a Gathering: the share of member and full member groups represented.
    quorum_fraction: Fraction = Fraction(1, 3)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def coerce(cls, name: str, value: Any) -> Any:
        """A rule's value in its type; ValueError when it cannot be one."""
        default = getattr(cls, name)
        if isinstance(default, bool):
            if isinstance(value, str) and value.strip().lower() not in (
                    "0", "1", "true", "false", "yes", "no", "on", "off"):
                raise ValueError("on or off")
            return _flag(value)
        if isinstance(default, Fraction):
            return _fraction(value)
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError("a whole number")
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
        if number < 1:
            raise ValueError("a whole number from 1 upwards")
        return number

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """The founding rules, from the IPN_NETWORK_* settings (read once, at set-up)."""
        values = {}
        for name in cls.names():
            key = f"NETWORK_{name.upper()}"
            if key in config:
                values[name] = cls.coerce(name, config[key])
        return cls(**values)

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Settings:
        """From a stored rule version; a rule added since the version was written takes its
        default (it was not a rule then)."""
        return cls(**{n: cls.coerce(n, stored[n]) for n in cls.names() if n in stored})

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the quorum as a string such as "1/3"."""
        return {n: (str(v) if isinstance(v, Fraction) else v)
                for n, v in ((n, getattr(self, n)) for n in self.names())}

    def changed(self, changes: Mapping[str, Any]) -> Settings:
        return dataclasses.replace(self, **{n: self.coerce(n, v) for n, v in changes.items()})


@dataclass(frozen=True)
class Criterion:
    """One rule behind a status: met or not, and what is missing, in words."""

    rule: str
    met: bool
    detail: str
    # Machine-readable specifics for pages (e.g. the missing stand-bys as id pairs).
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return RULE_TITLES.get(self.rule, self.rule.replace("_", " ").capitalize())

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "met": self.met, "detail": self.detail}


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class GroupFacts:
    """What the rules need to know about one group's inside."""

    id: int
    name: str
    dissolved_on: dt.date | None = None
    members: tuple[Person, ...] = ()
    joining: tuple[Person, ...] = ()
    # Live stand-bys among the people now in the group, as (giver id, receiver id).
    stand_bys: frozenset[tuple[int, int]] = frozenset()
    # Pairs whose latest stand-by was withdrawn and not restored, with the day of withdrawal.
    withdrawn: Mapping[tuple[int, int], dt.date] = field(default_factory=dict)
    statement_published_on: dt.date | None = None


@dataclass(frozen=True)
class Assessment:
    status: str
    criteria: tuple[Criterion, ...]
    # The last day this status holds if no fact changes (a validation lapses after it).
    until: dt.date | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def summary(self) -> str:
        """One line for directories: the first unmet rule in words (with the triangle's reason
        when that is what keeps validations from counting), or the links that make it full."""
        unmet = [c for c in self.criteria if not c.met]
        if unmet:
            first = unmet[0]
            closed = next((c for c in unmet if c.rule == "triangle" and c.data.get("closed")), None)
            if first.rule == "validated_links" and closed is not None:
                return ": ".join(first.detail.split(": ")[:2]) + f": {closed.detail}"
            return first.detail
        by_rule = {c.rule: c for c in self.criteria}
        decisive = by_rule.get("validated_links") if self.status == FULL_MEMBER else None
        return (decisive or self.criteria[-1]).detail if self.criteria else self.label


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validation_last_day(visit_date: dt.date, settings: Settings) -> dt.date:
    """A validation counts up to and including this day, and lapses the day after (R10)."""
    return add_months(visit_date, settings.validation_months)


def _names(people: Iterable[Person]) -> dict[int, str]:
    return {p.id: p.name for p in people}


def missing_stand_bys(facts: GroupFacts) -> list[tuple[int, int]]:
    """Ordered pairs of members (joining ones aside) where the first does not stand by the second."""
    ids = [p.id for p in facts.members]
    return [(a, b) for a in ids for b in ids if a != b and (a, b) not in facts.stand_bys]


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


def standing_by_accomplished(facts: GroupFacts, settings: Settings) -> bool:
    """R6: 5 to 9 members (joining aside) and every member stands by every other."""
    return (
        facts.dissolved_on is None
        and settings.min_members <= len(facts.members) <= settings.max_members
        and not missing_stand_bys(facts)
    )


def statement_criterion(facts: GroupFacts) -> Criterion:
    if facts.statement_published_on is None:
        return Criterion("statement", False, "no ethical statement published yet")
    return Criterion("statement", True,
                     f"ethical statement published on {facts.statement_published_on.isoformat()}")


def member_criteria(facts: GroupFacts, settings: Settings) -> list[Criterion]:
    return [members_criterion(facts, settings), stand_bys_criterion(facts), statement_criterion(facts)]


def is_member_level(facts: GroupFacts, settings: Settings) -> bool:
    """R8: a member group (or better) has standing-by accomplished and a published statement."""
    return standing_by_accomplished(facts, settings) and facts.statement_published_on is not None


def assess(facts: GroupFacts, graph: nx.DiGraph, today: dt.date, settings: Settings) -> Assessment:
    """The group's status today, with every rule behind it (R6, R8, R11, R14).

    `graph` holds this group, its active link partners (with their `member_level`) and the
    active links among them, as ipn.graph.build_graph makes it."""
    if facts.dissolved_on is not None:
        return Assessment(
            DISSOLVED,
            (Criterion("dissolved", True, f"the group dissolved on {facts.dissolved_on.isoformat()}"),),
        )
    criteria = member_criteria(facts, settings)
    member_level = all(c.met for c in criteria)
    full = full_membership(graph, facts.id, today, settings, member_level=member_level)
    criteria.extend(full.criteria)
    if not member_level:
        return Assessment(FORMING, tuple(criteria))
    if full.met:
        return Assessment(FULL_MEMBER, tuple(criteria), full.until)
    return Assessment(MEMBER, tuple(criteria))


@dataclass(frozen=True)
class FullMembership:
    met: bool
    criteria: tuple[Criterion, ...]
    until: dt.date | None
    qualifying: tuple[int, ...] = ()


def valid_validators(graph: nx.DiGraph, group: int, today: dt.date) -> dict[int, dt.date]:
    """Link partners whose latest visit validated `group` and still counts today, and that
    are themselves member or full member groups: partner id -> last day it counts."""
    result = {}
    for partner in graph.predecessors(group):
        edge = graph.edges[partner, group]
        last_day = edge.get("valid_until")
        if last_day is not None and last_day >= today and graph.nodes[partner].get("member_level"):
            result[partner] = last_day
    return result


def linked(graph: nx.DiGraph, a: int, b: int) -> bool:
    """Two groups are linked when an active link joins them (edges run both ways on a link)."""
    return graph.has_edge(a, b) or graph.has_edge(b, a)


def widening_set(graph: nx.DiGraph, candidates: Iterable[int], needed: int,
                 triangle_rule: bool) -> tuple[int, ...] | None:
    """`needed` candidates no two of which are linked (with the triangle rule), else None."""
    ordered = sorted(candidates)
    if len(ordered) < needed:
        return None
    if not triangle_rule:
        return tuple(ordered[:needed])
    for combo in combinations(ordered, needed):
        if all(not linked(graph, a, b) for a, b in combinations(combo, 2)):
            return combo
    return None


def _still_full_until(graph: nx.DiGraph, valid: Mapping[int, dt.date], settings: Settings) -> dt.date | None:
    """The last day on which the rule stays met as validations lapse, with no new facts."""
    for day in sorted(set(valid.values())):
        remaining = [p for p, last in valid.items() if last > day]
        if widening_set(graph, remaining, settings.links_needed, settings.triangle_rule) is None:
            return day
    return None  # pragma: no cover - the last lapse always breaks it


def full_membership(graph: nx.DiGraph, group: int, today: dt.date, settings: Settings,
                    member_level: bool = True) -> FullMembership:
    """R11: valid validations from enough distinct link partners that are member groups,
    among them `links_needed` no two of which are linked to each other (the triangle rule)."""
    names = {n: graph.nodes[n].get("name", str(n)) for n in graph.nodes}
    valid = valid_validators(graph, group, today) if group in graph else {}
    needed = settings.links_needed
    # Validations that count come first, then the other partners, each by name.
    partners = sorted(graph.predecessors(group), key=lambda p: (p not in valid, names[p])) if group in graph else []
    partner_words = [_partner_state(graph, p, group, today, names) for p in partners]
    chosen = widening_set(graph, valid, needed, settings.triangle_rule)
    count = len(valid) if not settings.triangle_rule else _largest_widening(graph, valid, needed)
    detail = f"validated links: {min(count, needed)} of {needed}"
    if partner_words:
        detail += ": " + "; ".join(partner_words)
    elif not member_level:
        detail += ": links come once the group is a member group"
    else:
        detail += ": no active links yet"
    # With the triangle rule, linked validators count as one, here and in the triangle criterion.
    criteria = [Criterion("validated_links", count >= needed, detail,
                          {"valid": sorted(valid), "needed": needed})]
    if settings.triangle_rule:
        criteria.append(_triangle_criterion(graph, valid, chosen, names, needed))
    met = member_level and chosen is not None
    until = _still_full_until(graph, valid, settings) if met else None
    return FullMembership(met, tuple(criteria), until, tuple(chosen or ()))


def _largest_widening(graph: nx.DiGraph, valid: Mapping[int, dt.date], needed: int) -> int:
    for size in range(min(len(valid), needed), 0, -1):
        if widening_set(graph, valid, size, True) is not None:
            return size
    return 0


def _triangle_criterion(graph, valid, chosen, names, needed) -> Criterion:
    if chosen is not None:
        return Criterion("triangle", True, "the validating groups are not linked to each other, "
                                           "so the links widen the network")
    closed = [(a, b) for a, b in combinations(sorted(valid, key=lambda n: names[n]), 2) if linked(graph, a, b)]
    if closed:
        words = "; ".join(f"{names[a]} and {names[b]} are linked to each other, so together they count as one"
                          for a, b in closed)
        return Criterion("triangle", False, words, {"closed": closed})
    if len(valid) < needed:
        return Criterion("triangle", False,
                         f"needs {needed} validating groups that are not linked to each other")
    return Criterion("triangle", False, "the validating groups are linked to each other")  # pragma: no cover


def _partner_state(graph: nx.DiGraph, partner: int, group: int, today: dt.date, names) -> str:
    edge = graph.edges[partner, group]
    name = names[partner]
    if not graph.nodes[partner].get("member_level"):
        return f"{name} is not itself a member group at present"
    visit, outcome, last_day = edge.get("visit_date"), edge.get("outcome"), edge.get("valid_until")
    if visit is None:
        return f"{name} has not yet recorded a visit"
    if outcome != "validated":
        return f"{name} raised concerns at its visit on {visit.isoformat()}"
    if last_day < today:
        return f"{possessive(name)} validation lapsed on {(last_day + dt.timedelta(days=1)).isoformat()}"
    return f"{name} validated it on {visit.isoformat()}, counting until {last_day.isoformat()}"

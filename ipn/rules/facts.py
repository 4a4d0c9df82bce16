"""What the rules read (a group's facts) and what they answer (criteria and an assessment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from itertools import permutations
from typing import Any, NamedTuple

from ipn.states import GroupStatus

# Each rule's name as a reader would put it (the `rule` slugs are for code and the API).
RULE_TITLES = {
    "members": "Enough members",
    "stand_bys": "Every member stands by every other",
    "statement": "A published ethical statement",
    "validated_links": "Validated by other groups",
    "triangle": "Links that widen the network",
    "dissolved": "Dissolved",
}


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
        """A pathway's requirements carry their own title (data["title"]); statuses' rules are
        named in RULE_TITLES."""
        if "title" in self.data:
            return str(self.data["title"])
        return RULE_TITLES.get(self.rule, self.rule.replace("_", " ").capitalize())

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "met": self.met, "detail": self.detail}


class Person(NamedTuple):  # a tuple: a network has hundreds of thousands, built at once
    id: int
    name: str


class EveryPair(Set):
    """The stand-bys of a group in which everyone stands by everyone: every ordered pair of two
    different people among `people`, known without listing them (a whole network has millions)."""

    __slots__ = ("people",)

    def __init__(self, people: Iterable[int]) -> None:
        self.people = frozenset(people)

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        giver, receiver = pair
        return giver != receiver and giver in self.people and receiver in self.people

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return permutations(sorted(self.people), 2)

    def __len__(self) -> int:
        return len(self.people) * (len(self.people) - 1)

    def __repr__(self) -> str:
        return f"EveryPair({sorted(self.people)})"


class Standing(NamedTuple):
    """A group's inside counted: all that its standing (R6, R8) and its waiting draft (R7)
    turn on. A whole network's are counted in SQL, a few numbers a group
    (ipn.services.facts.load_standings); one group's come from its facts (rules.standing_of)."""

    id: int
    dissolved: bool
    members: int  # joining people aside
    stand_bys: int  # live stand-bys from one member to another (one a pair at most)
    published: bool  # a statement is published
    endorsed: int | None = None  # members who endorsed the draft; None when there is no draft


@dataclass(frozen=True)
class GroupFacts:
    """What the rules need to know about one group's inside."""

    id: int
    name: str
    dissolved_on: dt.date | None = None
    members: tuple[Person, ...] = ()
    joining: tuple[Person, ...] = ()
    # Live stand-bys among the people now in the group, as (giver id, receiver id).
    # (EveryPair when everyone stands by everyone.)
    stand_bys: Set[tuple[int, int]] = frozenset()
    # Pairs whose latest stand-by was withdrawn and not restored, with the day of withdrawal.
    withdrawn: Mapping[tuple[int, int], dt.date] = field(default_factory=dict)
    statement_published_on: dt.date | None = None
    # The people now in the group who endorsed the current draft; None when there is no draft.
    draft_endorsed_by: frozenset[int] | None = None

    def with_members(self, ids: list[int]) -> GroupFacts:
        """The same facts once the joining people `ids` have become members."""
        rising = [p for p in self.joining if p.id in ids]
        return replace(self, members=self.members + tuple(rising),
                       joining=tuple(p for p in self.joining if p.id not in ids))


@dataclass(frozen=True)
class Assessment:
    status: GroupStatus
    criteria: tuple[Criterion, ...]
    # The last day this status holds if no fact changes (a validation lapses after it).
    until: dt.date | None = None

    @property
    def label(self) -> str:
        return self.status.label

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
        decisive = by_rule.get("validated_links") if self.status == GroupStatus.FULL_MEMBER else None
        return (decisive or self.criteria[-1]).detail if self.criteria else self.label

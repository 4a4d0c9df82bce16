"""How the network decides (SPEC R16), as pure functions over plain data: quorum, consensus,
and a proposal's state. No session, no request: ipn.services.proposals loads the facts.

A proposal's state is never stored; it follows from who attended which Gathering and the
positions they recorded there, and from whether a rule version already carries it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

AGREE, STAND_ASIDE, BLOCK = "agree", "stand_aside", "block"
POSITIONS = (AGREE, STAND_ASIDE, BLOCK)
POSITION_LABELS = {AGREE: "Agree", STAND_ASIDE: "Stand aside", BLOCK: "Block"}

PRESENTED, CONSENSUS, RATIFIED, BLOCKED, IN_FORCE = "presented", "consensus", "ratified", "blocked", "in_force"
PROPOSAL_STATES = (PRESENTED, CONSENSUS, RATIFIED, BLOCKED, IN_FORCE)
STATE_LABELS = {
    PRESENTED: "Presented",
    CONSENSUS: "Consensus",
    RATIFIED: "Ratified",
    BLOCKED: "Blocked",
    IN_FORCE: "In force",
}

# How each rule reads on the pages; a rule missing here shows its name.
RULE_WORDS = {
    "min_members": "Smallest group that can stand by its members",
    "max_members": "Largest group (joining members included)",
    "links_needed": "Validated links needed for full membership",
    "validation_months": "How long a validation counts (months)",
    "triangle_rule": "No closed triangle of a group and its two qualifying link groups",
    "quorum_fraction": "Quorum of a Gathering: share of member groups represented",
    "pathways": "Pathways of other peer networks in force (file versions)",
}


def rule_words(name: str) -> str:
    return RULE_WORDS.get(name, name.replace("_", " ").capitalize())


def value_words(value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Fraction) or (isinstance(value, str) and "/" in value):
        share = Fraction(str(value))
        return {Fraction(1, 3): "one third", Fraction(1, 2): "one half", Fraction(1, 4): "one quarter",
                Fraction(2, 3): "two thirds", Fraction(1): "all"}.get(share, str(share))
    return str(value)


@dataclass(frozen=True)
class Quorum:
    represented: int  # member-level groups of which a member attended
    groups: int  # member and full member groups on the day
    needed: int

    @property
    def met(self) -> bool:
        return self.groups > 0 and self.represented >= self.needed

    @property
    def detail(self) -> str:
        return (f"{self.represented} of {self.groups} member groups represented "
                f"({self.needed} needed)")


def quorum(represented: Iterable[int], member_level: Iterable[int], fraction: Fraction) -> Quorum:
    """Quorate when members of at least `fraction` of the member and full member groups on the
    day attended. A network with no member group yet has nobody to decide for it."""
    groups = set(member_level)
    present = set(represented) & groups
    needed = max(1, -(-fraction.numerator * len(groups) // fraction.denominator))  # ceiling
    return Quorum(len(present), len(groups), needed)


@dataclass(frozen=True)
class Stance:
    practitioner_id: int
    position: str
    at: dt.datetime  # when it was recorded (the latest version of it)


@dataclass(frozen=True)
class Verdict:
    quorate: bool
    consensus: bool
    blocked: bool
    # When consensus was reached as the facts stand: the latest position recorded.
    reached_at: dt.datetime | None


def consensus(stances: Iterable[Stance], quorate: bool) -> Verdict:
    """Consensus at one Gathering: quorate, at least one attendee agrees, and none blocks."""
    stances = list(stances)
    blocked = any(s.position == BLOCK for s in stances)
    agreed = any(s.position == AGREE for s in stances)
    reached = quorate and agreed and not blocked
    return Verdict(quorate, reached, blocked, max((s.at for s in stances), default=None) if reached else None)


@dataclass(frozen=True)
class GatheringVerdict:
    gathering_id: int
    date: dt.date
    verdict: Verdict


@dataclass(frozen=True)
class ProposalState:
    state: str
    # The Gathering where consensus was first reached, and the one that ratified it.
    consensus_at: int | None = None
    ratified_at: int | None = None
    # The day it takes (or took) effect, once ratified (or decided as immediately necessary).
    effective_from: dt.date | None = None


def proposal_state(verdicts: Iterable[GatheringVerdict], immediate: bool, in_force_since: dt.date | None,
                   local_date=lambda moment: moment.date()) -> ProposalState:
    """A proposal's state from the verdicts of the Gatherings that considered it, in date order.

    Consensus at one Gathering, then at a later one, ratifies it; it takes effect on the later
    of the ratifying Gathering's day and the day that consensus was recorded. A decision judged
    immediately necessary needs quorate consensus at one Gathering and takes effect at once. A
    block where consensus is sought stops it. Once in force (a rule version carries it), it
    stays in force whatever is recorded later: only a new proposal changes a rule."""
    first: GatheringVerdict | None = None
    outcome: ProposalState | None = None
    for item in sorted(verdicts, key=lambda v: (v.date, v.gathering_id)):
        verdict = item.verdict
        if verdict.blocked:
            outcome = ProposalState(BLOCKED, first.gathering_id if first else None)
            break
        if not verdict.consensus:
            continue
        took = max(item.date, local_date(verdict.reached_at))
        if immediate:
            outcome = ProposalState(RATIFIED, item.gathering_id, item.gathering_id, took)
            break
        if first is None:
            first = item
        elif item.date > first.date:
            outcome = ProposalState(RATIFIED, first.gathering_id, item.gathering_id, took)
            break
    if outcome is None:
        outcome = ProposalState(CONSENSUS, first.gathering_id) if first else ProposalState(PRESENTED)
    if in_force_since is not None:
        return ProposalState(IN_FORCE, outcome.consensus_at, outcome.ratified_at, in_force_since)
    return outcome


def describe_changes(changes: Mapping[str, object]) -> str:
    return "; ".join(f"{rule_words(k).lower()}: {value_words(v)}" for k, v in changes.items())

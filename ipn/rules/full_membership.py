"""Full membership (R11) on a networkx graph of the network: valid validations from enough
distinct link partners that are themselves member groups, no two of which are linked to each
other while the triangle rule is on. The graph is ipn.graph's: an edge (p, g) per direction of
an active link, carrying p's deciding visit to g."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from ipn.rules.facts import Criterion
from ipn.rules.settings import Settings
from ipn.rules.validation import Validation, validation
from ipn.states import ValidationState
from ipn.words import possessive


@dataclass(frozen=True)
class FullMembership:
    met: bool
    criteria: tuple[Criterion, ...]
    until: dt.date | None
    qualifying: tuple[int, ...] = ()


def edge_validation(graph: nx.DiGraph, partner: int, group: int, today: dt.date,
                    settings: Settings) -> Validation:
    """How `partner`'s deciding visit to `group` stands on `today` (R10)."""
    return validation(graph.edges[partner, group].get("visit"), today, settings)


def valid_validators(graph: nx.DiGraph, group: int, today: dt.date, settings: Settings) -> dict[int, dt.date]:
    """Link partners whose latest visit validated `group` and still counts today, and that
    are themselves member or full member groups: partner id -> last day it counts."""
    return _counting(graph, _partner_validations(graph, group, today, settings))


def _partner_validations(graph: nx.DiGraph, group: int, today: dt.date, settings: Settings) -> dict[int, Validation]:
    """Each link partner's deciding visit to `group` as it stands on `today`, as edge_validation
    judges it (each edge's data read once, from graph.pred)."""
    if group not in graph:
        return {}
    edges = graph.pred[group]
    return {partner: validation(edges[partner].get("visit"), today, settings) for partner in edges}


def _counting(graph: nx.DiGraph, counted: Mapping[int, Validation]) -> dict[int, dt.date]:
    """Of the partners' validations, those that count and come from member-level groups."""
    nodes = graph.nodes
    return {p: c.valid_until for p, c in counted.items() if _counts(nodes[p].get("member_level"), c)}


def _counts(from_member_level: bool | None, judged: Validation) -> bool:
    """A validation counts when it is valid and given by a member-level group."""
    return bool(from_member_level) and judged.counts


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


def full_membership_met(graph: nx.DiGraph, group: int, today: dt.date, settings: Settings) -> bool:
    """R11 for a member group, without the words: enough valid validations from member
    groups, `links_needed` of them no two linked to each other (with the triangle rule)."""
    valid = valid_validators(graph, group, today, settings)
    return widening_set(graph, valid, settings.links_needed, settings.triangle_rule) is not None


def full_members(graph: nx.DiGraph, today: dt.date, settings: Settings) -> set[int]:
    """The member-level groups of `graph` that are full members today: full_membership_met
    for every one at once, each edge's validation judged in one pass over the edges (what
    judging a whole network needs)."""
    level = dict(graph.nodes(data="member_level", default=False))
    valid: dict[int, dict[int, dt.date]] = {}
    for partner, group, visit in graph.edges(data="visit"):
        if level[group]:
            judged = validation(visit, today, settings)
            if _counts(level[partner], judged):
                valid.setdefault(group, {})[partner] = judged.valid_until
    needed, triangle = settings.links_needed, settings.triangle_rule
    return {group for group, counted in valid.items() if widening_set(graph, counted, needed, triangle) is not None}


def full_membership(graph: nx.DiGraph, group: int, today: dt.date, settings: Settings,
                    member_level: bool = True) -> FullMembership:
    """R11: valid validations from enough distinct link partners that are member groups,
    among them `links_needed` no two of which are linked to each other (the triangle rule)."""
    # Only the partners are named: naming every node made recompute_all quadratic. Which
    # validations count is _counting's to say, here as in valid_validators.
    counted = _partner_validations(graph, group, today, settings)  # each partner judged once
    around = list(counted)
    names = {n: graph.nodes[n].get("name", str(n)) for n in around}
    valid = _counting(graph, counted)
    needed = settings.links_needed
    # Validations that count come first, then the other partners, each by name.
    partners = sorted(around, key=lambda p: (p not in valid, names[p]))
    partner_words = [_partner_state(graph, p, counted[p], names) for p in partners]
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
        criteria.append(_triangle_criterion(graph, valid, chosen, names))
    met = member_level and chosen is not None
    until = _still_full_until(graph, valid, settings) if met else None
    return FullMembership(met, tuple(criteria), until, tuple(chosen or ()))


def _largest_widening(graph: nx.DiGraph, valid: Mapping[int, dt.date], needed: int) -> int:
    for size in range(min(len(valid), needed), 0, -1):
        if widening_set(graph, valid, size, True) is not None:
            return size
    return 0


def _triangle_criterion(graph, valid, chosen, names) -> Criterion:
    """Broken only by validating groups that are linked to each other; too few validations are
    the validated-links criterion's to say, not a closed triangle."""
    if chosen is not None:
        return Criterion("triangle", True, "the validating groups are not linked to each other, "
                                           "so the links widen the network")
    closed = [(a, b) for a, b in combinations(sorted(valid, key=lambda n: names[n]), 2) if linked(graph, a, b)]
    if closed:
        words = "; ".join(f"{names[a]} and {names[b]} are linked to each other, so together they count as one"
                          for a, b in closed)
        return Criterion("triangle", False, words, {"closed": closed})
    if not valid:
        return Criterion("triangle", True, "no validations yet, so none close a triangle")
    return Criterion("triangle", True, "no two validating groups are linked to each other")


def _partner_state(graph: nx.DiGraph, partner: int, counted: Validation, names: Mapping[int, str]) -> str:
    name = names[partner]
    if not graph.nodes[partner].get("member_level"):
        return f"{name} is not itself a member group at present"
    if counted.state is ValidationState.NONE:
        return f"{name} has not yet recorded a visit"
    if counted.state is ValidationState.CONCERNS:
        return f"{name} raised concerns at its visit on {counted.visit_date.isoformat()}"
    if counted.state is ValidationState.LAPSED:
        return f"{possessive(name)} validation lapsed on {counted.lapses_on.isoformat()}"
    return f"{name} validated it on {counted.visit_date.isoformat()}, counting until {counted.valid_until.isoformat()}"

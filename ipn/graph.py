"""The network as a networkx graph: groups as nodes, and for every active link an edge each
way, the edge (p, g) carrying p's deciding visit to g (`visit`, or None). Whether it validates
g on a given day is ipn.rules.validation's to say (rules.edge_validation).

Pure: ipn.services.facts loads the facts for the part of the network a question needs
and calls these. The full-membership rule itself is ipn.rules.full_membership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import networkx as nx

from ipn import rules
from ipn.states import MEMBER_LEVEL, GroupStatus


# Tuples: a whole network has tens of thousands of each, made at once.
class Node(NamedTuple):
    id: int
    slug: str
    name: str
    status: str
    region: str = ""


class ActiveLink(NamedTuple):
    id: int
    a: int
    b: int


class LatestVisit(NamedTuple):
    """The latest visit (by visit date, then by recording) of `visiting` to `visited` on a link."""

    link_id: int
    visiting: int
    visited: int
    date: dt.date
    outcome: str


def build_graph(nodes: Iterable[Node], links: Iterable[ActiveLink], visits: Iterable[LatestVisit]) -> nx.DiGraph:
    nodes = list(nodes)
    graph = nx.DiGraph()
    graph.add_nodes_from((node.id, {"slug": node.slug, "name": node.name, "status": node.status,
                                    "region": node.region, "member_level": node.status in MEMBER_LEVEL})
                         for node in nodes)
    _add_links(graph, {node.id for node in nodes}, links, visits)
    return graph


def member_level_graph(members: Iterable[int], links: Iterable[ActiveLink],
                       visits: Iterable[LatestVisit]) -> nx.DiGraph:
    """Only the member-level groups `members` and the active links among them: all that full
    membership reads of a network (R11 counts only validations by member-level groups, and the
    triangle rule asks only whether two of them are linked). What judging a whole network's
    statuses needs, without the words."""
    graph = nx.DiGraph()
    graph.add_nodes_from(members, member_level=True)
    _add_links(graph, set(graph), links, visits)
    return graph


def _add_links(graph: nx.DiGraph, known: set[int], links: Iterable[ActiveLink], visits: Iterable[LatestVisit]) -> None:
    deciding = {(visit.link_id, visit.visiting, visit.visited): visit for visit in visits}.get

    def edges() -> Iterator[tuple[int, int, dict]]:  # each edge with its visit
        for link_id, a, b in links:
            if a in known and b in known:
                yield a, b, {"link_id": link_id, "visit": deciding((link_id, a, b))}
                yield b, a, {"link_id": link_id, "visit": deciding((link_id, b, a))}

    graph.add_edges_from(edges())  # in bulk: a whole network has hundreds of thousands


def set_member_level(graph: nx.DiGraph, group: int, status: str) -> None:
    """Record a group's newly derived status in the graph (for partners evaluated next)."""
    if group in graph:
        graph.nodes[group]["status"] = status
        graph.nodes[group]["member_level"] = status in MEMBER_LEVEL


def neighbourhood(graph: nx.DiGraph, group: int, radius: int = 1) -> nx.DiGraph:
    """The group and the groups within `radius` links of it."""
    if group not in graph:
        return nx.DiGraph()
    around = nx.ego_graph(graph.to_undirected(as_view=True), group, radius=radius)
    return graph.subgraph(around.nodes).copy()


def connected_parts(graph: nx.DiGraph) -> list[set[int]]:
    """The network's connected parts, largest first."""
    parts = nx.connected_components(graph.to_undirected(as_view=True))
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), min(p)))


def _losing_full(graph: nx.DiGraph, changed: nx.DiGraph, candidates: Iterable[int], today: dt.date,
                 settings: rules.Settings) -> list[int]:
    losing = []
    for group in candidates:
        if group not in changed or graph.nodes[group].get("status") != GroupStatus.FULL_MEMBER:
            continue
        if not rules.full_membership(changed, group, today, settings).met:
            losing.append(group)
    return sorted(losing)


def at_risk_if_dissolved(graph: nx.DiGraph, group: int, today: dt.date,
                         settings: rules.Settings) -> list[int]:
    """Full member groups that would lose full membership were `group` to dissolve."""
    if group not in graph:
        return []
    partners = set(graph.predecessors(group)) | set(graph.successors(group))
    changed = graph.copy()
    changed.remove_node(group)
    return _losing_full(graph, changed, partners, today, settings)


def at_risk_if_link_ended(graph: nx.DiGraph, a: int, b: int, today: dt.date,
                          settings: rules.Settings) -> list[int]:
    """Full member groups that would lose full membership were the link between a and b to end."""
    changed = graph.copy()
    for source, target in ((a, b), (b, a)):
        if changed.has_edge(source, target):
            changed.remove_edge(source, target)
    return _losing_full(graph, changed, (a, b), today, settings)

"""Drawing the network: positions for a networkx graph of groups, and the shapes of an SVG map.

networkx's own layouts need numpy, which the registry does not otherwise use, so the layout
here is a small force-directed one (Fruchterman-Reingold) in plain Python, deterministic (fixed
seed), run per connected part; the parts are then packed in rows, largest first. Layouts are
cached by the caller's key (the network's version), in a bounded module-level dict.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx

from ipn import rules
from ipn.graph import connected_parts
from ipn.states import GroupStatus

# A map shows at most this many groups: what a reader can take in at once, each status shape
# clear (500 were drawn once, as dots too small to tell one status from another); the
# directory lists every group, and a region's map shows more of that region.
MAX_NODES = 100
LABELLED_NODES = 80  # up to this many, each group's name is drawn under it
CACHE_SIZE = 32
LABEL_SIZE = 14.0   # a name's font size, in the map's units
LINE_CHARS = 18     # a name is drawn in lines of about this many characters
NODE_REACH = 18.0   # a node's radius with the ring that marks the current group
LABEL_GAP = 14.0    # from a node's centre down to the top of its name, beyond the radius
_cache: OrderedDict[tuple, dict[int, tuple[float, float]]] = OrderedDict()


def _force_layout(nodes: list[int], edges: list[tuple[int, int]], seed: int) -> dict[int, tuple[float, float]]:
    """Positions in a unit box for one connected part."""
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    rng = random.Random(seed)
    pos = {v: [rng.random(), rng.random()] for v in nodes}
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    iterations = 60 if n <= 60 else max(15, 6000 // n)
    cool = temperature / (iterations + 1)
    for _ in range(iterations):
        shift = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            ax, ay = pos[a]
            sa = shift[a]
            for b in nodes[i + 1:]:
                dx, dy = ax - pos[b][0], ay - pos[b][1]
                d2 = dx * dx + dy * dy or 1e-9
                f = k * k / d2  # repulsion / distance, times (dx, dy)
                sa[0] += dx * f
                sa[1] += dy * f
                shift[b][0] -= dx * f
                shift[b][1] -= dy * f
        for a, b in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.sqrt(dx * dx + dy * dy) or 1e-9
            f = d / k  # attraction / distance, times (dx, dy)
            shift[a][0] -= dx * f
            shift[a][1] -= dy * f
            shift[b][0] += dx * f
            shift[b][1] += dy * f
        for v in nodes:
            sx, sy = shift[v]
            length = math.sqrt(sx * sx + sy * sy) or 1e-9
            step = min(length, temperature)
            pos[v][0] += sx / length * step
            pos[v][1] += sy / length * step
        temperature -= cool
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {v: ((p[0] - min(xs)) / span, (p[1] - min(ys)) / span) for v, p in pos.items()}


def layout(graph: nx.DiGraph) -> dict[int, tuple[float, float]]:
    """Positions for every node, in layout units (one part of n nodes spans about sqrt(n))."""
    undirected = graph.to_undirected(as_view=True)
    parts = [sorted(part) for part in connected_parts(graph)]
    positions: dict[int, tuple[float, float]] = {}
    row_width = max(6.0, math.sqrt(len(graph)) * 2.2)
    x = y = row_height = 0.0
    for part in parts:
        size = 1.0 + 1.1 * math.sqrt(len(part) - 1) if len(part) > 1 else 1.0
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        edges = [(a, b) for a, b in undirected.subgraph(part).edges()]
        local = _force_layout(part, edges, seed=part[0])
        inner = size - 1.0
        for v, (px, py) in local.items():
            positions[v] = (x + 0.5 + px * inner, y + 0.5 + py * inner)
        x += size
        row_height = max(row_height, size)
    return positions


def cached_layout(key: tuple, graph: nx.DiGraph) -> dict[int, tuple[float, float]]:
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    positions = layout(graph)
    _cache[key] = positions
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return positions


# --- The picture -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MapNode:
    id: int
    slug: str
    name: str
    status: str
    x: float
    y: float
    label: str  # accessible name: group, status
    lines: tuple[str, ...] = ()  # the name as drawn: one or two short lines


@dataclass(frozen=True)
class MapEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    to_b: bool    # a's latest visit validates b today: arrowhead at b
    to_a: bool
    title: str


@dataclass(frozen=True)
class NetworkMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    width: int      # the viewBox: the drawn graph's bounds, labels included, plus a margin
    height: int
    total: int      # groups asked for, before the cut
    cut: bool
    labels: bool    # names drawn beside nodes (only when they fit)
    x: int = 0      # the viewBox's top left corner
    y: int = 0
    label_size: float = LABEL_SIZE

    @property
    def view_box(self) -> str:
        return f"{self.x} {self.y} {self.width} {self.height}"


def label_lines(name: str, per_line: int = LINE_CHARS) -> tuple[str, ...]:
    """A group's name in at most two lines of about `per_line` characters, broken between
    words; what does not fit ends with an ellipsis."""
    words, lines, current = name.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > per_line:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    lines = [line if len(line) <= per_line + 2 else line[:per_line].rstrip() + "…" for line in lines]
    return tuple(lines)


def label_width(line: str, size: float) -> float:
    """A generous estimate of a line's drawn width in a sans-serif face."""
    return len(line) * size * 0.6


def trimmed(graph: nx.DiGraph, limit: int) -> nx.DiGraph:
    """At most `limit` groups: member-level groups and those with links first, then by name."""
    if len(graph) <= limit:
        return graph
    chosen = sorted(graph.nodes, key=lambda v: (GroupStatus(graph.nodes[v]["status"]).rank,
                                                -graph.degree(v), graph.nodes[v]["name"].casefold()))[:limit]
    return graph.subgraph(chosen).copy()


def draw(graph: nx.DiGraph, today: dt.date, settings: rules.Settings, cache_key: tuple | None = None,
         limit: int | None = None,
         max_width: float = 1000.0, label_size: float = LABEL_SIZE, min_scale: float = 90.0) -> NetworkMap:
    """The picture of `graph`. Its viewBox is fitted to what is drawn (every node and every name,
    plus a small margin), so that the SVG can be scaled to any width without cutting anything."""
    total, limit = len(graph), limit or MAX_NODES
    graph = trimmed(graph, limit)
    positions = cached_layout(cache_key + (limit,), graph) if cache_key is not None else layout(graph)
    # Small networks drawn larger (up to max_width), large ones at min_scale a layout unit at least.
    span = max((p[0] for p in positions.values()), default=1.0) + 0.5
    scale = max(min_scale, min(200.0, max_width / span))
    labels = len(positions) <= LABELLED_NODES
    nodes = []
    for v, (px, py) in positions.items():
        data = graph.nodes[v]
        label = f"{data['name']}, {GroupStatus(data['status']).label}"
        nodes.append(MapNode(v, data["slug"], data["name"], data["status"],
                             round(px * scale, 1), round(py * scale, 1), label,
                             label_lines(data["name"]) if labels else ()))
    nodes.sort(key=lambda node: node.name.casefold())
    # The bounds of everything drawn: each node with its ring, and its name centred below it.
    left = top = math.inf
    right = bottom = -math.inf
    line_height = label_size * 1.2
    for n in nodes:
        half = max([NODE_REACH] + [label_width(line, label_size) / 2 for line in n.lines])
        left, right = min(left, n.x - half), max(right, n.x + half)
        top = min(top, n.y - NODE_REACH)
        bottom = max(bottom, n.y + (NODE_REACH + LABEL_GAP + len(n.lines) * line_height if n.lines else NODE_REACH))
    if not nodes:
        left = top = 0.0
        right, bottom = 320.0, 160.0
    pad = 8.0
    view_x, view_y = math.floor(left - pad), math.floor(top - pad)
    width, height = math.ceil(right + pad) - view_x, math.ceil(bottom + pad) - view_y
    where = {n.id: n for n in nodes}
    edges = []
    seen: set[frozenset[int]] = set()
    for a, b in graph.edges():
        pair = frozenset((a, b))
        if pair in seen:
            continue
        seen.add(pair)

        def validates(source: int, target: int) -> bool:
            return graph.has_edge(source, target) and rules.edge_validation(graph, source, target, today,
                                                                             settings).counts

        na, nb = where[a], where[b]
        to_b, to_a = validates(a, b), validates(b, a)
        words = [f"{na.name} validated {nb.name}" if to_b else "",
                 f"{nb.name} validated {na.name}" if to_a else ""]
        title = "; ".join(w for w in words if w) or f"{na.name} and {nb.name} are linked; no current validation"
        # Shorten the line so that arrowheads stop at the node's edge.
        dx, dy = nb.x - na.x, nb.y - na.y
        d = math.hypot(dx, dy) or 1.0
        r = 15.0
        edges.append(MapEdge(round(na.x + dx / d * r, 1), round(na.y + dy / d * r, 1),
                             round(nb.x - dx / d * r, 1), round(nb.y - dy / d * r, 1), to_b, to_a, title))
    return NetworkMap(nodes, edges, width, height, total, total > len(graph), labels=labels,
                      x=view_x, y=view_y, label_size=label_size)

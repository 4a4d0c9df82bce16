"""The network map: every group (up to a limit) and the links between them, drawn on the
server as SVG, coloured and shaped by status, each group a link to its page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from markupsafe import Markup

from ipn import clock, map_drawing
from ipn.services import facts, generation, public_registry
from ipn.states import GroupStatus
from ipn.views.public import conditional

bp = Blueprint("network_map", __name__)


@bp.get("/network")
def network():
    """The map, for the whole network or one region; dissolved groups are not drawn."""
    region = (request.args.get("region") or "").strip()[:80]

    def render():
        regions = public_registry.regions(current_only=True)
        chosen = next((r for r in regions if r.casefold() == region.casefold()), "") if region else ""
        today = clock.today()
        # The drawing and its list read the whole network (or region), and their markup is the
        # same for every reader: both are kept until the network changes.
        picture, listing = generation.kept(("network_map", chosen, today), lambda: drawn(chosen, today))
        drawing = generation.kept(("network_map_markup", chosen, today), lambda: Markup(render_template(
            "public/_network_drawing.html", picture=picture, listing=listing)))
        return render_template("public/network.html", picture=picture, regions=regions, region=chosen,
                               asked=region, drawing=drawing, limit=map_drawing.MAX_NODES)
    return conditional(render)


def drawn(chosen: str, today) -> tuple[map_drawing.NetworkMap, list[dict]]:
    """The map of the network (or of the region `chosen`) and the list of the groups drawn."""
    graph = facts.load_graph(region=chosen or None)
    graph.remove_nodes_from([v for v, d in list(graph.nodes(data=True)) if d["status"] == GroupStatus.DISSOLVED])
    picture = map_drawing.draw(graph, today, facts.settings(),
                               cache_key=("network", chosen, generation.version(), today))
    shown = {node.id for node in picture.nodes}
    listing = sorted((graph.nodes[v] | {"id": v, "partners": sorted(
        graph.nodes[p]["name"] for p in set(graph.successors(v)) | set(graph.predecessors(v)))}
        for v in shown), key=lambda d: d["name"].casefold())
    return picture, listing

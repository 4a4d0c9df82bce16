"""Links between groups, validation visits (R9, R10), and the network as a whole."""

from __future__ import annotations

from ipn import clock, rules
from ipn.models import Link, Practitioner
from ipn.services import facts, groups, link_views, links
from ipn.services.errors import Invalid
from ipn.states import LinkState
from ipn.views.actions import perform
from ipn.views.api import (
    body,
    bp,
    fetch,
    get_or_404,
    group_or_404,
    iso,
    parse_day,
    query_text,
    text_field,
)
from ipn.views.api import serializers as show
from ipn.views.bearer import caller, token_required


@bp.post("/groups/<slug>/links")
@token_required
def propose_link(slug: str):
    """A member of a member group proposes a link to another member group."""
    group = group_or_404(slug)
    partner_slug = text_field(body(), "partner", max_length=1000)
    link = perform(links.propose_link, caller(), group, groups.by_slug(partner_slug))
    return show.link(link), 201


@bp.post("/links/<int:link_id>/accept")
@token_required
def accept_link(link_id: int):
    """A member of the partner group accepts the proposed link."""
    link = perform(links.accept_link, caller(), get_or_404(Link, link_id, "link"))
    return show.link(link)


@bp.post("/links/<int:link_id>/decline")
@token_required
def decline_link(link_id: int):
    link = perform(links.decline_link, caller(), get_or_404(Link, link_id, "link"))
    return show.link(link)


@bp.delete("/links/<int:link_id>")
@token_required
def end_link(link_id: int):
    """Either group ends the link, with a reason."""
    link = get_or_404(Link, link_id, "link")
    reason = text_field(body(), "reason", required=False) or query_text("reason", 10_000)
    link = perform(links.end_link, caller(), link, reason)
    return show.link(link)


@bp.post("/links/<int:link_id>/visits")
@token_required
def record_visit(link_id: int):
    """A member of the visiting group records a visit and its outcome for the other group."""
    link = get_or_404(Link, link_id, "link")
    data = body()
    visited = groups.by_slug(text_field(data, "group", max_length=1000))
    day = parse_day(data.get("date"), "date")
    outcome = text_field(data, "outcome", max_length=100)
    note = text_field(data, "note", required=False)
    visitors = _visitors(data.get("visitors"))
    visit = perform(links.record_visit, caller(), link, visited, day, outcome, visitors, note)
    return show.visit(visit), 201


def _visitors(value) -> list[Practitioner | None] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 50 or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise Invalid("visitors: give a list of practitioner ids.",
                      {"visitors": ["Give a list of practitioner ids (members of the visiting group)."]})
    return [fetch(Practitioner, v) for v in value]


@bp.get("/network")
def network_map():
    """Every group (dissolved ones included) and every active link, with which validations
    count until when: `validated` is keyed by the validated group's slug."""
    region = query_text("region") or None
    graph = facts.load_graph(None, region)
    today, rulebook = clock.today(), facts.settings()
    nodes = [{"slug": data["slug"], "name": data["name"], "status": data["status"], "region": data["region"]}
             for _, data in sorted(graph.nodes(data=True), key=lambda item: item[1]["name"].casefold())]
    by_link: dict[int, dict] = {}
    for source, target, data in graph.edges(data=True):
        entry = by_link.setdefault(data["link_id"], {"validated": {}})
        validation = rules.edge_validation(graph, source, target, today, rulebook)
        entry["validated"][graph.nodes[target]["slug"]] = iso(validation.valid_until)
    proposer = link_views.proposers(list(by_link))
    edges = []
    for link_id in sorted(by_link):
        ends = list(by_link[link_id]["validated"])
        a_id = proposer[link_id]
        a = graph.nodes[a_id]["slug"]
        b = next(slug for slug in ends if slug != a)
        edges.append({"link_id": link_id, "a": a, "b": b, "state": LinkState.ACTIVE,
                      "validated": by_link[link_id]["validated"]})
    return {"nodes": nodes, "edges": edges}

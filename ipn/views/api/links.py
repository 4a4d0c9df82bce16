"""Links between groups, validation visits (R9, R10), and the network as a whole."""

from __future__ import annotations

from ipn import clock, rules
from ipn.models import Link, Practitioner
from ipn.services import facts, groups, link_views, links
from ipn.states import LinkState
from ipn.views.actions import perform
from ipn.views.api import fetch, get_or_404, group_or_404, paged_list
from ipn.views.api.models import (
    LinkOut,
    LinkVisit,
    Network,
    ProposeLink,
    Reason,
    RegionQuery,
    VisitIn,
    VisitOut,
    iso,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller


@operation("/groups/<slug>/links", "POST", body=ProposeLink, answer=LinkOut, status=201, token=True,
           errors=(403, 409, 422), tag="links")
def propose_link(slug: str, data: ProposeLink):
    """A member of a member group proposes a link to another member group."""
    group = group_or_404(slug)
    return LinkOut.of(perform(links.propose_link, caller(), group, groups.by_slug(data.partner)))


@operation("/links/<int:link_id>/accept", "POST", answer=LinkOut, token=True, errors=(403, 409), tag="links")
def accept_link(link_id: int):
    """A member of the partner group accepts the proposed link."""
    return LinkOut.of(perform(links.accept_link, caller(), get_or_404(Link, link_id, "link")))


@operation("/links/<int:link_id>/decline", "POST", answer=LinkOut, token=True, errors=(403, 409), tag="links")
def decline_link(link_id: int):
    """A member of the partner group declines the proposed link."""
    return LinkOut.of(perform(links.decline_link, caller(), get_or_404(Link, link_id, "link")))


@operation("/links/<int:link_id>", "DELETE", body=Reason, also_in_query=("reason",), answer=LinkOut,
           token=True, errors=(403, 409, 422), tag="links")
def end_link(link_id: int, data: Reason):
    """Either group ends the link, with a reason (in the body or the query)."""
    link = get_or_404(Link, link_id, "link")
    return LinkOut.of(perform(links.end_link, caller(), link, data.reason))


@operation("/links/<int:link_id>/visits", "POST", body=VisitIn, answer=VisitOut, status=201, token=True,
           errors=(403, 409, 422), tag="links")
def record_visit(link_id: int, data: VisitIn):
    """A member of the visiting group records a visit and its outcome for the other group."""
    link = get_or_404(Link, link_id, "link")
    visitors = None if data.visitors is None else [fetch(Practitioner, v) for v in data.visitors]
    visit = perform(links.record_visit, caller(), link, groups.by_slug(data.group), data.date, data.outcome,
                    visitors, data.note)
    return VisitOut.of(visit)


@operation("/network", query=RegionQuery, answer=Network, errors=(422,), tag="links")
def network_map(query: RegionQuery):
    """Every group (dissolved ones included) and every active link, with which validations count until when.

    `validated` is keyed by the validated group's slug; edge `a` is the proposing group."""
    graph = facts.load_graph(None, query.region.strip() or None)
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
        a = graph.nodes[proposer[link_id]]["slug"]
        b = next(slug for slug in ends if slug != a)
        edges.append({"link_id": link_id, "a": a, "b": b, "state": LinkState.ACTIVE,
                      "validated": by_link[link_id]["validated"]})
    return Network(nodes=nodes, edges=edges)


@operation("/links/<int:link_id>/visits", query=Paging, answer=Page[LinkVisit], token=True, errors=(403, 422),
           tag="links")
def link_visits(link_id: int, query: Paging):
    """Every visit recorded on a link, newest first, for the people in either group; notes for members only."""
    visits, notes = link_views.visits_seen_by(caller(), get_or_404(Link, link_id, "link"))
    return paged_list(visits, query, lambda row: LinkVisit(**VisitOut.of(row).model_dump(),
                                                           note=row.note if notes else None))

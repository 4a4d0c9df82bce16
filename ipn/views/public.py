"""The public registry: the home page, the directory of groups and each group's public record.
Nothing private appears here: no email, withdrawal reason, concern, visit note or invitation."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import case, false

from ipn import clock, graph, map_drawing
from ipn.extensions import db
from ipn.models import Group
from ipn.services import (
    directory,
    facts,
    generation,
    history,
    link_views,
    meetings,
    public_registry,
)
from ipn.states import GroupStatus
from ipn.views import page_cache
from ipn.views.access import group_or_404

bp = Blueprint("public", __name__)

PER_PAGE = 20
STATUS_FILTERS = {
    "current": "All current groups",
    GroupStatus.FULL_MEMBER: "Full member groups",
    GroupStatus.MEMBER: "Member groups",
    GroupStatus.FORMING: "Forming groups",
    GroupStatus.DISSOLVED: "Dissolved groups",
    "all": "All groups, dissolved ones too",
}
SORTS = {"name": "Name", "status": "Status", "newest": "Newest first"}
MAX_PAGE = 100_000


def conditional(render: Callable[[], str | Response], mimetype: str | None = None) -> Response:
    """Answer 304 when the client's copy is current; otherwise render, with an ETag and a
    Last-Modified (ipn.views.page_cache). A page with a message waiting to be shown is always
    rendered (a 304 would lose it)."""
    if "_flashes" not in session and page_cache.copy_is_current():
        return page_cache.with_validators(Response(status=304))
    body = render()
    response = body if isinstance(body, Response) else make_response(body)
    if mimetype:
        response.mimetype = mimetype
    return page_cache.with_validators(response)


@bp.get("/")
def home():
    """What the network is, how many groups and accredited practitioners it has, what groups
    have published lately, and when it meets next."""
    def render():
        return render_template(
            "public/home.html",
            counts=public_registry.status_counts(),
            accredited=public_registry.accredited_count(),
            statements=public_registry.published_statements(5),
            gathering=public_registry.next_gathering(),
        )
    return conditional(render)


def directory_query(args, count_up_to: int | None = None) -> tuple:
    """The directory's groups for the filters in `args` (shared by the page and its CSV): the
    query, the filters chosen, and what was found (directory.Found: how many groups, when that
    is known uncounted, up to `count_up_to`)."""
    q = (args.get("q") or "").strip()[:200]
    status = args.get("status") or "current"
    status = status if status in STATUS_FILTERS else "current"
    region = (args.get("region") or "").strip()[:80]
    sort = args.get("sort") if args.get("sort") in SORTS else "name"
    found = directory.search(q or None, status if status in set(GroupStatus) else None, region or None,
                             current_only=status == "current", count_up_to=count_up_to)
    query = found.query
    if sort == "status":
        rank = case({s.value: s.rank for s in GroupStatus}, value=Group.status)
        query = query.order_by(None).order_by(rank, Group.name_key, Group.id)
    elif sort == "newest":
        query = query.order_by(None).order_by(Group.founded_at.desc(), Group.id.desc())
    return query, {"q": q, "status": status, "region": region, "sort": sort}, found


@bp.get("/groups")
def groups():
    """The directory: search by name, region and statement text, filter, sort, page through."""
    def render():
        up_to = max(1, current_app.config["DIRECTORY_COUNT_UP_TO"] // PER_PAGE) * PER_PAGE  # whole pages
        query, chosen, found = directory_query(request.args, up_to)
        filters = {k: v for k, v in chosen.items() if v}
        number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
        total = found.total
        if found.more and (number - 1) * PER_PAGE >= total:
            query = query.where(false())  # past the groups counted: an empty page, as past the end
        # A page far past the end is simply empty (and no offset overflows the database).
        page = db.paginate(query, page=number, per_page=PER_PAGE, error_out=False, count=total is None)
        if total is not None:
            page.total = total
        facts.preload(page.items)
        rows = [(group, facts.assess(group)) for group in page.items]
        counts = public_registry.member_counts([g.id for g in page.items])
        regions = public_registry.regions()
        return render_template("public/directory.html", page=page, more=found.more, rows=rows, counts=counts,
                               chosen=chosen, regions=regions, status_filters=STATUS_FILTERS,
                               sorts=SORTS, filters=filters,
                               page_url=lambda n: url_for("public.groups", **filters, page=n))
    return conditional(render)


@bp.get("/groups/<slug>")
def group(slug: str):
    """A group's public record: status and why, members, statement and its history, links and
    their validations, the timeline of its status, and the groups around it."""
    def render():
        found = group_or_404(slug)
        facts.preload([found])
        assessment = facts.assess(found)
        today = clock.today()
        around = graph.neighbourhood(facts.load_graph([found.id]), found.id)
        # A small map in a narrow column: drawn about as wide as the column, names large.
        picture = map_drawing.draw(around, today, facts.settings(),
                                   cache_key=("group", found.id, generation.version(), today),
                                   max_width=340.0, label_size=16.0, min_scale=70.0)
        return render_template(
            "public/group.html", group=found, assessment=assessment, criteria=assessment.criteria,
            people=public_registry.people_of(found),
            versions=public_registry.statement_versions(found),
            links=link_views.active_links(found, today), today=today,
            timeline=history.timeline(found), picture=picture,
            rhythm=meetings.public_rhythm(found, today),  # only when the group chose to show it (R18)
        )
    return conditional(render)

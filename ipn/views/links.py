"""A group's links with other groups, for the people in it: propose, answer, end, and record
the visits that validate (SPEC R9-R11). Each active link shows how long the validation
counts each way."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ipn import clock
from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.links import EndLinkForm, FindGroupsForm, ProposeForm, VisitForm
from ipn.models import Group, Link, Practitioner
from ipn.services import facts, groups, link_views, links
from ipn.services.errors import NotAllowed
from ipn.states import LIVE_LINK_STATES, GroupStatus, LinkState, VisitOutcome
from ipn.views.access import group_or_404, me, person_in, row_or_404
from ipn.views.actions import (
    attempt,
    button_pressed,
    form_status,
    perform,
    practitioners_blueprint,
)

bp = practitioners_blueprint("links", __name__)

VISITS_SHOWN = 5


def link_of(group: Group, link_id: int) -> Link:
    """One of the group's links, or a 404 page."""
    link = row_or_404(Link, link_id, f"{group.name} has no such link.")
    if group.id not in (link.group_id, link.partner_id):
        abort(404, description=f"{group.name} has no such link.")
    return link


def page_url(group: Group, anchor: str = "") -> str:
    return url_for("links.page", slug=group.slug) + (f"#{anchor}" if anchor else "")


@bp.get("/groups/<slug>/links")
def page(slug: str):
    """Active links with the validation each way, proposals to answer, and finding a group."""
    group = group_or_404(slug)
    stay = person_in(group)
    find_form = FindGroupsForm(request.args)
    found = []
    if find_form.find.data and find_form.validate():
        found = link_views.groups_to_link(group, find_form.find.data)
    views = link_views.active_links(group)
    others = link_views.other_links(group)
    return render_template(
        "workspace/links.html",
        group=group, stay=stay, is_member=stay.member_since is not None,
        views=views, visits={v.link.id: link_views.recent_visits(v.link, VISITS_SHOWN) for v in views},
        incoming=others.incoming, outgoing=others.outgoing,
        past=others.past, find_form=find_form, searched=bool(find_form.find.data), found=found,
        live_partner_ids={l.other(group.id) for l in others.incoming + others.outgoing}
        | {v.partner.id for v in views},
        can_link=GroupStatus(group.status).member_level,
        action_form=ButtonForm(formdata=None), today=clock.today(),
    )


@bp.post("/groups/<slug>/links/propose")
def propose(slug: str):
    """Propose a link to another member group (R9); its members answer."""
    group = group_or_404(slug)
    person_in(group)
    form = ProposeForm()
    if not form.validate_on_submit():
        flash("Choose a group from the search results to propose a link to.", "error")
        return redirect(page_url(group))
    partner = row_or_404(Group, form.partner_id.data, "There is no such group.")
    perform(links.propose_link, me(), group, partner)
    flash(f"You have proposed a link to {partner.name}. Its members will see it on their "
          "“What needs me” page.", "success")
    return redirect(page_url(group, "proposals"))


def _answer(slug: str, link_id: int, action, done: str):
    group = group_or_404(slug)
    person_in(group)
    link = link_of(group, link_id)
    button_pressed()
    if link.partner_id != group.id:
        raise NotAllowed("Only the group a link is proposed to can answer it.")
    perform(action, me(), link)
    flash(done.format(other=link.group.name), "success")
    return redirect(page_url(group))


@bp.post("/groups/<slug>/links/<int:link_id>/accept")
def accept(slug: str, link_id: int):
    return _answer(slug, link_id, links.accept_link,
                   "You have accepted the link with {other}. Next: arrange a visit, and record it here.")


@bp.post("/groups/<slug>/links/<int:link_id>/decline")
def decline(slug: str, link_id: int):
    return _answer(slug, link_id, links.decline_link, "You have declined the link with {other}.")


@bp.route("/groups/<slug>/links/<int:link_id>/end", methods=["GET", "POST"])
def end(slug: str, link_id: int):
    """End a link (or withdraw a proposal), with a reason both groups see."""
    group = group_or_404(slug)
    person_in(group)
    link = link_of(group, link_id)
    other = db.session.get(Group, link.other(group.id))
    if link.state not in LIVE_LINK_STATES:
        flash(f"This link with {other.name} has already {link.state}.", "info")
        return redirect(page_url(group))
    form = EndLinkForm()
    if form.validate_on_submit():
        if attempt(form, links.end_link, me(), link, form.reason.data).done:
            flash(f"The link with {other.name} has ended. Everyone in {other.name} has been told.", "info")
            return redirect(page_url(group))
    at_risk = link_views.losing_full_membership_if_ended(link) if link.state == LinkState.ACTIVE else []
    return render_template("workspace/end_link.html", group=group, link=link, other=other, form=form,
                           at_risk=at_risk), form_status(form)


@bp.route("/groups/<slug>/links/<int:link_id>/visit", methods=["GET", "POST"])
def visit(slug: str, link_id: int):
    """Record a visit by this group to its link partner, and its outcome for them (R10)."""
    group = group_or_404(slug)
    person_in(group)
    groups.require_member(group, me())
    link = link_of(group, link_id)
    visited = db.session.get(Group, link.other(group.id))
    if link.state != LinkState.ACTIVE:
        flash(f"Visits are recorded on active links; the link with {visited.name} is {link.state}.", "error")
        return redirect(page_url(group))
    members = [m.practitioner for m in facts.current_memberships(group.id) if m.member_since is not None]
    form = VisitForm()
    form.visitors.choices = [SelectChoice(p.id, p.name) for p in members]
    if request.method == "GET":
        form.date.data = clock.today()
        form.visitors.data = [me().id]
    elif form.validate_on_submit():
        visitors = [db.session.get(Practitioner, pid) for pid in form.visitors.data]
        if attempt(form, links.record_visit, me(), link, visited, form.date.data, form.outcome.data,
                   visitors, form.note.data or "").done:
            words = "validated" if form.outcome.data == VisitOutcome.VALIDATED else "raised concerns about"
            flash(f"The visit is recorded: {group.name} {words} {visited.name}. Everyone in {visited.name} has "
                  "been told.", "success")
            return redirect(page_url(group, f"link-{link.id}"))
    return render_template("workspace/visit.html", group=group, link=link, visited=visited, form=form,
                           today=clock.today()), form_status(form)

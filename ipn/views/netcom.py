"""NetCom, the network's newsletter (SPEC R16): the archive, each published issue, its Atom
feed, and writing a Gathering's issue. Routes of the governance blueprint."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ipn import clock, markdown
from ipn.forms.governance import NetcomForm
from ipn.models import Gathering
from ipn.services import netcom
from ipn.views.access import me, row_or_404
from ipn.views.actions import attempt, form_status
from ipn.views.governance import bp
from ipn.views.urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"


@bp.get("/netcom")
def netcom_archive():
    """Every published NetCom issue, newest first."""
    return render_template("governance/netcom_archive.html", issues=netcom.published())


@bp.get("/netcom/<int:gathering_id>")
def netcom_issue(gathering_id: int):
    """One published NetCom issue."""
    row = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    issue = netcom.published_issue(row)
    if issue is None:
        abort(404, description="This Gathering has no published NetCom issue.")
    return render_template("governance/netcom_issue.html", gathering=row, issue=issue)


@bp.route("/gatherings/<int:gathering_id>/netcom", methods=["GET", "POST"])
@login_required
def write_netcom(gathering_id: int):
    """Write (or revise, until published) the Gathering's NetCom issue."""
    row = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    issue = netcom.issue_of(row)
    if issue is not None and issue.published_on is not None:
        return redirect(url_for("governance.netcom_issue", gathering_id=row.id))
    form = NetcomForm(data={"title": issue.title, "text": issue.text} if issue and request.method == "GET" else None)
    if form.validate_on_submit():
        written = attempt(form, netcom.write, me(), row, form.title.data, form.text.data, form.publish.data)
        if written.done:
            if written.result.published_on:
                flash("The NetCom issue is published.", "success")
                return redirect(url_for("governance.netcom_issue", gathering_id=row.id))
            flash("The draft is saved. Publish it when it is ready.", "success")
            return redirect(url_for("governance.write_netcom", gathering_id=row.id))
    return render_template("governance/netcom_write.html", gathering=row, form=form, issue=issue), \
        form_status(form)


@bp.get("/netcom.atom")
def netcom_feed():
    """An Atom feed of the published NetCom issues."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    issues = netcom.published(50)
    sub(feed, "title", "NetCom: the newsletter of the network")
    sub(feed, "id", absolute_url("governance.netcom_archive"))
    sub(feed, "link", href=absolute_url("governance.netcom_feed"), rel="self")
    sub(feed, "link", href=absolute_url("governance.netcom_archive"))
    sub(feed, "updated", f"{(issues[0].published_on if issues else clock.today()).isoformat()}T00:00:00Z")
    for issue in issues:
        entry = sub(feed, "entry")
        link = absolute_url("governance.netcom_issue", gathering_id=issue.gathering_id)
        sub(entry, "title", issue.title)
        sub(entry, "id", link)
        sub(entry, "link", href=link)
        sub(entry, "updated", f"{issue.published_on.isoformat()}T00:00:00Z")
        author = sub(entry, "author")
        sub(author, "name", issue.author.name)
        sub(entry, "content", markdown.render(issue.text), type="html")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")

"""Open data and finding each other: the directory as CSV, an Atom feed of newly published
statements, the Gatherings, and the public lists of groups open to new members and of
practitioners looking for a group (R16, R17). Never an email address."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, render_template, request

from ipn import clock, markdown
from ipn.extensions import db
from ipn.services import public_registry
from ipn.states import GroupStatus
from ipn.views.public import conditional, directory_query
from ipn.views.urls import absolute_url

bp = Blueprint("open_data", __name__)

ATOM = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = ["name", "url", "region", "status", "status_label", "members", "joining",
               "open_to_new_members", "founded_on", "dissolved_on", "statement_published_on"]


@bp.get("/open")
def finding_each_other():
    """Groups open to new members and practitioners looking for a group, by region."""
    def render():
        return render_template("public/open.html", groups=public_registry.open_groups(),
                               people=public_registry.people_looking())
    return conditional(render)


@bp.get("/gatherings")
def gatherings():
    """The network's Gatherings: the next ones, then the past ones."""
    def render():
        upcoming, past = public_registry.gatherings()
        return render_template("public/gatherings.html", upcoming=upcoming, past=past)
    return conditional(render)


@bp.get("/groups.csv")
def groups_csv():
    """The directory (with the same filters as /groups) as CSV, one group a row."""
    def render():
        query, _, _ = directory_query(request.args)
        groups = list(db.session.scalars(query))
        ids = [g.id for g in groups]
        counts = public_registry.member_counts(ids)
        statements = public_registry.current_statements(ids)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for g in groups:
            published = statements.get(g.id)
            writer.writerow([
                safe_cell(g.name), absolute_url("public.group", slug=g.slug), safe_cell(g.region),
                g.status, GroupStatus(g.status).label, counts[g.id][0], counts[g.id][1],
                "yes" if g.open_to_new_members and g.status != GroupStatus.DISSOLVED else "no",
                clock.local_date(g.founded_at).isoformat(),
                clock.local_date(g.dissolved_at).isoformat() if g.dissolved_at else "",
                clock.local_date(published.published_at).isoformat() if published else "",
            ])
        response = Response(out.getvalue(), mimetype="text/csv")
        response.headers["Content-Disposition"] = "attachment; filename=ipn-groups.csv"
        return response
    return conditional(render, mimetype="text/csv")


def safe_cell(text: str) -> str:
    """A value a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Characters XML 1.0 cannot carry at all, which a name or statement might still contain.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@bp.get("/statements.atom")
def statements_feed():
    """An Atom feed of the 50 statements most recently published, newest first."""
    def render():
        statements = public_registry.published_statements(50)
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")

        def sub(parent, tag, text=None, **attrs):
            element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
            if text is not None:
                element.text = XML_ILLEGAL.sub("", text)
            return element

        home = absolute_url("public.home")
        sub(feed, "id", absolute_url("open_data.statements_feed"))
        sub(feed, "title", "IPN Registry: newly published ethical statements")
        sub(feed, "subtitle", "Each group's statement of its ethical stance towards clients, as published.")
        updated = statements[0].published_at if statements else None
        sub(feed, "updated", (updated or clock.now()).isoformat(timespec="seconds"))
        sub(feed, "link", rel="self", type="application/atom+xml",
            href=absolute_url("open_data.statements_feed"))
        sub(feed, "link", rel="alternate", type="text/html", href=home)
        author = sub(feed, "author")
        sub(author, "name", "IPN Registry")
        for statement in statements:
            group_url = absolute_url("public.group", slug=statement.group.slug)
            entry = sub(feed, "entry")
            sub(entry, "id", f"{group_url}#statement-{statement.id}")
            sub(entry, "title", f"{statement.group.name} published its ethical statement")
            when = statement.published_at.isoformat(timespec="seconds")
            sub(entry, "published", when)
            sub(entry, "updated", when)
            sub(entry, "link", rel="alternate", type="text/html", href=group_url + "#statement")
            sub(entry, "content", markdown.render(statement.text), type="html")
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
        return Response(body, mimetype="application/atom+xml")
    return conditional(render, mimetype="application/atom+xml")

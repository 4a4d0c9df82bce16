"""The W3C Nu HTML checker (vnu.jar from npm's vnu-jar, run on Java) finds no error on the pages
the browser tests visit, public and private, over the demo registry (issue 12, item 7)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from ipn.demo import load_demo
from ipn.demo.content import DEMO_PASSWORD
from ipn.extensions import db
from ipn.models import (
    Gathering,
    Group,
    Link,
    Meeting,
    Membership,
    NetcomIssue,
    Practitioner,
    Proposal,
    Statement,
)
from ipn.states import GroupStatus, LinkState

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VNU = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
WHO = "ruth.okafor@example.org"


@pytest.fixture
def app_config(app_config) -> dict:
    """CSRF on, as in production: its hidden fields are part of every form's HTML."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text).group(1)


def checker() -> list[str]:
    if not os.path.exists(VNU):
        pytest.fail("The HTML checker is missing: run `npm install` (package.json lists vnu-jar).")
    java = shutil.which("java")
    if java is None:
        pytest.fail("The HTML checker needs Java: apt-get install default-jre-headless.")
    return [java, "-Xss4m", "-jar", VNU, "--errors-only", "--format", "json"]


def demo_paths() -> tuple[list[str], list[str]]:
    """The public pages and Ruth's private ones, as the browser tests visit them."""
    every_group = list(db.session.scalars(select(Group).order_by(Group.id)))
    by_status = {}
    for group in every_group:
        by_status.setdefault(group.status, group.slug)
    ruth = db.session.scalar(select(Practitioner).where(Practitioner.email == WHO))
    stay = db.session.scalar(select(Membership).where(Membership.practitioner_id == ruth.id,
                                                      Membership.left_at.is_(None)).order_by(Membership.id))
    slug = stay.group.slug
    colleague = db.session.scalar(select(Membership.practitioner_id).where(
        Membership.group_id == stay.group_id, Membership.left_at.is_(None),
        Membership.practitioner_id != ruth.id).order_by(Membership.id))
    link = db.session.scalar(select(Link).where(Link.state == LinkState.ACTIVE,
                                                (Link.group_id == stay.group_id) | (Link.partner_id == stay.group_id)))
    versions = list(db.session.scalars(select(Statement.id).where(Statement.group_id == stay.group_id)
                                       .order_by(Statement.id)))
    gatherings = list(db.session.scalars(select(Gathering.id).order_by(Gathering.date)))
    with_issue = set(db.session.scalars(select(NetcomIssue.gathering_id)))
    issue, no_issue = sorted(with_issue)[0], [g for g in gatherings if g not in with_issue][0]
    someone = db.session.scalar(select(Membership.practitioner_id).where(Membership.member_since.is_not(None)))
    public = ["/", "/groups", *(f"/groups/{s}" for s in by_status.values()), "/check", "/check?name=River",
              f"/practitioners/{someone}", "/network", "/open", "/gatherings", *(f"/gatherings/{g}" for g in gatherings),
              "/proposals", *(f"/proposals/{p}" for p in db.session.scalars(select(Proposal.id))), "/rules", "/netcom",
              f"/netcom/{issue}", "/login", "/register", f"/concerns/new?group={slug}", "/password/forgot"]
    private = ["/me", "/notifications", "/groups/new", f"/groups/{slug}/workspace",
               f"/groups/{slug}/workspace/withdraw/{colleague}", f"/groups/{slug}/workspace/leave",
               f"/groups/{slug}/workspace/dissolve", f"/groups/{slug}/statement", f"/groups/{slug}/links",
               f"/groups/{slug}/concerns", "/profile", "/profile/delete", "/profile/email", "/profile/mail",
               "/gatherings/new", f"/gatherings/{gatherings[-1]}/proposals/new", f"/gatherings/{no_issue}/netcom"]
    # Practice records and pathways; the group's meetings, a meeting, a round to run, formats.
    private += ["/practice", "/practice/new?find=Hamid", f"/groups/{slug}/meetings", f"/groups/{slug}/meetings/new",
                f"/groups/{slug}/formats"]
    meeting = db.session.scalar(select(Meeting).where(Meeting.group_id == stay.group_id).order_by(Meeting.date.desc()))
    if meeting is not None:
        came = meeting.attendees[0].id
        private += [f"/groups/{slug}/meetings/{meeting.id}",
                    f"/groups/{slug}/meetings/{meeting.id}/run?format=intervision&presenter={came}"]
    if len(versions) >= 2:
        private.append(f"/groups/{slug}/statement/compare?old={versions[0]}&new={versions[-1]}")
    if link is not None:
        private += [f"/groups/{slug}/links/{link.id}/visit", f"/groups/{slug}/links/{link.id}/end"]
    assert GroupStatus.DISSOLVED in by_status and GroupStatus.FULL_MEMBER in by_status
    return public, private


def test_the_w3c_checker_finds_no_error_on_any_page(app, client, tmp_path):
    with app.app_context():
        assert load_demo()
        public, private = demo_paths()
    pages: dict[str, str] = {}
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[f"public {path}"] = response.get_data(as_text=True)
    # Forms sent with mistakes show their errors: those pages too.
    for path, data in (("/login", {}), ("/register", {"password": "short"})):
        response = client.post(path, data={**data, "csrf_token": csrf(client, path)})
        assert response.status_code == 422, path
        pages[f"{path} with errors"] = response.get_data(as_text=True)
    assert client.post("/login", data={"email": WHO, "password": DEMO_PASSWORD,
                                       "csrf_token": csrf(client, "/login")}).status_code == 302
    for path in private:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[f"private {path}"] = response.get_data(as_text=True)

    files = {}
    for n, (name, html) in enumerate(pages.items()):
        target = tmp_path / f"page{n}.html"
        target.write_text(html, encoding="utf-8")
        files[str(target)] = name
    run = subprocess.run([*checker(), *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: "
              f"{m.get('message')} [{m.get('extract', '').strip()[:120]}]"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], "\n".join(errors)
    assert len(pages) > 40

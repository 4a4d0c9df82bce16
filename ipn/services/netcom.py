"""NetCom, the network's newsletter (SPEC R16): one issue per Gathering, written in the
registry in Markdown (rendered safely, as statements are), public once published."""

from __future__ import annotations

from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.models import Gathering, NetcomIssue, Practitioner
from ipn.services import events
from ipn.services.errors import Conflict, Invalid

MAX_TITLE = 200
MAX_TEXT = 50_000


def issue_of(gathering: Gathering) -> NetcomIssue | None:
    return db.session.scalar(select(NetcomIssue).where(NetcomIssue.gathering_id == gathering.id))


def published_issue(gathering: Gathering) -> NetcomIssue | None:
    issue = issue_of(gathering)
    return issue if issue is not None and issue.published_on is not None else None


def write(author: Practitioner, gathering: Gathering, title: str, text: str, publish: bool = False) -> NetcomIssue:
    """Any participant writes (or revises, until it is published) the Gathering's issue;
    publishing dates it today."""
    title, text = " ".join((title or "").split()), (text or "").strip()
    problems = {}
    if not title or len(title) > MAX_TITLE:
        problems["title"] = [f"Give a title of up to {MAX_TITLE} characters."]
    if not text or len(text) > MAX_TEXT:
        problems["text"] = [f"Write the issue, in up to {MAX_TEXT:,} characters."]
    if problems:
        raise Invalid("Some values need correcting: " + ", ".join(problems) + ".", problems)
    issue = issue_of(gathering)
    if issue is not None and issue.published_on is not None:
        raise Conflict("This NetCom issue is already published.")
    if issue is None:
        issue = NetcomIssue(gathering_id=gathering.id, title=title, text=text, author_id=author.id)
        db.session.add(issue)
    else:
        issue.title, issue.text = title, text
    if publish:
        issue.published_on = clock.today()
    db.session.flush()
    events.record("netcom_published" if publish else "netcom_written", actor=author, issue_id=issue.id,
                  gathering_id=gathering.id)
    return issue


def published(limit: int | None = None) -> list[NetcomIssue]:
    """Published issues, newest first."""
    query = (select(NetcomIssue).where(NetcomIssue.published_on.is_not(None))
             .order_by(NetcomIssue.published_on.desc(), NetcomIssue.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))

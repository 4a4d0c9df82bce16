"""The group's ethical statement: drafting, editing, endorsing; publication follows (R7)."""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.sql import Select

from ipn import clock
from ipn.extensions import db
from ipn.models import Endorsement, Group, Place, Practitioner, Statement
from ipn.services import events, facts
from ipn.services.errors import Conflict, Invalid
from ipn.services.evaluation import lock_group, reevaluate
from ipn.services.groups import member_ids, require_member, require_not_dissolved
from ipn.states import StatementState

MAX_TEXT = 20_000


def clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid("Write the statement first.", {"text": ["Write the statement before saving it."]})
    if len(text) > MAX_TEXT:
        raise Invalid("The statement is too long.", {"text": [f"Keep the statement to {MAX_TEXT:,} characters."]})
    return text


def current_draft(group: Group) -> Statement | None:
    return facts.current_draft(group.id)


def draft_statement(actor: Practitioner, group: Group, text: str) -> Statement:
    """A member drafts a new version of the group's statement."""
    require_not_dissolved(group)
    require_member(group, actor)
    text = clean_text(text)
    if current_draft(group) is not None:
        raise Conflict(f"{group.name} already has a draft; edit that one instead.", code="draft_exists")
    now = clock.now()
    statement = Statement(group_id=group.id, text=text, created_by_id=actor.id, created_at=now, updated_at=now)
    db.session.add(statement)
    db.session.flush()
    events.record("statement_drafted", actor, group, statement_id=statement.id)
    events.notify(member_ids(group), f"{actor.name} has drafted a new ethical statement for {group.name}: "
                                     "read it and endorse it if you agree.", Place.STATEMENT, group, skip=actor.id)
    return statement


def _editable(actor: Practitioner, statement: Statement) -> Group:
    """Lock the group, then check the draft as it is now: racing edits and endorsements of one
    group's draft queue up on the group's row (PostgreSQL) or the write lock (SQLite)."""
    group = statement.group
    lock_group(group)
    db.session.refresh(statement)
    require_not_dissolved(group)
    require_member(group, actor)
    if statement.state != StatementState.DRAFT:
        raise Conflict("Only a draft can be changed; this version is already published.", code="not_a_draft")
    return group


def edit_statement(actor: Practitioner, statement: Statement, text: str) -> Statement:
    """Change a draft; everyone endorses the new text afresh."""
    group = _editable(actor, statement)
    text = clean_text(text)
    if text != statement.text:
        statement.text, statement.updated_at = text, clock.now()
        statement.revision += 1
        statement.endorsements.clear()
        db.session.flush()
        events.record("statement_edited", actor, group, statement_id=statement.id)
    return statement


def endorse(actor: Practitioner, statement: Statement, version: int | None = None) -> Statement:
    """A member endorses this exact version; the last endorsement publishes it. `version` is the
    revision the person read: if the draft was edited since, nothing is endorsed (409). The
    group is locked first, so the last two endorsements at the same moment are counted
    one after the other and the second publishes."""
    group = _editable(actor, statement)
    stay = require_member(group, actor)
    if version is not None and version != statement.revision:
        raise Conflict("The draft was changed after you read it; read it again and endorse it if you agree.",
                       code="stale_version")
    already = db.session.scalar(select(Endorsement.id).where(
        Endorsement.statement_id == statement.id, Endorsement.membership_id == stay.id))
    if already is None:
        db.session.add(Endorsement(statement_id=statement.id, membership_id=stay.id))
        db.session.flush()
        event = events.record("statement_endorsed", actor, group, statement_id=statement.id)
        reevaluate([group], f"{group.name} published its ethical statement", event)
    return statement


def endorser_ids(statement: Statement) -> set[int]:
    return {e.membership.practitioner_id for e in statement.endorsements if e.membership.left_at is None}


def line_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Two versions line by line: ("same" | "added" | "removed", line). Escaped by the template."""
    kinds = {" ": "same", "+": "added", "-": "removed"}
    return [(kinds[line[0]], line[2:]) for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in kinds]


def current_statement(group_id: int) -> Statement | None:
    """The group's published statement now, if any."""
    return facts.current_statement(group_id)


def every_version(group: Group) -> list[Statement]:
    """The draft (if any), the current statement and every earlier one, newest first."""
    rows = list(db.session.scalars(select(Statement).where(Statement.group_id == group.id)))
    rows.sort(key=lambda s: (s.state != StatementState.DRAFT, -(s.published_at or s.updated_at).timestamp(), -s.id))
    return rows


def published_versions(group: Group) -> Select:
    """Every published version (the current one and those it replaced), newest first."""
    return (select(Statement)
            .where(Statement.group_id == group.id,
                   Statement.state.in_((StatementState.PUBLISHED, StatementState.SUPERSEDED)))
            .order_by(Statement.published_at.desc(), Statement.id.desc()))

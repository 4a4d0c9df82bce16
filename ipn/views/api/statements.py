"""The ethical statement: drafting, editing, endorsing, and the public record of versions (R7)."""

from __future__ import annotations

from ipn.models import Statement
from ipn.services import groups, statements
from ipn.services.errors import NotFound
from ipn.views.actions import perform
from ipn.views.api import (
    _invalid,
    body,
    bp,
    get_or_404,
    group_or_404,
    paged,
    text_field,
)
from ipn.views.api import serializers as show
from ipn.views.bearer import caller, token_required


def _draft(row: Statement) -> dict:
    return {**show.statement(row), "version": row.revision, "endorsed_by": sorted(statements.endorser_ids(row))}


@bp.get("/groups/<slug>/statements")
def published_statements(slug: str):
    """Every published version, newest first, with its dates: what the group asserted when."""
    group = group_or_404(slug)
    return paged(statements.published_versions(group), show.statement)


@bp.get("/groups/<slug>/draft")
@token_required
def current_draft(slug: str):
    """The draft the members are working on, with who has endorsed it (members only)."""
    group = group_or_404(slug)
    groups.require_member(group, caller())
    draft = statements.current_draft(group)
    if draft is None:
        raise NotFound(f"{group.name} has no draft at present.")
    return _draft(draft)


@bp.post("/groups/<slug>/statements")
@token_required
def draft_statement(slug: str):
    """A member drafts a new version of the group's statement."""
    group = group_or_404(slug)
    draft = perform(statements.draft_statement, caller(), group, text_field(body(), "text"))
    return _draft(draft), 201


@bp.put("/statements/<int:statement_id>")
@token_required
def edit_statement(statement_id: int):
    """Change a draft; its endorsements are cleared."""
    row = get_or_404(Statement, statement_id, "statement")
    text = text_field(body(), "text")
    row = perform(statements.edit_statement, caller(), row, text)
    return _draft(row)


@bp.post("/statements/<int:statement_id>/endorsements")
@token_required
def endorse(statement_id: int):
    """A member endorses this exact version; the last endorsement publishes it. An optional
    `version` (the draft answer's) is checked: a draft edited since is a 409 `stale_version`."""
    row = get_or_404(Statement, statement_id, "statement")
    version = body().get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise _invalid("version", "Give the draft's version as a whole number, as the draft's answer shows it.")
    row = perform(statements.endorse, caller(), row, version)
    return _draft(row)

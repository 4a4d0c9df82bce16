"""The ethical statement: drafting, editing, endorsing, and the public record of versions (R7)."""

from __future__ import annotations

from ipn.models import Statement
from ipn.services import groups, statements
from ipn.services.errors import NotFound
from ipn.views.actions import perform
from ipn.views.api import get_or_404, group_or_404, paged
from ipn.views.api.models import Draft, EndorseVersion, StatementOut, StatementText
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller


@operation("/groups/<slug>/statements", query=Paging, answer=Page[StatementOut], errors=(422,),
           tag="statements")
def published_statements(slug: str, query: Paging):
    """Every published version, newest first, with its dates: what the group asserted when."""
    group = group_or_404(slug)
    return paged(statements.published_versions(group), query, StatementOut.of)


@operation("/groups/<slug>/draft", answer=Draft, token=True, errors=(403,), tag="statements")
def current_draft(slug: str):
    """The draft the members are working on, with who has endorsed it (members only; 404 when there is none)."""
    group = group_or_404(slug)
    groups.require_member(group, caller())
    draft = statements.current_draft(group)
    if draft is None:
        raise NotFound(f"{group.name} has no draft at present.")
    return Draft.of(draft)


@operation("/groups/<slug>/statements", "POST", body=StatementText, answer=Draft, status=201, token=True,
           errors=(403, 409, 422), tag="statements")
def draft_statement(slug: str, data: StatementText):
    """A member drafts a new version of the group's statement."""
    group = group_or_404(slug)
    return Draft.of(perform(statements.draft_statement, caller(), group, data.text))


@operation("/statements/<int:statement_id>", "PUT", body=StatementText, answer=Draft, token=True,
           errors=(403, 409, 422), tag="statements")
def edit_statement(statement_id: int, data: StatementText):
    """Change a draft; its endorsements are cleared."""
    row = get_or_404(Statement, statement_id, "statement")
    return Draft.of(perform(statements.edit_statement, caller(), row, data.text))


@operation("/statements/<int:statement_id>/endorsements", "POST", body=EndorseVersion, answer=Draft, token=True,
           errors=(403, 409, 422), tag="statements")
def endorse(statement_id: int, data: EndorseVersion):
    """A member endorses this exact version; the last endorsement publishes it. An optional
    `version` (the draft answer's) is checked: a draft edited since is a 409 `stale_version`."""
    row = get_or_404(Statement, statement_id, "statement")
    return Draft.of(perform(statements.endorse, caller(), row, data.version))

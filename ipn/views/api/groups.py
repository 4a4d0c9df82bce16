"""Groups: the directory, founding, inviting, standing by, leaving and dissolving."""

from __future__ import annotations

from flask import request

from ipn.models import Practitioner
from ipn.services import directory, facts, groups, invitations, stand_bys
from ipn.services.errors import Invalid
from ipn.states import GroupStatus
from ipn.views.actions import perform
from ipn.views.api import (
    body,
    bp,
    fetch,
    get_or_404,
    group_or_404,
    id_field,
    paged,
    query_text,
    text_field,
)
from ipn.views.api import serializers as show
from ipn.views.bearer import caller, token_required
from ipn.views.limits import invite_limited


@bp.get("/groups")
def list_groups():
    """The directory: search by name, region and statement text; filter by status and region."""
    status = request.args.get("status") or None
    if status is not None and status not in set(GroupStatus):
        raise Invalid("status: choose one of " + ", ".join(GroupStatus) + ".",
                      {"status": ["Choose one of " + ", ".join(GroupStatus) + "."]})
    query = directory.search_groups(query_text("q") or None, status, query_text("region") or None)
    return paged(query, show.group, prepare=facts.preload)


@bp.post("/groups")
@token_required
def found_group():
    """Found a group (R2); the caller is its founder and first member."""
    data = body()
    group = perform(groups.found_group, caller(), text_field(data, "name", max_length=1000),
                    text_field(data, "region", required=False, max_length=1000))
    return show.group(group), 201


@bp.get("/groups/<slug>")
def get_group(slug: str):
    """A group with its members, statement, links and the criteria behind its status."""
    return show.group(group_or_404(slug))


@bp.post("/groups/<slug>/invitations")
@invite_limited
@token_required
def invite(slug: str):
    """A member invites a participant to join (R3)."""
    group = group_or_404(slug)
    invitee = _practitioner(body())
    invitation = perform(invitations.invite, caller(), group, invitee)
    return show.invitation(invitation), 201


@bp.post("/groups/<slug>/stand-bys")
@token_required
def stand_by(slug: str):
    """The caller stands by someone else in the group (R4)."""
    group = group_or_404(slug)
    receiver = _practitioner(body(), must_exist=False)
    row = perform(stand_bys.stand_by, caller(), group, receiver)
    return {"group": group.slug, "giver_id": caller().id, "receiver_id": row.receiver.practitioner_id,
            "since": row.created_at.isoformat()}, 201


@bp.delete("/groups/<slug>/stand-bys/<int:practitioner_id>")
@token_required
def withdraw_stand_by(slug: str, practitioner_id: int):
    """Withdraw a stand-by, with a reason only the group's members can read (R4)."""
    group = group_or_404(slug)
    data = body()
    reason = text_field(data, "reason", required=False) or query_text("reason", 10_000)
    receiver = get_or_404(Practitioner, practitioner_id, "practitioner")
    row = perform(stand_bys.withdraw_stand_by, caller(), group, receiver, reason)
    return {"group": group.slug, "giver_id": caller().id, "receiver_id": row.receiver.practitioner_id,
            "withdrawn_at": row.withdrawn_at.isoformat()}


@bp.post("/groups/<slug>/leave")
@token_required
def leave(slug: str):
    """Leave the group (R13); the last person leaving dissolves it."""
    group = group_or_404(slug)
    perform(groups.leave, caller(), group)
    return {"group": group.slug, "left": True, "status": group.status}


@bp.post("/groups/<slug>/dissolution")
@token_required
def agree_to_dissolve(slug: str):
    """A member agrees to dissolve; true once every member has (R13)."""
    group = group_or_404(slug)
    dissolved = perform(groups.agree_to_dissolve, caller(), group)
    return {"group": group.slug, "dissolved": dissolved}


def _practitioner(data: dict, must_exist: bool = True) -> Practitioner | None:
    person = fetch(Practitioner, id_field(data, "practitioner_id"))
    if person is None and must_exist:
        raise Invalid("There is no such practitioner.", {"practitioner_id": ["There is no such practitioner."]})
    return person

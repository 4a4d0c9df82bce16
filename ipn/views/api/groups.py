"""Groups: the directory, founding, inviting, standing by, leaving and dissolving."""

from __future__ import annotations

from ipn.models import Practitioner
from ipn.services import directory, facts, groups, invitations, matrix, stand_bys
from ipn.views.actions import perform
from ipn.views.api import fetch, get_or_404, group_or_404, named, paged, paged_list
from ipn.views.api.models import (
    Dissolution,
    FoundGroup,
    GroupOut,
    GroupQuery,
    InvitationOut,
    Left,
    Openness,
    PractitionerChoice,
    Reason,
    StandByMatrix,
    StandByOut,
    StandByWithdrawn,
    iso,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller
from ipn.views.limits import invite_limited


@operation("/groups", query=GroupQuery, answer=Page[GroupOut], errors=(422,), tag="groups")
def list_groups(query: GroupQuery):
    """The directory of groups: search by name, region and statement text; filter by status and region."""
    words, region = query.q.strip() or None, query.region.strip() or None
    found = directory.search(words, query.status, region)
    return paged(found.query, query, GroupOut.of, prepare=facts.preload, total=found.total)


@operation("/groups", "POST", body=FoundGroup, answer=GroupOut, status=201, token=True, errors=(409, 422),
           tag="groups")
def found_group(data: FoundGroup):
    """Found a group (R2); the caller is its founder and first member."""
    return GroupOut.of(perform(groups.found_group, caller(), data.name, data.region))


@operation("/groups/<slug>", answer=GroupOut, tag="groups", path_examples={"slug": "river-group"})
def get_group(slug: str):
    """A group with its members, statement, links and the criteria behind its status."""
    return GroupOut.of(group_or_404(slug))


@operation("/groups/<slug>/invitations", "POST", body=PractitionerChoice, answer=InvitationOut, status=201,
           token=True, errors=(403, 409, 422, 429), tag="groups", outer=(invite_limited,))
def invite(slug: str, data: PractitionerChoice):
    """A member invites a participant to join (R3)."""
    group = group_or_404(slug)
    invitee = named(fetch(Practitioner, data.practitioner_id), "practitioner_id", "There is no such practitioner.")
    return InvitationOut.of(perform(invitations.invite, caller(), group, invitee))


@operation("/groups/<slug>/stand-bys", "POST", body=PractitionerChoice, answer=StandByOut, status=201,
           token=True, errors=(403, 409, 422), tag="groups")
def stand_by(slug: str, data: PractitionerChoice):
    """The caller stands by someone else in the group (R4)."""
    group = group_or_404(slug)
    row = perform(stand_bys.stand_by, caller(), group, fetch(Practitioner, data.practitioner_id))
    return StandByOut(group=group.slug, giver_id=caller().id, receiver_id=row.receiver.practitioner_id,
                      since=row.created_at.isoformat())


@operation("/groups/<slug>/stand-bys/<int:practitioner_id>", "DELETE", body=Reason, also_in_query=("reason",),
           answer=StandByWithdrawn, token=True, errors=(403, 409, 422), tag="groups",
           path_examples={"practitioner_id": 2})
def withdraw_stand_by(slug: str, practitioner_id: int, data: Reason):
    """Withdraw a stand-by, with a reason (in the body or the query) only the group's members can read (R4)."""
    group = group_or_404(slug)
    receiver = get_or_404(Practitioner, practitioner_id, "practitioner")
    row = perform(stand_bys.withdraw_stand_by, caller(), group, receiver, data.reason)
    return StandByWithdrawn(group=group.slug, giver_id=caller().id, receiver_id=row.receiver.practitioner_id,
                            withdrawn_at=row.withdrawn_at.isoformat())


@operation("/groups/<slug>/leave", "POST", answer=Left, token=True, errors=(403, 409), tag="groups")
def leave(slug: str):
    """Leave the group (R13); the last person leaving dissolves it."""
    group = group_or_404(slug)
    perform(groups.leave, caller(), group)
    return Left(group=group.slug, left=True, status=group.status)


@operation("/groups/<slug>/dissolution", "POST", answer=Dissolution, token=True, errors=(403, 409),
           tag="groups")
def agree_to_dissolve(slug: str):
    """A member agrees to dissolve; dissolved once every member has (R13)."""
    group = group_or_404(slug)
    return Dissolution(group=group.slug, dissolved=perform(groups.agree_to_dissolve, caller(), group))


@operation("/groups/<slug>/open", "PUT", body=Openness, answer=GroupOut, token=True, errors=(403, 409, 422),
           tag="groups")
def set_open(slug: str, data: Openness):
    """A member says whether the group is open to new members (R17), as the workspace's switch does."""
    group = group_or_404(slug)
    perform(groups.set_open, caller(), group, data.open)
    return GroupOut.of(group)


@operation("/groups/<slug>/invitations", query=Paging, answer=Page[InvitationOut], token=True,
           errors=(403, 422), tag="groups")
def pending_invitations(slug: str, query: Paging):
    """The group's pending invitations, for the people in the group (as its workspace shows them)."""
    group = group_or_404(slug)
    groups.require_in_group(group, caller())
    return paged_list(invitations.pending_invitations(group), query, InvitationOut.of)


@operation("/groups/<slug>/stand-bys", answer=StandByMatrix, token=True, errors=(403,), tag="groups")
def stand_by_matrix(slug: str):
    """Who stands by whom among the people in the group, for the people in it.

    Withdrawal reasons are shown to the group's members only (R4), not to those still joining."""
    group = group_or_404(slug)
    stay = groups.require_in_group(group, caller())
    grid = matrix.stand_by_matrix(group, show_reasons=stay.member_since is not None)
    people = [{"id": m.practitioner_id, "name": m.practitioner.name,
               "state": "member" if m.member_since is not None else "joining"} for m in grid.people]
    cells = [{"giver": giver, "receiver": receiver, "state": cell.state, "since": iso(cell.since),
              "reason": cell.reason, "holds_back": cell.holds_back, "holds_back_joining": cell.holds_back_joining}
             for (giver, receiver), cell in grid.cells.items() if cell.state != matrix.CellState.SELF]
    return StandByMatrix(group=group.slug, people=people, cells=cells)

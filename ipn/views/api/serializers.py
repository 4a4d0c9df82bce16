"""What the API shows of each thing (API.md). Public views never carry an email address, a
withdrawal reason, a visit note, a concern or an invitation; those appear only to whom they
belong, in the endpoints that check who is asking."""

from __future__ import annotations

from ipn import markdown
from ipn.models import (
    Gathering,
    Group,
    Invitation,
    Link,
    Practitioner,
    Statement,
)
from ipn.services import facts, history, invitations, link_views, statements
from ipn.states import GroupStatus
from ipn.views.api import iso


def practitioner(person: Practitioner) -> dict:
    """The public view of a practitioner: who they are, where they belong, accredited today."""
    stays = facts.current_stays(person)
    return {
        "id": person.id,
        "name": person.name,
        "region": person.region,
        "practice": person.practice,
        "looking_for_group": person.looking_for_group,
        "groups": [{"slug": s.group.slug, "name": s.group.name, "status": s.group.status, "state": s.state}
                   for s in stays],
        "accredited": history.accreditation_on(person).accredited,
    }


def own_practitioner(person: Practitioner) -> dict:
    """A practitioner's view of themself: the public view, their email and what awaits them."""
    pending = invitations.pending_for(person)
    return {
        **practitioner(person),
        "email": person.email,
        "email_confirmed": person.email_confirmed_at is not None,
        "invitations": [invitation(i) for i in pending],
    }


def invitation(row: Invitation) -> dict:
    return {
        "id": row.id,
        "state": row.state,
        "group": {"slug": row.group.slug, "name": row.group.name},
        "practitioner_id": row.practitioner_id,
        "invited_by": {"id": row.invited_by.id, "name": row.invited_by.name},
        "created_at": iso(row.created_at),
    }


def statement(row: Statement) -> dict:
    return {
        "id": row.id,
        "state": row.state,
        "text": row.text,
        "html": markdown.render(row.text),
        "published_at": iso(row.published_at),
        "superseded_at": iso(row.superseded_at),
    }


def group(row: Group) -> dict:
    """A group as API.md "A group" shows it, with every rule behind its status."""
    stays = facts.current_memberships(row.id)
    current = statements.current_statement(row.id)
    assessment = facts.assess(row)
    return {
        "slug": row.slug,
        "name": row.name,
        "region": row.region,
        "status": row.status,
        "status_label": GroupStatus(row.status).label,
        "open_to_new_members": row.open_to_new_members,
        "founded_at": iso(row.founded_at),
        "dissolved_at": iso(row.dissolved_at),
        "members": [{"id": s.practitioner_id, "name": s.practitioner.name, "state": s.state} for s in stays],
        "statement": None if current is None else {
            "id": current.id, "text": current.text, "html": markdown.render(current.text),
            "published_at": iso(current.published_at),
        },
        "links": group_links(row),
        "criteria": [c.as_dict() for c in assessment.criteria],
        "rhythm": _rhythm(row),
    }


def _rhythm(row: Group) -> dict | None:
    """How often the group meets and the month it last met, only if it chose to show it (R18)."""
    from ipn.services.meetings import public_rhythm

    found = public_rhythm(row)
    return None if found is None else found.as_dict()


def group_links(row: Group) -> list[dict]:
    """The group's live links; `validated_until` is the last day the partner's latest
    validation of this group counts (past when lapsed), null after concerns or no visit."""
    live = link_views.live_links(row)
    validated = {view.link.id: view.of_us.valid_until for view in link_views.active_links(row)}
    result = []
    for link in live:
        partner = link.partner if link.group_id == row.id else link.group
        until = validated.get(link.id)
        result.append({
            "id": link.id,
            "partner": partner.slug,
            "partner_name": partner.name,
            "state": link.state,
            "proposed_by": link.group.slug,
            "validated_until": iso(until),
        })
    return result


def link(row: Link) -> dict:
    return {"id": row.id, "state": row.state, "group": row.group.slug, "partner": row.partner.slug,
            "proposed_at": iso(row.proposed_at), "answered_at": iso(row.answered_at), "ended_at": iso(row.ended_at)}


def visit(row) -> dict:
    """A visit without its note (the note is private to the two groups)."""
    return {
        "id": row.id,
        "link_id": row.link_id,
        "visiting": row.visiting_group.slug,
        "visited": row.visited_group.slug,
        "date": iso(row.date),
        "outcome": row.outcome,
        "visitors": sorted(p.id for p in row.visitors),
        "recorded_at": iso(row.recorded_at),
    }


def gathering(row: Gathering) -> dict:
    return {"id": row.id, "date": iso(row.date), "place": row.place, "netcom_url": row.netcom_url or None}

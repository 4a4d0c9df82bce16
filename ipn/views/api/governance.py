"""Governance (API.md "Governance", SPEC R16): Gatherings, attendance, proposals and their
positions, and the rules in force by date. Every state here is derived from the facts."""

from __future__ import annotations

from flask import request

from ipn import clock, markdown
from ipn.models import Gathering, Proposal
from ipn.services import gatherings, netcom, proposals, rulebook
from ipn.services.errors import Invalid
from ipn.views.actions import perform
from ipn.views.api import (
    body,
    bp,
    fetch,
    get_or_404,
    id_field,
    iso,
    paged,
    paged_list,
    parse_day,
    text_field,
)
from ipn.views.bearer import caller, token_required
from ipn.views.urls import absolute_url


def person_ref(person) -> dict:
    return {"id": person.id, "name": person.name}


def gathering_detail(row: Gathering) -> dict:
    quorum = gatherings.quorum(row)
    agenda = sorted({p.id for p in proposals.considered_proposals(row)})
    return {
        "id": row.id,
        "date": iso(row.date),
        "place": row.place,
        "description": row.description,
        "announced_by": person_ref(row.announced_by) if row.announced_by else None,
        "quorate": None if quorum is None else quorum.met,
        "quorum": None if quorum is None else {"represented": quorum.represented, "groups": quorum.groups,
                                               "needed": quorum.needed},
        "attended": [person_ref(p) for p in gatherings.attendees(row)],
        "will_attend": [person_ref(p) for p in gatherings.attendees(row, came=False)],
        "groups_represented": [g.slug for g in gatherings.represented(row)] if row.date <= clock.today() else [],
        "proposals": agenda,
        "netcom_url": netcom_url(row),
    }


def netcom_url(row: Gathering) -> str | None:
    """The Gathering's NetCom issue: written in the registry once published, else one
    published elsewhere, else none."""
    if netcom.published_issue(row) is not None:
        return absolute_url("governance.netcom_issue", gathering_id=row.id)
    return row.netcom_url or None


def proposal_detail(row: Proposal) -> dict:
    considered = proposals.at_gatherings(row)
    state = proposals.state(row, considered)
    return {
        "id": row.id,
        "title": row.title,
        "text": row.text,
        "html": markdown.render(row.text),
        "changes": row.changes,
        "immediate": row.immediate,
        "state": state.state,
        "presented_at": row.gathering_id,
        "author": person_ref(row.author),
        "created_at": iso(row.created_at),
        "gatherings": [{
            "id": c.gathering.id,
            "date": iso(c.gathering.date),
            "place": c.gathering.place,
            "quorate": None if c.quorum is None else c.quorum.met,
            "consensus": c.verdict.consensus,
            "positions": [{"practitioner": person_ref(p.practitioner), "position": p.position,
                           "reason": p.reason or None, "recorded_at": iso(p.recorded_at)}
                          for p in c.positions],
        } for c in considered],
        "effective_from": iso(state.effective_from),
    }


def version(item: rulebook.InForce) -> dict:
    return {"in_force_since": iso(item.since), "rules": item.settings.as_dict(), "by_proposal": item.proposal_id}


@bp.post("/gatherings")
@token_required
def announce_gathering():
    """Any participant announces a Gathering."""
    data = body()
    day = parse_day(data.get("date"), "date")
    place = text_field(data, "place", max_length=1000)
    description = text_field(data, "description", required=False)
    row = perform(gatherings.announce, caller(), day, place, description)
    return gathering_detail(row), 201


@bp.get("/gatherings/<int:gathering_id>")
def gathering(gathering_id: int):
    """A Gathering: who came, which groups were represented, whether it was quorate."""
    return gathering_detail(get_or_404(Gathering, gathering_id, "Gathering"))


@bp.post("/gatherings/<int:gathering_id>/attendance")
@token_required
def attendance(gathering_id: int):
    """Before the day the caller will attend; on or after it, they attended."""
    row = get_or_404(Gathering, gathering_id, "Gathering")
    attended = perform(gatherings.attend, caller(), row)
    return {"id": row.id, "attended": attended.attended}


@bp.get("/proposals")
def proposal_list():
    """Every proposal, newest first."""
    return paged(proposals.newest_first(), proposal_detail)


@bp.post("/proposals")
@token_required
def record_proposal():
    """Any participant records a proposal to change rules and presents it at a Gathering."""
    data = body()
    values = {"title": text_field(data, "title", max_length=1000), "text": text_field(data, "text")}
    where = fetch(Gathering, id_field(data, "gathering"))
    if where is None:
        raise Invalid("gathering: there is no such Gathering.", {"gathering": ["Give the id of a Gathering."]})
    immediate = data.get("immediate", False)
    if not isinstance(immediate, bool):
        raise Invalid("immediate: give true or false.", {"immediate": ["Give true or false."]})
    row = perform(proposals.record, caller(), values["title"], values["text"], data.get("changes"), where, immediate)
    return proposal_detail(row), 201


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    """A proposal with every Gathering that considered it and the positions recorded there."""
    return proposal_detail(get_or_404(Proposal, proposal_id, "proposal"))


@bp.post("/proposals/<int:proposal_id>/positions")
@token_required
def record_position(proposal_id: int):
    """Someone who attended the Gathering records their position there."""
    row = get_or_404(Proposal, proposal_id, "proposal")
    data = body()
    where = fetch(Gathering, id_field(data, "gathering"))
    if where is None:
        raise Invalid("gathering: there is no such Gathering.", {"gathering": ["Give the id of a Gathering."]})
    position = text_field(data, "position", max_length=100)
    reason = text_field(data, "reason", required=False, max_length=10_000)
    perform(proposals.record_position, caller(), row, where, position, reason)
    return proposal_detail(row)


@bp.get("/rules")
def rules_in_force():
    """The rules in force on a day (today by default), since when and by which proposal."""
    raw = request.args.get("on")
    day = parse_day(raw, "on") if raw else clock.today()
    item = rulebook.version_on(day)
    return {"on": iso(day), **version(item)}


@bp.get("/rules/history")
def rules_history():
    """Every version of the rules, newest first."""
    return paged_list(rulebook.history(), version)


def netcom_issue(issue) -> dict:
    return {"gathering": issue.gathering_id, "title": issue.title, "text": issue.text,
            "html": markdown.render(issue.text), "author": person_ref(issue.author),
            "published_on": iso(issue.published_on),
            "url": absolute_url("governance.netcom_issue", gathering_id=issue.gathering_id)
            if issue.published_on else None}


@bp.get("/netcom")
def netcom_issues():
    """Every published NetCom issue, newest first."""
    return paged_list(netcom.published(), netcom_issue)


@bp.put("/gatherings/<int:gathering_id>/netcom")
@token_required
def write_netcom(gathering_id: int):
    """Write or revise the Gathering's NetCom issue (until it is published); `publish: true`
    publishes it, dated today."""
    row = get_or_404(Gathering, gathering_id, "Gathering")
    data = body()
    values = {"title": text_field(data, "title", max_length=1000), "text": text_field(data, "text")}
    publish = data.get("publish", False)
    if not isinstance(publish, bool):
        raise Invalid("publish: give true or false.", {"publish": ["Give true or false."]})
    issue = perform(netcom.write, caller(), row, values["title"], values["text"], publish)
    return netcom_issue(issue)

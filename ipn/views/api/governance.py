"""Governance (API.md "Governance", SPEC R16): Gatherings, attendance, proposals and their
positions, and the rules in force by date. Every state here is derived from the facts."""

from __future__ import annotations

from ipn import clock, markdown
from ipn.models import Gathering, Proposal
from ipn.services import gatherings, netcom, proposals, rulebook
from ipn.views.actions import perform
from ipn.views.api import fetch, get_or_404, named, paged, paged_list
from ipn.views.api.models import (
    AnnounceGathering,
    Attendance,
    DayQuery,
    GatheringDetail,
    NetcomIn,
    NetcomIssue,
    PersonRef,
    PositionIn,
    ProposalIn,
    ProposalOut,
    RulesOn,
    RuleVersion,
    iso,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller
from ipn.views.urls import absolute_url


def person_ref(person) -> PersonRef:
    return PersonRef.of(person)


def gathering_detail(row: Gathering) -> GatheringDetail:
    quorum = gatherings.quorum(row)
    agenda = sorted({p.id for p in proposals.considered_proposals(row)})
    return GatheringDetail(**{
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
    })


def netcom_url(row: Gathering) -> str | None:
    """The Gathering's NetCom issue: written in the registry once published, else one
    published elsewhere, else none."""
    if netcom.published_issue(row) is not None:
        return absolute_url("governance.netcom_issue", gathering_id=row.id)
    return row.netcom_url or None


def proposal_detail(row: Proposal) -> ProposalOut:
    considered = proposals.at_gatherings(row)
    state = proposals.state(row, considered)
    return ProposalOut(**{
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
    })


def version(item: rulebook.InForce) -> dict:
    return {"in_force_since": iso(item.since), "rules": item.settings.as_dict(), "by_proposal": item.proposal_id}


def _gathering_named(ident: int):
    return named(fetch(Gathering, ident), "gathering", "Give the id of a Gathering.",
                 "gathering: there is no such Gathering.")


@operation("/gatherings", "POST", body=AnnounceGathering, answer=GatheringDetail, status=201, token=True,
           errors=(409, 422), tag="gatherings")
def announce_gathering(data: AnnounceGathering):
    """Any participant announces a Gathering (a past day too, so that its minutes can catch up)."""
    return gathering_detail(perform(gatherings.announce, caller(), data.date, data.place, data.description))


@operation("/gatherings/<int:gathering_id>", answer=GatheringDetail, tag="gatherings")
def gathering(gathering_id: int):
    """A Gathering: who came, which groups were represented, whether it was quorate (null before its day)."""
    return gathering_detail(get_or_404(Gathering, gathering_id, "Gathering"))


@operation("/gatherings/<int:gathering_id>/attendance", "POST", answer=Attendance, token=True, errors=(409,),
           tag="gatherings")
def attendance(gathering_id: int):
    """Before the day the caller will attend; on or after it, they attended."""
    row = get_or_404(Gathering, gathering_id, "Gathering")
    return Attendance(id=row.id, attended=perform(gatherings.attend, caller(), row).attended)


@operation("/proposals", query=Paging, answer=Page[ProposalOut], errors=(422,), tag="governance")
def proposal_list(query: Paging):
    """Every proposal, newest first."""
    return paged(proposals.newest_first(), query, proposal_detail)


@operation("/proposals", "POST", body=ProposalIn, answer=ProposalOut, status=201, token=True, errors=(409, 422),
           tag="governance")
def record_proposal(data: ProposalIn):
    """Any participant records a proposal to change rules and presents it at a Gathering."""
    where = _gathering_named(data.gathering)
    row = perform(proposals.record, caller(), data.title, data.text, data.changes.given(), where, data.immediate)
    return proposal_detail(row)


@operation("/proposals/<int:proposal_id>", answer=ProposalOut, tag="governance")
def proposal(proposal_id: int):
    """A proposal with every Gathering that considered it and the positions recorded there."""
    return proposal_detail(get_or_404(Proposal, proposal_id, "proposal"))


@operation("/proposals/<int:proposal_id>/positions", "POST", body=PositionIn, answer=ProposalOut, token=True,
           errors=(403, 409, 422), tag="governance")
def record_position(proposal_id: int, data: PositionIn):
    """Someone who attended the Gathering records their position there (a second replaces the first)."""
    row = get_or_404(Proposal, proposal_id, "proposal")
    where = _gathering_named(data.gathering)
    perform(proposals.record_position, caller(), row, where, data.position, data.reason)
    return proposal_detail(row)


@operation("/rules", query=DayQuery, answer=RulesOn, errors=(422,), tag="governance")
def rules_in_force(query: DayQuery):
    """The rules in force on a day (today by default), since when and by which proposal."""
    day = query.on or clock.today()
    return RulesOn(on=iso(day), **version(rulebook.version_on(day)))


@operation("/rules/history", query=Paging, answer=Page[RuleVersion], errors=(422,), tag="governance")
def rules_history(query: Paging):
    """Every version of the rules, newest first."""
    return paged_list(rulebook.history(), query, version)


def netcom_issue(issue) -> NetcomIssue:
    return NetcomIssue(
        gathering=issue.gathering_id, title=issue.title, text=issue.text, html=markdown.render(issue.text),
        author=person_ref(issue.author), published_on=iso(issue.published_on),
        url=absolute_url("governance.netcom_issue", gathering_id=issue.gathering_id) if issue.published_on else None)


@operation("/netcom", query=Paging, answer=Page[NetcomIssue], errors=(422,), tag="governance")
def netcom_issues(query: Paging):
    """Every published NetCom issue, newest first."""
    return paged_list(netcom.published(), query, netcom_issue)


@operation("/gatherings/<int:gathering_id>/netcom", "PUT", body=NetcomIn, answer=NetcomIssue, token=True,
           errors=(409, 422), tag="governance")
def write_netcom(gathering_id: int, data: NetcomIn):
    """Write or revise the Gathering's NetCom issue (until it is published); `publish: true` publishes it, dated today."""
    row = get_or_404(Gathering, gathering_id, "Gathering")
    return netcom_issue(perform(netcom.write, caller(), row, data.title, data.text, data.publish))

"""Concerns (R15): anyone raises one; the group concerned reads and responds; its raiser
follows it through a private token. Nothing here is public."""

from __future__ import annotations

from ipn.extensions import db
from ipn.models import Concern, Group, Practitioner
from ipn.services import concern_course, concerns, groups
from ipn.services.errors import Invalid, NotAllowed
from ipn.views.actions import perform
from ipn.views.api import fetch, group_or_404, named, paged_list
from ipn.views.api.models import (
    ConcernAnswer,
    ConcernFollow,
    ConcernOut,
    ConcernReceived,
    ConcernResponseCreated,
    RaiseConcern,
    iso,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller
from ipn.views.limits import concern_limited

RECEIVED = ("Thank you. Your concern has been passed on privately to those who can answer for it. "
            "Keep the follow token: it is the only way to follow your concern.")


def _for_members(concern: Concern) -> ConcernOut:
    about = ({"practitioner": {"id": concern.about_practitioner_id,
                               "name": _name(concern.about_practitioner_id)}}
             if concern.about_practitioner_id else {"group": _slug(concern.about_group_id)})
    return ConcernOut(**{
        "id": concern.id,
        "state": concern.state,
        "raised_at": iso(concern.raised_at),
        "escalated_at": iso(concern.escalated_at),
        "about": about,
        "name": concern.name,
        "text": concern.text,
        "responses": [{"id": r.id, "text": r.text, "created_at": iso(r.created_at), "group": _slug(r.group_id),
                       "author": {"id": r.author_id, "name": _name(r.author_id)}} for r in concern.responses],
        "resolved_at": iso(concern.resolved_at),
        "outcome": _outcome(concern, for_members=True),
        "timeline": [{"at": iso(s.at), "kind": s.kind, "group": _slug(s.group_id),
                      "author": {"id": s.author_id, "name": _name(s.author_id)} if s.author_id else None}
                     for s in concern_course.timeline(concern)],
    })


def _outcome(concern: Concern, for_members: bool) -> dict | None:
    if concern.outcome_at is None:
        return None
    outcome = {"text": concern.outcome, "recorded_at": iso(concern.outcome_at)}
    if for_members:
        outcome |= {"group": _slug(concern.outcome_group_id),
                    "author": {"id": concern.outcome_by_id, "name": _name(concern.outcome_by_id)}}
    return outcome


def _for_raiser(concern: Concern) -> ConcernFollow:
    """What the person who raised it sees: its state and the responses, nothing of who."""
    return ConcernFollow(**{
        "state": concern.state,
        "raised_at": iso(concern.raised_at),
        "escalated_at": iso(concern.escalated_at),
        "text": concern.text,
        "responses": [{"text": r.text, "created_at": iso(r.created_at)} for r in concern.responses],
        "resolved_at": iso(concern.resolved_at),
        "outcome": _outcome(concern, for_members=False),
        "timeline": [{"at": iso(s.at), "kind": s.kind} for s in concern_course.timeline(concern)],
        # The same offers as the follow page's buttons (R15).
        **concern_course.offers(concern),
    })


def _name(practitioner_id: int) -> str:
    return fetch(Practitioner, practitioner_id).name


def _slug(group_id: int | None) -> str | None:
    group = db.session.get(Group, group_id) if group_id else None
    return group.slug if group else None


@operation("/concerns", "POST", body=RaiseConcern, answer=ConcernReceived, status=201, errors=(409, 422, 429),
           tag="concerns", outer=(concern_limited,))
def raise_concern(data: RaiseConcern):
    """Anyone raises a concern about a practitioner or a group.

    Give about_practitioner_id or about_group, not both. The answer says nothing of which groups it reached."""
    person_id, slug = data.about_practitioner_id, data.about_group
    if (person_id is None) == (not slug):
        raise Invalid("Say whom the concern is about: about_practitioner_id or about_group, not both.",
                      {"about_practitioner_id": ["Give this or about_group."],
                       "about_group": ["Give this or about_practitioner_id."]}, code="about_whom")
    person = group = None
    if person_id is not None:
        person = named(fetch(Practitioner, person_id), "about_practitioner_id", "There is no such practitioner.")
    else:
        group = named(groups.by_slug(slug), "about_group", "There is no group with that slug.",
                      "There is no such group.")
    concern, token = perform(concerns.raise_concern, person, group, data.name, data.email, data.text)
    return ConcernReceived(state="received", message=RECEIVED, follow_token=token)


@operation("/groups/<slug>/concerns", query=Paging, answer=Page[ConcernOut], token=True, errors=(403, 422),
           tag="concerns")
def group_concerns(slug: str, query: Paging):
    """The group's concerns, for its members; escalated ones also for its link groups' members."""
    group = group_or_404(slug)
    perform(concerns.escalate_due)
    return paged_list(concerns.concerns_for_group(caller(), group), query, _for_members)


def _concern_and_group(concern_id: int, data: ConcernAnswer, refusal: str) -> tuple[Concern, Group | None]:
    """The concern an answer is about, the answer's text and the group it is given for, if named.
    An unknown id is refused like someone else's concern, so ids tell nothing about concerns."""
    concern = fetch(Concern, concern_id)
    if concern is None:
        raise NotAllowed(refusal)
    group = (named(groups.by_slug(data.group), "group", "There is no group with that slug.", "There is no such group.")
             if data.group else None)
    return concern, group


@operation("/concerns/<int:concern_id>/responses", "POST", body=ConcernAnswer, answer=ConcernResponseCreated,
           status=201, token=True, errors=(403, 409, 422), tag="concerns")
def respond(concern_id: int, data: ConcernAnswer):
    """A member of the group concerned records the group's response (an unknown id is a 403)."""
    concern, group = _concern_and_group(
        concern_id, data, "Only members of the group concerned can respond to this concern.")
    response = perform(concerns.respond, caller(), concern, data.text, group)
    return ConcernResponseCreated(id=response.id, concern_id=concern.id, state=concern.state,
                                  created_at=iso(response.created_at))


@operation("/concerns/follow/<token>", answer=ConcernFollow, tag="concerns")
def follow(token: str):
    """The person who raised a concern follows it with its private token."""
    concern = concerns.concern_for_token(token)
    perform(concerns.escalate_due)  # as the follow page does: the same state on both
    return _for_raiser(concern)


@operation("/concerns/follow/<token>/unresolved", "POST", answer=ConcernFollow, errors=(409,), tag="concerns")
def unresolved(token: str):
    """The person who raised it says it is unresolved: it is escalated to the link groups."""
    concern = concerns.concern_for_token(token)
    perform(concerns.mark_unresolved, concern)
    return _for_raiser(concern)


@operation("/concerns/follow/<token>/resolved", "POST", answer=ConcernFollow, errors=(409,), tag="concerns")
def resolved(token: str):
    """The person who raised it says it is resolved; the group concerned then records the outcome."""
    concern = concerns.concern_for_token(token)
    perform(concern_course.say_resolved, concern)
    return _for_raiser(concern)


@operation("/concerns/<int:concern_id>/outcome", "POST", body=ConcernAnswer, answer=ConcernOut, token=True,
           errors=(403, 409, 422), tag="concerns")
def outcome(concern_id: int, data: ConcernAnswer):
    """A member of the group concerned records the outcome, which closes the concern; the raiser is emailed."""
    concern, group = _concern_and_group(
        concern_id, data, "Only members of the group concerned can record the outcome of this concern.")
    if group is None:
        own = [g for g in concerns.groups_reached(concern) if concern_course.may_record_outcome(caller(), concern, g)]
        if not own:
            raise NotAllowed("Only members of the group concerned can record the outcome of this concern.")
        group = own[0]
    perform(concern_course.record_outcome, caller(), concern, group, data.text)
    return _for_members(concern)

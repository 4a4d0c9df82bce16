"""Concerns (R15): anyone raises one; the group concerned reads and responds; its raiser
follows it through a private token. Nothing here is public."""

from __future__ import annotations

from ipn.extensions import db
from ipn.models import Concern, Group, Practitioner
from ipn.services import concern_course, concerns, groups
from ipn.services.errors import Invalid, NotAllowed
from ipn.views.actions import perform
from ipn.views.api import (
    body,
    bp,
    fetch,
    group_or_404,
    id_field,
    iso,
    paged_list,
    text_field,
    text_fields,
)
from ipn.views.bearer import caller, token_required
from ipn.views.limits import concern_limited

RECEIVED = ("Thank you. Your concern has been passed on privately to those who can answer for it. "
            "Keep the follow token: it is the only way to follow your concern.")


def _for_members(concern: Concern) -> dict:
    about = ({"practitioner": {"id": concern.about_practitioner_id,
                               "name": _name(concern.about_practitioner_id)}}
             if concern.about_practitioner_id else {"group": _slug(concern.about_group_id)})
    return {
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
    }


def _outcome(concern: Concern, for_members: bool) -> dict | None:
    if concern.outcome_at is None:
        return None
    outcome = {"text": concern.outcome, "recorded_at": iso(concern.outcome_at)}
    if for_members:
        outcome |= {"group": _slug(concern.outcome_group_id),
                    "author": {"id": concern.outcome_by_id, "name": _name(concern.outcome_by_id)}}
    return outcome


def _for_raiser(concern: Concern) -> dict:
    """What the person who raised it sees: its state and the responses, nothing of who."""
    return {
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
    }


def _name(practitioner_id: int) -> str:
    return fetch(Practitioner, practitioner_id).name


def _slug(group_id: int | None) -> str | None:
    group = db.session.get(Group, group_id) if group_id else None
    return group.slug if group else None


@bp.post("/concerns")
@concern_limited
def raise_concern():
    """Anyone raises a concern about a practitioner or a group. The answer says nothing of
    which groups it reached."""
    data = body()
    person_id = id_field(data, "about_practitioner_id", required=False)
    slug = text_field(data, "about_group", required=False, max_length=1000)
    if (person_id is None) == (not slug):
        raise Invalid("Say whom the concern is about: about_practitioner_id or about_group, not both.",
                      {"about_practitioner_id": ["Give this or about_group."],
                       "about_group": ["Give this or about_practitioner_id."]})
    person = group = None
    if person_id is not None:
        person = fetch(Practitioner, person_id)
        if person is None:
            raise Invalid("There is no such practitioner.", {"about_practitioner_id": ["There is no such practitioner."]})
    else:
        group = groups.by_slug(slug)
        if group is None:
            raise Invalid("There is no such group.", {"about_group": ["There is no group with that slug."]})
    values = text_fields(data, {}, {"name": 1000, "email": 1000, "text": 100_000})
    concern, token = perform(concerns.raise_concern, person, group, values["name"], values["email"], values["text"])
    return {"state": "received", "message": RECEIVED, "follow_token": token}, 201


@bp.get("/groups/<slug>/concerns")
@token_required
def group_concerns(slug: str):
    """The group's concerns, for its members; escalated ones also for its link groups' members."""
    group = group_or_404(slug)
    perform(concerns.escalate_due)
    return paged_list(concerns.concerns_for_group(caller(), group), _for_members)


def _concern_text_and_group(concern_id: int, refusal: str) -> tuple[Concern, str, Group | None]:
    """The concern an answer is about, the answer's text and the group it is given for, if named.
    An unknown id is refused like someone else's concern, so ids tell nothing about concerns."""
    concern = fetch(Concern, concern_id)
    if concern is None:
        raise NotAllowed(refusal)
    data = body()
    text = text_field(data, "text")
    slug = text_field(data, "group", required=False, max_length=1000)
    group = groups.by_slug(slug) if slug else None
    if slug and group is None:
        raise Invalid("There is no such group.", {"group": ["There is no group with that slug."]})
    return concern, text, group


@bp.post("/concerns/<int:concern_id>/responses")
@token_required
def respond(concern_id: int):
    """A member of the group concerned records the group's response."""
    concern, text, group = _concern_text_and_group(
        concern_id, "Only members of the group concerned can respond to this concern.")
    response = perform(concerns.respond, caller(), concern, text, group)
    return {"id": response.id, "concern_id": concern.id, "state": concern.state,
            "created_at": iso(response.created_at)}, 201


@bp.get("/concerns/follow/<token>")
def follow(token: str):
    """The person who raised a concern follows it with its private token."""
    concern = concerns.concern_for_token(token)
    perform(concerns.escalate_due)  # as the follow page does: the same state on both
    return _for_raiser(concern)


@bp.post("/concerns/follow/<token>/unresolved")
def unresolved(token: str):
    """The person who raised it says it is unresolved: it is escalated to the link groups."""
    concern = concerns.concern_for_token(token)
    perform(concerns.mark_unresolved, concern)
    return _for_raiser(concern)


@bp.post("/concerns/follow/<token>/resolved")
def resolved(token: str):
    """The person who raised it says it is resolved; the group concerned then records the outcome."""
    concern = concerns.concern_for_token(token)
    perform(concern_course.say_resolved, concern)
    return _for_raiser(concern)


@bp.post("/concerns/<int:concern_id>/outcome")
@token_required
def outcome(concern_id: int):
    """A member of the group concerned records the outcome, which closes the concern."""
    concern, text, group = _concern_text_and_group(
        concern_id, "Only members of the group concerned can record the outcome of this concern.")
    if group is None:
        own = [g for g in concerns.groups_reached(concern) if concern_course.may_record_outcome(caller(), concern, g)]
        if not own:
            raise NotAllowed("Only members of the group concerned can record the outcome of this concern.")
        group = own[0]
    perform(concern_course.record_outcome, caller(), concern, group, text)
    return _for_members(concern), 200

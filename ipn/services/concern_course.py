"""A concern's whole course (R15), after it is raised and answered (ipn.services.concerns):
its raiser may say it is resolved, the group concerned records its outcome (which closes it
and is told to the raiser), and its timeline (raised, responses, escalation, resolution,
outcome) is shown to those who may read it. Leaving or dissolving closes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ipn import clock
from ipn.extensions import db
from ipn.models import Concern, Group, Place, Practitioner
from ipn.services import events, outbox
from ipn.services.concerns import _is_member, groups_reached, unresolved_offered
from ipn.services.errors import Conflict, Invalid, NotAllowed
from ipn.services.groups import member_ids
from ipn.states import ConcernState

MAX_OUTCOME = 10_000


def resolved_offered(concern: Concern) -> bool:
    """Whether its raiser may say "this is resolved": once there is a response, while it is not
    closed and they have not said so already."""
    return concern.state != ConcernState.CLOSED and concern.resolved_at is None and bool(concern.responses)


def offers(concern: Concern) -> dict[str, bool]:
    """What the raiser is offered, the same on the follow page and in the API."""
    return {"can_say_unresolved": unresolved_offered(concern), "can_say_resolved": resolved_offered(concern)}


def say_resolved(concern: Concern) -> Concern:
    """The person who raised it says it is resolved; the group concerned is told."""
    if concern.state == ConcernState.CLOSED:
        raise Conflict("This concern is closed.")
    if concern.resolved_at is not None:
        raise Conflict("You have already said this concern is resolved.", code="already_resolved")
    if not concern.responses:
        raise Conflict("There is no response to judge yet.", code="not_yet")
    concern.resolved_at = clock.now()
    for group in groups_reached(concern):
        events.record("concern_resolved", group=group, concern_id=concern.id)
        events.notify(member_ids(group), f"The person who raised a concern with {group.name} says it is resolved. "
                                         "Record its outcome to close it.", Place.CONCERNS, group)
    db.session.flush()
    return concern


def may_record_outcome(actor: Practitioner, concern: Concern, group: Group) -> bool:
    return (concern.state != ConcernState.CLOSED and _is_member(group, actor)
            and any(g.id == group.id for g in groups_reached(concern)))


def record_outcome(actor: Practitioner, concern: Concern, group: Group, text: str) -> Concern:
    """A member of the group concerned records how the concern ended; this closes it, and the
    person who raised it is told (R15), also when the practitioner it is about has left."""
    if concern.state == ConcernState.CLOSED:
        raise Conflict("This concern is closed.")
    if not may_record_outcome(actor, concern, group):
        raise NotAllowed("Only members of the group concerned can record the outcome of this concern.")
    text = (text or "").strip()
    if not text:
        raise Invalid("Write the outcome first.", {"text": ["Say how the concern was resolved or ended."]})
    if len(text) > MAX_OUTCOME:
        raise Invalid("That outcome is too long.", {"text": [f"Keep the outcome to {MAX_OUTCOME:,} characters."]})
    concern.state, concern.outcome, concern.outcome_at = ConcernState.CLOSED, text, clock.now()
    concern.outcome_by_id, concern.outcome_group_id = actor.id, group.id
    db.session.flush()
    events.record("concern_closed", actor, group, concern_id=concern.id)
    events.notify(member_ids(group), f"{actor.name} recorded the outcome of a concern raised with {group.name}.",
                  Place.CONCERNS, group, skip=actor.id)
    outbox.enqueue("concern_outcome", address=concern.email, concern_id=concern.id)
    return concern


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    kind: str  # raised, response, escalated, resolved, outcome
    text: str | None = None
    group_id: int | None = None
    author_id: int | None = None


def timeline(concern: Concern) -> list[Step]:
    """Everything that happened to the concern, oldest first. Who answered (author, group) is
    for the pages of those in the groups; the raiser's page leaves it out."""
    steps = [Step(concern.raised_at, "raised", concern.text)]
    steps += [Step(r.created_at, "response", r.text, r.group_id, r.author_id) for r in concern.responses]
    if concern.escalated_at:
        steps.append(Step(concern.escalated_at, "escalated"))
    if concern.resolved_at:
        steps.append(Step(concern.resolved_at, "resolved"))
    if concern.outcome_at:
        steps.append(Step(concern.outcome_at, "outcome", concern.outcome, concern.outcome_group_id,
                          concern.outcome_by_id))
    return sorted(steps, key=lambda s: s.at)

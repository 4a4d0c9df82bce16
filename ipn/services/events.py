"""Appending to the event log, and telling people what needs them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ipn.extensions import db
from ipn.models import Event, Group, Notification, Place, Practitioner


def record(kind: str, actor: Practitioner | None = None, group: Group | None = None, **data: Any) -> Event:
    """Append an event (who, when, what, on which group); returns it with its id."""
    event = Event(kind=kind, actor_id=actor.id if actor else None, group_id=group.id if group else None,
                  data=data)
    db.session.add(event)
    db.session.flush()
    return event


def notify(practitioner_ids: Iterable[int], text: str, place: Place = Place.ME, group: Group | None = None,
           skip: int | None = None) -> None:
    """An in-app notification for each person, leading to `place` (of `group`, for a group's
    page). Email, once it exists, goes from here too."""
    for pid in sorted(set(practitioner_ids)):
        if pid != skip:
            db.session.add(Notification(practitioner_id=pid, text=text, place=place,
                                        group_id=group.id if group else None))

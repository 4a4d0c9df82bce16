"""A practitioner's notifications in the registry: how many are unread, marking them read."""

from __future__ import annotations

from sqlalchemy import func, select, update

from ipn import clock
from ipn.extensions import db
from ipn.models import Notification, Practitioner
from ipn.models.base import row_id_in_range
from ipn.services.errors import NotFound


def unread_count(person: Practitioner) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.practitioner_id == person.id, Notification.read_at.is_(None))) or 0


def latest(person: Practitioner, limit: int = 50) -> list[Notification]:
    """The person's notifications, newest first."""
    return list(db.session.scalars(select(Notification).where(Notification.practitioner_id == person.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(person: Practitioner, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications as read, or all of them; returns how many."""
    query = update(Notification).where(Notification.practitioner_id == person.id, Notification.read_at.is_(None))
    if notification_id is not None:
        if not row_id_in_range(notification_id) or db.session.scalar(select(Notification.id).where(
                Notification.id == notification_id, Notification.practitioner_id == person.id)) is None:
            raise NotFound("There is no such notification for you.")
        query = query.where(Notification.id == notification_id)
    return db.session.execute(query.values(read_at=clock.now())).rowcount


def newest_first(person: Practitioner):
    """All the person's notifications, newest first, as a query (for paged lists)."""
    return (select(Notification).where(Notification.practitioner_id == person.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))

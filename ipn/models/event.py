"""The append-only event log, the public status timeline, and notifications."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk

if TYPE_CHECKING:
    from ipn.models.group import Group
    from ipn.models.practitioner import Practitioner


class Event(Base):
    """Every action: who, when, what, on which group. Never updated or deleted."""

    __tablename__ = "events"

    id: Mapped[intpk]
    at: Mapped[created_at]
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"), index=True)
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[Optional[Practitioner]] = relationship()
    group: Mapped[Optional[Group]] = relationship()


class StatusChange(Base):
    """A change of a group's derived status, with its cause: the public timeline.

    `effective_at` is when the status took effect: the moment a fact was recorded, or the
    start of the day after a validation's last day. History questions read these rows."""

    __tablename__ = "status_changes"

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    previous: Mapped[Optional[str]] = mapped_column(String(20))
    effective_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), index=True)
    effective_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[created_at]
    cause: Mapped[str] = mapped_column(Text)
    event_id: Mapped[Optional[int]] = mapped_column(ForeignKey("events.id"))

    group: Mapped[Group] = relationship()


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"))
    created_at: Mapped[created_at]
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    read_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

"""The append-only event log, the public status timeline, and notifications."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.states import allowed

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


class Place(StrEnum):
    """Where in the registry a notification leads: a page of its group, or one's own page.
    The pages turn it into an address; what is stored names no URL."""

    ME = "me"                # What needs me
    GROUP = "group"          # the group's public page
    WORKSPACE = "workspace"  # the group's workspace
    STATEMENT = "statement"  # the group's statement page
    LINKS = "links"          # the group's links and visits
    CONCERNS = "concerns"    # the concerns raised with the group
    RULES = "rules"          # the network's rules in force and their history
    PRACTICE = "practice"    # one's practice records and pathways


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (CheckConstraint(allowed("place", Place), name="place_known"),)

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"))
    created_at: Mapped[created_at]
    text: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(20), default=Place.ME, server_default=Place.ME.value)
    read_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    group: Mapped[Optional[Group]] = relationship()

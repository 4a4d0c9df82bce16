"""A group's meetings, the rounds it ran in them, and its own copies of the meeting formats
(SPEC R18). Private to the group: no page or answer for the public reads these tables, except
the rhythm (how often, and the month last met) that a group chooses to show.

Confidentiality by design: a round records its format, who presented and which phases ran;
there is no column for what was brought. A case is only "a case brought by <member>"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import Base, created_at, intpk

if TYPE_CHECKING:
    from ipn.models.group import Group
    from ipn.models.link import Visit
    from ipn.models.practitioner import Practitioner


meeting_attendees = Table(
    "meeting_attendees",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id"), primary_key=True),
    Column("practitioner_id", ForeignKey("practitioners.id"), primary_key=True),
)


class Meeting(Base):
    """One meeting of a group: when, in person or online, who of the group came, its agenda and
    notes (for the group itself), and the date agreed for the next one. A link group that joined
    it is named here; its visit, once a visitor records it (R10), is linked from it."""

    __tablename__ = "meetings"

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    online: Mapped[bool] = mapped_column(default=False, server_default=false())
    agenda: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    next_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    visiting_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"), index=True)
    visit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("visits.id"), unique=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    recorded_at: Mapped[created_at]

    group: Mapped[Group] = relationship(foreign_keys=[group_id])
    visiting_group: Mapped[Optional[Group]] = relationship(foreign_keys=[visiting_group_id])
    visit: Mapped[Optional[Visit]] = relationship()
    attendees: Mapped[list[Practitioner]] = relationship(secondary=meeting_attendees,
                                                         order_by="Practitioner.name")
    rounds: Mapped[list[Round]] = relationship(back_populates="meeting", order_by="Round.id")
    recorded_by: Mapped[Practitioner] = relationship(foreign_keys=[recorded_by_id])


class Round(Base):
    """A round run in a meeting: the format (its slug and name as they were), who presented,
    and the names of the phases that ran, in order. Nothing of what was brought."""

    __tablename__ = "rounds"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    format_slug: Mapped[str] = mapped_column(String(80))
    format_name: Mapped[str] = mapped_column(String(120))
    presenter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    phases: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    recorded_at: Mapped[created_at]

    meeting: Mapped[Meeting] = relationship(back_populates="rounds")
    presenter: Mapped[Optional[Practitioner]] = relationship(foreign_keys=[presenter_id])


class GroupFormat(Base):
    """A group's own copy of a format, with its lengths, phases and texts changed as it likes.
    `phases` holds dicts {name, minutes, speaks, rule}; `ground_rules` a list of sentences."""

    __tablename__ = "group_formats"
    __table_args__ = (UniqueConstraint("group_id", "slug"),)

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    based_on: Mapped[str] = mapped_column(String(80), default="", server_default="")
    name: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    ground_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    phases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[created_at]

"""Gatherings of the network, thrice yearly: who came, and each one's NetCom newsletter issue."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk

if TYPE_CHECKING:
    from ipn.models.practitioner import Practitioner


class Gathering(Base):
    __tablename__ = "gatherings"

    id: Mapped[intpk]
    date: Mapped[dt.date] = mapped_column(Date, unique=True)
    place: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A newsletter published elsewhere; an issue written in the registry is a NetcomIssue.
    netcom_url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    announced_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    announced_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    announced_by: Mapped[Optional[Practitioner]] = relationship()
    attendances: Mapped[list[Attendance]] = relationship(back_populates="gathering")


class Attendance(Base):
    """A participant's word about one Gathering: before its day that they will attend, on or
    after it that they attended (only then do they take part in its decisions)."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("gathering_id", "practitioner_id"),)

    id: Mapped[intpk]
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    attended: Mapped[bool] = mapped_column(default=False, server_default=false())
    recorded_at: Mapped[created_at]

    gathering: Mapped[Gathering] = relationship(back_populates="attendances")
    practitioner: Mapped[Practitioner] = relationship()


class NetcomIssue(Base):
    """The NetCom newsletter issue of one Gathering, written in the registry (Markdown,
    rendered safely as statements are); public once published."""

    __tablename__ = "netcom_issues"

    id: Mapped[intpk]
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    created_at: Mapped[created_at]
    published_on: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)

    gathering: Mapped[Gathering] = relationship()
    author: Mapped[Practitioner] = relationship()

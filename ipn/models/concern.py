"""Concerns raised by anyone about a practitioner or a group. Never public."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.states import ConcernState, allowed


class Concern(Base):
    __tablename__ = "concerns"
    __table_args__ = (
        CheckConstraint(
            "(about_practitioner_id IS NULL) <> (about_group_id IS NULL)", name="about_one"
        ),
        CheckConstraint(allowed("state", ConcernState), name="state_known"),
    )

    id: Mapped[intpk]
    about_practitioner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    about_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=ConcernState.OPEN,
                                       server_default=ConcernState.OPEN.value)
    raised_at: Mapped[created_at]
    escalated_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    # The person who raised it says it is resolved; the group records the outcome (which closes it).
    resolved_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    outcome: Mapped[Optional[str]] = mapped_column(Text)
    outcome_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    outcome_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    outcome_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("groups.id"))
    # The person who raised it follows it with a private link; only the hash is kept.
    follow_token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    groups: Mapped[list[ConcernGroup]] = relationship(back_populates="concern")
    responses: Mapped[list[ConcernResponse]] = relationship(
        back_populates="concern", order_by="ConcernResponse.created_at"
    )


class ConcernGroup(Base):
    """A group that a concern reached when it was raised."""

    __tablename__ = "concern_groups"
    __table_args__ = (UniqueConstraint("concern_id", "group_id"),)

    id: Mapped[intpk]
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)

    concern: Mapped[Concern] = relationship(back_populates="groups")


class ConcernResponse(Base):
    __tablename__ = "concern_responses"

    id: Mapped[intpk]
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]

    concern: Mapped[Concern] = relationship(back_populates="responses")

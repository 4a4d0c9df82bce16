"""Ethical statements: drafts, endorsements, and published versions kept forever."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.states import StatementState, allowed

if TYPE_CHECKING:
    from ipn.models.group import Group, Membership
    from ipn.models.practitioner import Practitioner


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (
        CheckConstraint(allowed("state", StatementState), name="state_known"),
        # A group works on one draft at a time, and has one current statement.
        Index(
            "uq_statements_one_draft",
            "group_id",
            unique=True,
            sqlite_where=text(f"state = '{StatementState.DRAFT}'"),
            postgresql_where=text(f"state = '{StatementState.DRAFT}'"),
        ),
        Index(
            "uq_statements_one_current",
            "group_id",
            unique=True,
            sqlite_where=text(f"state = '{StatementState.PUBLISHED}'"),
            postgresql_where=text(f"state = '{StatementState.PUBLISHED}'"),
        ),
    )

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=StatementState.DRAFT,
                                       server_default=StatementState.DRAFT.value)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[created_at]
    # Which version of the draft: every edit adds one, so an endorsement names what it endorses.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    # Indexed: the home page lists the latest published, newest first, at any network size.
    published_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime(), index=True)
    superseded_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    group: Mapped[Group] = relationship()
    created_by: Mapped[Practitioner] = relationship()
    endorsements: Mapped[list[Endorsement]] = relationship(
        back_populates="statement", cascade="all, delete-orphan"
    )


class Endorsement(Base):
    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("statement_id", "membership_id"),)

    id: Mapped[intpk]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    created_at: Mapped[created_at]

    statement: Mapped[Statement] = relationship(back_populates="endorsements")
    membership: Mapped[Membership] = relationship()

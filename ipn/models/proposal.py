"""Proposals to change the network's rules, the positions taken on them at Gatherings, and
the rule versions in force by date (SPEC R16). A proposal's state is derived, never stored:
see ipn.governance_rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk

if TYPE_CHECKING:
    from ipn.models.gathering import Gathering
    from ipn.models.practitioner import Practitioner


class Proposal(Base):
    __tablename__ = "proposals"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # {rule name: new value}, rule names those of ipn.rules.Settings.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Judged immediately necessary: in force on consensus at one Gathering.
    immediate: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The Gathering where it was presented; later Gatherings may ratify it.
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    created_at: Mapped[created_at]

    gathering: Mapped[Gathering] = relationship()
    author: Mapped[Practitioner] = relationship()
    positions: Mapped[list[Position]] = relationship(back_populates="proposal")


class Position(Base):
    """Someone who attended a Gathering says where they stand on a proposal there. A second
    position by the same person at the same Gathering replaces the first."""

    __tablename__ = "positions"
    __table_args__ = (
        UniqueConstraint("proposal_id", "gathering_id", "practitioner_id"),
        CheckConstraint("position IN ('agree', 'stand_aside', 'block')", name="position_known"),
        CheckConstraint("position <> 'block' OR length(reason) > 0", name="block_has_reason"),
    )

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    position: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())

    proposal: Mapped[Proposal] = relationship(back_populates="positions")
    gathering: Mapped[Gathering] = relationship()
    practitioner: Mapped[Practitioner] = relationship()


class RuleVersion(Base):
    """Every rule's value from a day on: the founding rules (from configuration, once) or what
    a ratified proposal put in force. `applied_at` is when the network was re-evaluated under
    it (None while that is still to do)."""

    __tablename__ = "rule_versions"
    __table_args__ = (
        # At most one founding version: the one row with no proposal.
        UniqueConstraint("founding"),
    )

    id: Mapped[intpk]
    in_force_since: Mapped[dt.date] = mapped_column(Date, index=True)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("proposals.id"), unique=True)
    # True on the founding version, NULL otherwise (so the unique constraint allows one).
    founding: Mapped[Optional[bool]] = mapped_column()
    recorded_at: Mapped[created_at]
    applied_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    proposal: Mapped[Optional[Proposal]] = relationship()

"""Links between groups and the validation visits recorded on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.states import LIVE_LINK_STATES, LinkState, VisitOutcome, allowed

if TYPE_CHECKING:
    from ipn.models.group import Group
    from ipn.models.practitioner import Practitioner

def pair_key(a: int, b: int) -> str:
    """The same key for a pair of groups in either order; unique among live links."""
    low, high = sorted((a, b))
    return f"{low}-{high}"


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (
        CheckConstraint("group_id <> partner_id", name="not_itself"),
        CheckConstraint(allowed("state", LinkState), name="state_known"),
        # live_key is set exactly while the link is live: its uniqueness is the rule
        # "at most one live link per pair of groups, in either order".
        CheckConstraint(f"({allowed('state', LIVE_LINK_STATES)}) = (live_key IS NOT NULL)",
                        name="live_key_when_live"),
    )

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)  # proposer
    partner_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=LinkState.PROPOSED,
                                       server_default=LinkState.PROPOSED.value)
    live_key: Mapped[Optional[str]] = mapped_column(String(40), unique=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    proposed_at: Mapped[created_at]
    answered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    answered_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    ended_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"))
    ended_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    end_reason: Mapped[Optional[str]] = mapped_column(Text)

    group: Mapped[Group] = relationship(foreign_keys=[group_id])
    partner: Mapped[Group] = relationship(foreign_keys=[partner_id])
    proposed_by: Mapped[Practitioner] = relationship(foreign_keys=[proposed_by_id])
    visits: Mapped[list[Visit]] = relationship(back_populates="link", order_by="Visit.date")

    def other(self, group_id: int) -> int:
        return self.partner_id if group_id == self.group_id else self.group_id


visit_visitors = Table(
    "visit_visitors",
    Base.metadata,
    Column("visit_id", ForeignKey("visits.id"), primary_key=True),
    Column("practitioner_id", ForeignKey("practitioners.id"), primary_key=True),
)


class Visit(Base):
    """A visit or joint meeting; its outcome is for the visited group."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint(allowed("outcome", VisitOutcome), name="outcome_known"),
        CheckConstraint("visiting_group_id <> visited_group_id", name="two_groups"),
    )

    id: Mapped[intpk]
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id"), index=True)
    visiting_group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    visited_group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    # Private to the two groups.
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    recorded_at: Mapped[created_at]

    link: Mapped[Link] = relationship(back_populates="visits")
    visiting_group: Mapped[Group] = relationship(foreign_keys=[visiting_group_id])
    visited_group: Mapped[Group] = relationship(foreign_keys=[visited_group_id])
    visitors: Mapped[list[Practitioner]] = relationship(secondary=visit_visitors)
    recorded_by: Mapped[Practitioner] = relationship(foreign_keys=[recorded_by_id])

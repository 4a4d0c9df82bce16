"""Practice records (SPEC R19): experience a practitioner records and a peer attests. Never a
client: a kind, dates, hours or sessions, who attests it and a short note. Private to the
practitioner and their attester; a completed pathway is public only when its holder shows it."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.models.practitioner import Practitioner
from ipn.states import PracticeKind, PracticeState, allowed

MAX_NOTE = 500


class PracticeRecord(Base):
    __tablename__ = "practice_records"
    __table_args__ = (
        CheckConstraint(allowed("kind", PracticeKind), name="kind_known"),
        CheckConstraint(allowed("state", PracticeState), name="state_known"),
        CheckConstraint("minutes >= 0 AND sessions >= 0", name="amounts_not_negative"),
        CheckConstraint(f"kind = '{PracticeKind.PRIOR_ACCREDITATION}' OR minutes > 0 OR sessions > 0",
                        name="some_practice"),
        CheckConstraint("ended >= started", name="ends_after_start"),
        CheckConstraint("attester_id <> practitioner_id", name="not_self_attested"),
        CheckConstraint(f"(kind = '{PracticeKind.PRIOR_ACCREDITATION}') = (pathway IS NOT NULL)",
                        name="prior_names_pathway"),
        CheckConstraint(f"(state = '{PracticeState.AWAITING}') = (answered_at IS NULL)", name="answered_when"),
        CheckConstraint(f"(state = '{PracticeState.WITHDRAWN}') = (withdrawn_at IS NOT NULL)",
                        name="withdrawn_when"),
    )

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    started: Mapped[dt.date] = mapped_column(Date)
    ended: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sessions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    attester_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    # A prior accreditation names the pathway (slug) it recognises.
    pathway: Mapped[Optional[str]] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(String(MAX_NOTE), default="", server_default="")
    state: Mapped[str] = mapped_column(String(20), default=PracticeState.AWAITING,
                                       server_default=PracticeState.AWAITING.value)
    created_at: Mapped[created_at]
    answered_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    withdrawn_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    practitioner: Mapped[Practitioner] = relationship(foreign_keys=[practitioner_id])
    attester: Mapped[Practitioner] = relationship(foreign_keys=[attester_id])


class ShownPathway(Base):
    """A practitioner's choice to show a completed pathway on their public page."""

    __tablename__ = "shown_pathways"
    __table_args__ = (UniqueConstraint("practitioner_id", "pathway"),)

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[created_at]

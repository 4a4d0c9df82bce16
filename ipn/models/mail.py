"""Email: the durable outbox, the single-use tokens that links in messages carry, and the
record of which day's time-based jobs have run."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipn.models.base import AwareDateTime, Base, created_at, intpk

OUTBOX_STATES = ("queued", "sending", "sent", "dropped")
TOKEN_PURPOSES = ("confirm", "reset", "email_change")


class OutboxMessage(Base):
    """A message to send, written in the same transaction as the action that causes it.

    It holds ids and tokens, never rendered text: the mail layer renders it at send time. Raw
    tokens in `params` are blanked once the message is sent. `dedupe_key`, when set, makes a
    message one of a kind (a lapse reminder goes once)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'sending', 'sent', 'dropped')", name="state_known"),
        CheckConstraint("(practitioner_id IS NULL) <> (address IS NULL)", name="one_recipient"),
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(40))
    practitioner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("practitioners.id"), index=True)
    address: Mapped[Optional[str]] = mapped_column(String(254))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued", server_default="queued")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[created_at]
    next_attempt_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    claimed_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    sent_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(200), unique=True)


class AccountToken(Base):
    """A single-use token sent by email: confirm an address, reset a password, confirm a new
    address. Only its SHA-256 is stored; it expires and is spent once used."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('confirm', 'reset', 'email_change')", name="purpose_known"),
    )

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[Optional[str]] = mapped_column(String(254))
    created_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    used_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())


class DailyRun(Base):
    """A day whose time-based jobs (lapses, escalation, reminders) have run: `ipn daily`, or
    the first request of the day. Its primary key makes two runs of one day impossible."""

    __tablename__ = "daily_runs"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    ran_at: Mapped[created_at]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

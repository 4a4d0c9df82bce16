"""Logged-in sessions: one row per login on a device, so that logging out ends that session
wherever its cookie is used, and a person can see and end their other sessions."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ipn.models.base import AwareDateTime, Base, intpk


class LoginSession(Base):
    """A login. The cookie carries a random key; only its SHA-256 is stored here."""

    __tablename__ = "login_sessions"

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Roughly what browser, from the User-Agent header, for the list of one's sessions.
    device: Mapped[str] = mapped_column(String(120), default="", server_default="")
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    ended_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

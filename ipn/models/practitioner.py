"""Practitioners (the network's participants) and their API tokens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk

if TYPE_CHECKING:
    from ipn.models.group import Membership


def normalise_email(email: str) -> str:
    """Emails are compared in any letter case; we store them lower-cased."""
    return email.strip().lower()


class Practitioner(UserMixin, Base):
    __tablename__ = "practitioners"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(80), default="", server_default="")
    practice: Mapped[str] = mapped_column(Text, default="", server_default="")
    looking_for_group: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[created_at]
    # Confirmed by a link sent to the address; unconfirmed addresses receive nothing else.
    email_confirmed_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    # Which kinds of email one receives (concern messages to a raiser and account messages always go).
    mail_invitations: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_links: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_concerns: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_status: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_lapses: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_positions: Mapped[bool] = mapped_column(default=True, server_default=true())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="practitioner", foreign_keys="Membership.practitioner_id"
    )
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="practitioner")

    # The key of the login session this object was loaded for (ipn.services.login_sessions);
    # not a column. Flask-Login keeps get_id() in the session and remember-me cookies, so a
    # cookie names one login, which logging out ends.
    session_key = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}" if self.session_key else str(self.id)

    def __repr__(self) -> str:
        return f"<Practitioner {self.id} {self.name!r}>"


class ApiToken(Base):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_at: Mapped[created_at]
    last_used_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    revoked_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    # Set when the token is issued or renewed (API_TOKEN_DAYS); a token from before expiry
    # existed has none and expires API_TOKEN_DAYS after it was created.
    expires_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    practitioner: Mapped[Practitioner] = relationship(back_populates="tokens")

"""Gatherings of the network, thrice yearly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ipn.models.base import Base, intpk


class Gathering(Base):
    __tablename__ = "gatherings"

    id: Mapped[intpk]
    date: Mapped[dt.date] = mapped_column(Date, unique=True)
    place: Mapped[str] = mapped_column(String(200))
    netcom_url: Mapped[str] = mapped_column(String(300), default="", server_default="")

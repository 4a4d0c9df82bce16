"""Declarative base, naming convention and reusable column types."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The registry's now (ipn.clock.now: frozen in tests and while the demo tells its story),
    timezone-aware, computed at insert time (never at import)."""
    from ipn import clock

    return clock.now()


class AwareDateTime(TypeDecorator):
    """Stores UTC; returns aware datetimes on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an AwareDateTime column")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


intpk = Annotated[int, mapped_column(primary_key=True)]
# No row's id exceeds the database's integer (PostgreSQL's INTEGER): larger ids name nothing.
MAX_ROW_ID = 2**31 - 1


def row_id_in_range(ident: int | None) -> bool:
    return ident is not None and 0 < ident <= MAX_ROW_ID


created_at = Annotated[dt.datetime, mapped_column(AwareDateTime(), default=utcnow, nullable=False)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

"""The registry's notion of now and today. Dates are calendar days in the network's time
zone (SPEC R12). Tests may freeze time with the FROZEN_NOW setting (an aware datetime)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/London"


def network_timezone() -> ZoneInfo:
    name = current_app.config.get("NETWORK_TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def now() -> dt.datetime:
    if has_app_context():
        frozen = current_app.config.get("FROZEN_NOW")
        if frozen is not None:
            return frozen
    return dt.datetime.now(dt.timezone.utc)


def today() -> dt.date:
    return local_date(now())


def local_date(moment: dt.datetime, zone: ZoneInfo | None = None) -> dt.date:
    """The network's calendar day of an aware moment (`zone`: the network's, when a caller
    converts many moments at once)."""
    return moment.astimezone(zone or network_timezone()).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of a network calendar day, in UTC."""
    local = dt.datetime.combine(day, dt.time.min, tzinfo=network_timezone())
    return local.astimezone(dt.timezone.utc)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment of the next day: facts recorded before it count for `day`."""
    return start_of_day(day + dt.timedelta(days=1))


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: object) -> dt.date:
    """A calendar day written YYYY-MM-DD (the one form the pages, the API and URLs use);
    ValueError for anything else, a date that does not exist included."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError("not a YYYY-MM-DD date")
    return dt.date.fromisoformat(value)

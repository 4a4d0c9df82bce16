"""The validation rule (SPEC R10), once: whether a partner's latest visit validates a group
today, until when it counts, and the day it lapses. Everything that shows or uses a
validation (full membership, the workspace, the public pages, the map, the API) asks here."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Protocol

from ipn.rules.settings import Settings
from ipn.states import ValidationState, VisitOutcome


class DecidingVisit(Protocol):
    """The visit that decides (the latest by visit date; on the same date, the one recorded last)."""

    date: dt.date
    outcome: str


@dataclass(frozen=True)
class Validation:
    state: ValidationState
    visit_date: dt.date | None = None
    # The last day a validating visit counts, also once it has lapsed; None after concerns.
    valid_until: dt.date | None = None

    @property
    def counts(self) -> bool:
        return self.state is ValidationState.VALID

    @property
    def lapses_on(self) -> dt.date | None:
        """The day after the last day: the day the validation stops counting."""
        return self.valid_until + dt.timedelta(days=1) if self.valid_until else None


NO_VISIT = Validation(ValidationState.NONE)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validation_last_day(visit_date: dt.date, settings: Settings) -> dt.date:
    """A validation counts up to and including this day, and lapses the day after (R10)."""
    return _last_day(visit_date, settings.validation_months)


def validation(latest: DecidingVisit | None, today: dt.date, settings: Settings) -> Validation:
    """How a partner's latest visit to a group stands on `today` (R10)."""
    if latest is None:
        return NO_VISIT
    return _validation(latest.date, latest.outcome, today, settings.validation_months)


# Pure, and a network's visits fall on a few hundred days: each answer is worked out once.
@functools.lru_cache(maxsize=8192)
def _last_day(visit_date: dt.date, months: int) -> dt.date:
    return add_months(visit_date, months)


@functools.lru_cache(maxsize=8192)
def _validation(visit_date: dt.date, outcome: str, today: dt.date, months: int) -> Validation:
    if outcome != VisitOutcome.VALIDATED:
        return Validation(ValidationState.CONCERNS, visit_date)
    last_day = _last_day(visit_date, months)
    state = ValidationState.VALID if last_day >= today else ValidationState.LAPSED
    return Validation(state, visit_date, last_day)

"""How often a group meets, from the dates of its meetings (SPEC R18): the public evidence a
group may choose to show, "meets about every N weeks; last met in <month year>".

Pure: dates in, a Rhythm out. Only meetings up to today count. "About every N weeks" is the
median gap between the meetings of the twelve months up to the last one, in whole weeks: the
median, so that one long summer break or two meetings in a week do not set the rhythm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from ipn.rules.validation import add_months

WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Rhythm:
    every_weeks: int | None  # None with a single meeting in the window
    last_met: dt.date

    @property
    def last_month(self) -> str:
        """"YYYY-MM", the most that is public of any date."""
        return f"{self.last_met.year:04d}-{self.last_met.month:02d}"

    @property
    def words(self) -> str:
        month = self.last_met.strftime("%B %Y")
        if self.every_weeks is None:
            return f"Last met in {month}."
        weeks = "week" if self.every_weeks == 1 else f"{self.every_weeks} weeks"
        return f"Meets about every {weeks}; last met in {month}."

    def as_dict(self) -> dict:
        return {"every_weeks": self.every_weeks, "last_met": self.last_month}


def rhythm(dates: Iterable[dt.date], today: dt.date) -> Rhythm | None:
    """The rhythm of meetings on these dates, as of today; None when none has happened yet."""
    held = sorted({d for d in dates if d <= today})
    if not held:
        return None
    last = held[-1]
    start = add_months(last, -WINDOW_MONTHS)
    window = [d for d in held if d >= start]
    if len(window) < 2:
        return Rhythm(None, last)
    gaps = [(b - a).days for a, b in zip(window, window[1:])]
    return Rhythm(max(1, round(median(gaps) / 7)), last)

"""Pathways of other peer networks (SPEC R19): whether attested practice completes one, and when.

Pure: the services load the records and say who was accountable when; these functions answer
what the records amount to, requirement by requirement, on any day, and the days on which a
pathway was complete. A record counts from the day its attester confirmed it until the day they
withdrew it (never in the past). Where a requirement names a pathway its attester must hold
("training from a CCI member"), the attester must have held it on the day they attested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ipn.rules.facts import Criterion
from ipn.states import PracticeKind

Interval = tuple[dt.date, dt.date | None]  # complete from the first day, until the second (excluded)
Holdings = Mapping[str, Mapping[int, tuple[Interval, ...]]]  # pathway slug -> person -> intervals
Accountable = Callable[[int, dt.date], bool]  # was this practitioner accountable on that day?


@dataclass(frozen=True)
class Requirement:
    rule: str
    title: str
    kind: PracticeKind
    source: str
    hours: int | None = None
    sessions: int | None = None
    attested_by_pathway: str | None = None
    required: bool = True
    unit: str = "sessions"  # what `sessions` counts: "seminars", "course"


@dataclass(frozen=True)
class Pathway:
    slug: str
    version: int
    name: str
    holder: str  # "a Co-Counselling International member"
    source: str
    requirements: tuple[Requirement, ...]
    recognises_prior: bool = False

    @property
    def key(self) -> str:
        """The version a ratified proposal names: "cci-member@1"."""
        return f"{self.slug}@{self.version}"


@dataclass(frozen=True)
class Record:
    """An attested (or not yet attested) piece of practice, as the rules see it."""

    id: int
    person_id: int
    kind: PracticeKind
    minutes: int = 0
    sessions: int = 0
    attester_id: int | None = None  # None: a group's meeting record attests it
    attested_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    declined: bool = False
    pathway: str | None = None  # a prior accreditation names the pathway it recognises

    def counts_on(self, day: dt.date) -> bool:
        return (self.attested_on is not None and self.attested_on <= day
                and (self.withdrawn_on is None or day < self.withdrawn_on))

    @property
    def awaiting(self) -> bool:
        return self.attested_on is None and not self.declined


@dataclass(frozen=True)
class Progress:
    """One practitioner on one pathway: the criteria today and the days it was complete."""

    pathway: Pathway
    criteria: tuple[Criterion, ...]
    history: tuple[Interval, ...]
    today: dt.date

    @property
    def complete(self) -> bool:
        return bool(self.history) and self.history[-1][1] is None

    @property
    def completed_on(self) -> dt.date | None:
        """The day the present completion began; None when it is not complete today."""
        return self.history[-1][0] if self.complete else None


def holds(holdings: Holdings, slug: str, person_id: int | None, day: dt.date) -> bool:
    if person_id is None:
        return False
    return any(start <= day and (end is None or day < end)
               for start, end in holdings.get(slug, {}).get(person_id, ()))


def hours_text(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}" if hours == int(hours) else f"{hours:.1f}"


def _not_counted(record: Record, requirement: Requirement, pathways: Mapping[str, Pathway],
                 holdings: Holdings, names: Mapping[int, str]) -> str | None:
    """Why an attested record does not count for a requirement, or None when it does."""
    slug = requirement.attested_by_pathway
    if slug is None or holds(holdings, slug, record.attester_id, record.attested_on):
        return None
    holder = pathways[slug].holder if slug in pathways else slug
    if record.attester_id is None:
        return f"a meeting record cannot attest it: it takes {holder}"
    name = names.get(record.attester_id, "the attester")
    return f"attested by {name}, who was not {holder} on {record.attested_on:%-d %B %Y}"


def _amount(minutes: int, sessions: int, requirement: Requirement) -> tuple[bool, str]:
    parts, met = [], True
    if requirement.sessions is not None:
        met &= sessions >= requirement.sessions
        parts.append(f"{sessions} of {requirement.sessions} {requirement.unit}")
    if requirement.hours is not None:
        met &= minutes >= requirement.hours * 60
        hours = f"{hours_text(minutes)} of {requirement.hours} hours"
        parts.append(f"({hours})" if parts else hours)
    return met, " ".join(parts)


def requirement_criterion(requirement: Requirement, records: Iterable[Record], day: dt.date,
                          pathways: Mapping[str, Pathway], holdings: Holdings,
                          names: Mapping[int, str]) -> Criterion:
    """"96 of 120 hours, attested; 8 hours awaiting attestation"."""
    mine = [r for r in records if r.kind == requirement.kind]
    counted = [r for r in mine if r.counts_on(day)
               and _not_counted(r, requirement, pathways, holdings, names) is None]
    met, amount = _amount(sum(r.minutes for r in counted), sum(r.sessions for r in counted), requirement)
    detail = [f"{amount}, attested"]
    waiting = [r for r in mine if r.awaiting]
    if waiting:
        detail.append(f"{_quantity(waiting, requirement)} awaiting attestation")
    for record in mine:
        if record.counts_on(day):
            why = _not_counted(record, requirement, pathways, holdings, names)
            if why:
                detail.append(f"{_quantity([record], requirement)} do not count: {why}")
    if not requirement.required:
        detail.append("recommended, not required")
    return Criterion(requirement.rule, met, "; ".join(detail),
                     {"title": requirement.title, "required": requirement.required,
                      "counted": [r.id for r in counted]})


def _quantity(records: list[Record], requirement: Requirement) -> str:
    if requirement.hours is not None:
        return f"{hours_text(sum(r.minutes for r in records))} hours"
    return f"{sum(r.sessions for r in records)} {requirement.unit}"


def recognition(pathway: Pathway, records: Iterable[Record], day: dt.date, accountable: Accountable,
                names: Mapping[int, str]) -> Criterion | None:
    """A prior accreditation, attested by a practitioner accountable in the network that day."""
    if not pathway.recognises_prior:
        return None
    for record in records:
        if (record.kind == PracticeKind.PRIOR_ACCREDITATION and record.pathway == pathway.slug
                and record.counts_on(day) and record.attester_id is not None
                and accountable(record.attester_id, record.attested_on)):
            name = names.get(record.attester_id, "a practitioner")
            return Criterion("recognised", True,
                             f"recognised as {pathway.holder} from before these records, "
                             f"attested by {name} on {record.attested_on:%-d %B %Y}",
                             {"title": "Accredited before these records were kept", "required": False,
                              "counted": [record.id]})
    return None


def criteria_on(pathway: Pathway, records: Iterable[Record], day: dt.date, pathways: Mapping[str, Pathway],
                holdings: Holdings, accountable: Accountable,
                names: Mapping[int, str]) -> tuple[tuple[Criterion, ...], bool]:
    """Every requirement on `day`, and whether the pathway is complete then."""
    records = list(records)
    criteria = [requirement_criterion(r, records, day, pathways, holdings, names) for r in pathway.requirements]
    recognised = recognition(pathway, records, day, accountable, names)
    complete = recognised is not None or all(c.met for c, r in zip(criteria, pathway.requirements) if r.required)
    if recognised is not None:
        criteria.insert(0, recognised)
    return tuple(criteria), complete


def progress(pathway: Pathway, records: Iterable[Record], today: dt.date, pathways: Mapping[str, Pathway],
             holdings: Holdings, accountable: Accountable, names: Mapping[int, str]) -> Progress:
    """The criteria today and the history of completion: judged afresh on every day an
    attestation or a withdrawal happened, so a withdrawal undoes completion from its day only."""
    records = list(records)
    days = sorted({d for r in records for d in (r.attested_on, r.withdrawn_on) if d is not None and d <= today})
    history: list[Interval] = []
    for day in days:
        _, complete = criteria_on(pathway, records, day, pathways, holdings, accountable, names)
        if complete and (not history or history[-1][1] is not None):
            history.append((day, None))
        elif not complete and history and history[-1][1] is None:
            history[-1] = (history[-1][0], day)
    criteria, _ = criteria_on(pathway, records, today, pathways, holdings, accountable, names)
    return Progress(pathway, criteria, tuple(history), today)


def holdings_of(pathways: Mapping[str, Pathway], records: Iterable[Record], today: dt.date,
                accountable: Accountable) -> dict[str, dict[int, tuple[Interval, ...]]]:
    """Who held each pathway when. A requirement may need an attester who holds a pathway, and
    holding one is itself derived, so this settles them together: start from no one and repeat
    until nothing changes (each round can only add what earlier holders attested)."""
    by_person: dict[int, list[Record]] = {}
    for record in records:
        by_person.setdefault(record.person_id, []).append(record)
    held: dict[str, dict[int, tuple[Interval, ...]]] = {slug: {} for slug in pathways}
    for _ in range(len(by_person) + 2):
        settled: dict[str, dict[int, tuple[Interval, ...]]] = {slug: {} for slug in pathways}
        for person_id, mine in by_person.items():
            for slug, pathway in pathways.items():
                history = progress(pathway, mine, today, pathways, held, accountable, {}).history
                if history:
                    settled[slug][person_id] = history
        if settled == held:
            break
        held = settled
    return held

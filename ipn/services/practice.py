"""Practice records and pathways (SPEC R19): a practitioner records experience, the peer they
name attests it, and each pathway's progress is derived from what is attested, explained
requirement by requirement; a completed pathway is public only when its holder shows it.

No client information is ever asked for or kept: a kind, dates, hours or sessions, an attester
and a short note for the attester."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import selectinload

from ipn import clock, pathways
from ipn.extensions import db
from ipn.models import (
    Group,
    Meeting,
    Place,
    PracticeRecord,
    Practitioner,
    Round,
    ShownPathway,
)
from ipn.rules import pathways as rules
from ipn.services import events, facts, history, meetings
from ipn.services.account_deletion import is_former
from ipn.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ipn.states import PracticeKind, PracticeState

MAX_HOURS = 5_000
MAX_SESSIONS = 2_000
NOTE_HINT = "Never anything that could identify a client."


def in_force(day: dt.date | None = None) -> dict[str, rules.Pathway]:
    """The pathways in force on a day (the network's rules say which versions), by slug."""
    return pathways.in_force(facts.settings(day).pathways)


def _amount(kind: PracticeKind, hours, sessions) -> tuple[int, int]:
    errors: dict[str, list[str]] = {}
    minutes = 0
    if hours not in (None, ""):
        try:
            minutes = round(float(hours) * 60)
        except (TypeError, ValueError):
            minutes = -1
        if isinstance(hours, bool) or not 0 < minutes <= MAX_HOURS * 60:
            errors["hours"] = [f"Give the hours as a number above 0 and at most {MAX_HOURS:,}."]
    count = 0
    if sessions not in (None, ""):
        count = sessions if isinstance(sessions, int) and not isinstance(sessions, bool) else -1
        if isinstance(sessions, str) and sessions.strip().isdigit():
            count = int(sessions.strip())
        if not 0 < count <= MAX_SESSIONS:
            errors["sessions"] = [f"Give the sessions as a whole number from 1 to {MAX_SESSIONS:,}."]
    if not errors and kind != PracticeKind.PRIOR_ACCREDITATION and not (minutes or count):
        errors["hours"] = ["Give the hours, or the number of sessions."]
    if errors:
        raise Invalid("Say how much practice this was.", errors)
    return minutes, count


def _dates(started: dt.date | None, ended: dt.date | None) -> tuple[dt.date, dt.date]:
    today = clock.today()
    errors: dict[str, list[str]] = {}
    if started is None:
        errors["started"] = ["Give the day it began."]
    elif started > today:
        errors["started"] = ["Record practice that has begun."]
    if ended is None:
        errors["ended"] = ["Give the day it ended (or the last session so far)."]
    elif ended > today:
        errors["ended"] = ["Record practice up to today, not beyond."]
    elif started is not None and ended < started:
        errors["ended"] = ["The end comes on or after the beginning."]
    if errors:
        future = (started is not None and started > today) or (ended is not None and ended > today)
        raise Invalid("Check the dates.", errors, code="future_date" if future else "dates_order")
    return started, ended


def record(actor: Practitioner, kind: str, started: dt.date | None, ended: dt.date | None,
           attester: Practitioner | None, hours=None, sessions=None, note: str = "",
           pathway: str | None = None) -> PracticeRecord:
    """A practitioner records practice and names who can attest it; they are asked to."""
    try:
        kind = PracticeKind(kind)
    except ValueError:
        raise Invalid("Choose what kind of practice this was.",
                      {"kind": ["Choose one of the kinds listed."]}) from None
    started, ended = _dates(started, ended)
    minutes, count = _amount(kind, hours, sessions)
    if attester is None or is_former(attester):
        raise Invalid("Name a registered practitioner who can attest it.",
                      {"attester": ["Choose the teacher, leader or supervisor, registered here."]},
                      code="unknown_reference")
    if attester.id == actor.id:
        raise Invalid("Someone else attests your practice.", {"attester": ["Name someone other than yourself."]},
                      code="self_attested")
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid("The note is too long.", {"note": ["Keep the note to 500 characters."]})
    if kind == PracticeKind.PRIOR_ACCREDITATION:
        if pathway not in in_force():
            raise Invalid("Say which accreditation you held.",
                          {"pathway": ["Choose one of the pathways in force."]}, code="unknown_reference")
    else:
        pathway = None
    row = PracticeRecord(practitioner_id=actor.id, kind=kind, started=started, ended=ended, minutes=minutes,
                         sessions=count, attester_id=attester.id, note=note, pathway=pathway)
    db.session.add(row)
    db.session.flush()
    events.record("practice_recorded", actor, record_id=row.id)
    events.notify([attester.id], f"{actor.name} asks you to attest their practice: {describe(row)}.",
                  Place.PRACTICE)
    return row


def get(record_id: int) -> PracticeRecord:
    row = db.session.get(PracticeRecord, record_id) if 0 < record_id < 2**31 else None
    if row is None:
        raise NotFound("There is no such practice record.")
    return row


def readable_by(row: PracticeRecord, person: Practitioner) -> bool:
    return person.id in (row.practitioner_id, row.attester_id)


def attest(actor: Practitioner, row: PracticeRecord, confirmed: bool) -> PracticeRecord:
    """The named attester confirms the record (it counts from today) or declines it."""
    if row.attester_id != actor.id:
        raise NotAllowed("Only the practitioner named to attest this record can answer it.")
    if row.state != PracticeState.AWAITING:
        raise Conflict(f"This record was already {row.state}.", code=f"already_{row.state}")
    row.state = PracticeState.ATTESTED if confirmed else PracticeState.DECLINED
    row.answered_at = clock.now()
    db.session.flush()
    events.record("practice_attested" if confirmed else "practice_declined", actor, record_id=row.id)
    said = "attested" if confirmed else "declined to attest"
    events.notify([row.practitioner_id], f"{actor.name} {said} your practice: {describe(row)}.", Place.PRACTICE)
    return row


def withdraw(actor: Practitioner, row: PracticeRecord) -> PracticeRecord:
    """The attester withdraws a confirmation: it stops counting from today, never in the past."""
    if row.attester_id != actor.id:
        raise NotAllowed("Only the practitioner who attested this record can withdraw the attestation.")
    if row.state != PracticeState.ATTESTED:
        raise Conflict("Only an attested record can be withdrawn.", code="not_attested")
    row.state, row.withdrawn_at = PracticeState.WITHDRAWN, clock.now()
    db.session.flush()
    events.record("practice_withdrawn", actor, record_id=row.id)
    events.notify([row.practitioner_id], f"{actor.name} withdrew their attestation of your practice: "
                                         f"{describe(row)}. It no longer counts from today.", Place.PRACTICE)
    return row


def remove(actor: Practitioner, row: PracticeRecord) -> None:
    """A practitioner removes a record of theirs that was never attested (awaiting or declined)."""
    if row.practitioner_id != actor.id:
        raise NotAllowed("Only the practitioner who recorded it can remove it.")
    if row.state not in (PracticeState.AWAITING, PracticeState.DECLINED):
        raise Conflict("An attested record stays: it is part of what your pathways were judged by. "
                       "Its attester can withdraw it.", code="attested")
    db.session.delete(row)
    db.session.flush()
    events.record("practice_removed", actor, record_id=row.id)


# What the sessions of a kind are called, where they are not simply sessions.
SESSION_WORDS = {PracticeKind.LEADERSHIP_SEMINAR: ("seminar", "seminars"),
                 PracticeKind.THEORY_COURSE: ("course", "courses")}


def describe(row: PracticeRecord) -> str:
    """"participation in a Balint group, 96 hours, 4 February to 21 November 2026"."""
    kind = PracticeKind(row.kind)
    if kind == PracticeKind.PRIOR_ACCREDITATION:
        pathway = in_force().get(row.pathway or "")
        return f"accredited as {pathway.holder if pathway else row.pathway} before these records"
    amounts = []
    if row.minutes:
        amounts.append(f"{rules.hours_text(row.minutes)} hours")
    if row.sessions:
        one, many = SESSION_WORDS.get(kind, ("session", "sessions"))
        amounts.append(f"{row.sessions} {one if row.sessions == 1 else many}")
    if row.started == row.ended:
        days = f"{row.started:%-d %B %Y}"
    elif row.started.year == row.ended.year:
        days = f"{row.started:%-d %B} to {row.ended:%-d %B %Y}"
    else:
        days = f"{row.started:%-d %B %Y} to {row.ended:%-d %B %Y}"
    label = kind.label[:1].lower() + kind.label[1:]
    return f"{label}, {' and '.join(amounts)}, {days}"


def mine(person: Practitioner) -> list[PracticeRecord]:
    return list(db.session.scalars(select(PracticeRecord).where(PracticeRecord.practitioner_id == person.id)
                                   .order_by(PracticeRecord.started.desc(), PracticeRecord.id.desc())))


def awaiting_attestation(person: Practitioner) -> list[PracticeRecord]:
    return [row for row in to_attest(person) if row.state == PracticeState.AWAITING]


def to_attest(person: Practitioner) -> list[PracticeRecord]:
    """Records naming `person` as attester: awaiting an answer first, then those they attested."""
    rows = db.session.scalars(select(PracticeRecord).where(
        PracticeRecord.attester_id == person.id,
        PracticeRecord.state.in_([PracticeState.AWAITING, PracticeState.ATTESTED]))
        .order_by(PracticeRecord.created_at, PracticeRecord.id))
    return sorted(rows, key=lambda r: r.state != PracticeState.AWAITING)


def _as_rule_record(row: PracticeRecord) -> rules.Record:
    attested = row.state in (PracticeState.ATTESTED, PracticeState.WITHDRAWN)
    return rules.Record(
        id=row.id, person_id=row.practitioner_id, kind=PracticeKind(row.kind), minutes=row.minutes,
        sessions=row.sessions, attester_id=row.attester_id,
        attested_on=clock.local_date(row.answered_at) if attested else None,
        withdrawn_on=clock.local_date(row.withdrawn_at) if row.withdrawn_at else None,
        declined=row.state == PracticeState.DECLINED, pathway=row.pathway)


# The kind of practice a round in a format is, for those who came to its meeting (by the
# shipped format it is, or is a group's copy of).
ROUND_KINDS = {"balint": PracticeKind.BALINT_PARTICIPATION, "intervision": PracticeKind.INTERVISION_GROUP,
               "intervision-online": PracticeKind.INTERVISION_GROUP}


def from_meetings(person_id: int | None = None) -> list[rules.Record]:
    """Rounds a group recorded count for those who came, attested by the record itself from the
    day it was recorded: the minutes of the phases that ran (R18, R19). Their ids are the
    rounds' ids, negated, so that nothing confuses them with records a person made."""
    query = (select(Round, Meeting).join(Meeting, Meeting.id == Round.meeting_id)
             .options(selectinload(Meeting.attendees), selectinload(Meeting.group)))
    if person_id is not None:
        query = query.where(Meeting.attendees.any(Practitioner.id == person_id))
    found = []
    for round_, meeting in db.session.execute(query).all():
        fmt = meetings.format_for(meeting.group, round_.format_slug)
        kind = ROUND_KINDS.get((fmt.based_on or fmt.slug) if fmt else round_.format_slug)
        minutes = sum(p.minutes for p in fmt.phases if p.name in round_.phases) if fmt else 0
        if kind is None or minutes <= 0:
            continue
        for person in meeting.attendees:
            if person_id is None or person.id == person_id:
                found.append(rules.Record(id=-round_.id, person_id=person.id, kind=kind, minutes=minutes,
                                          attested_on=clock.local_date(round_.recorded_at)))
    return found


def accountable_on(person_id: int, day: dt.date) -> bool:
    """A member (not joining) of a member or full member group at the end of that day: the
    network's own accountability, which lets a practitioner recognise a prior accreditation."""
    person = db.session.get(Practitioner, person_id)
    return person is not None and any(
        stay.state == "member" and stay.status in ("member", "full_member")
        for stay in history.stays_on(person, min(day, clock.today())))


@dataclass(frozen=True)
class Standing:
    """Everyone's pathways as the records say today: who held which, and when."""

    pathways: dict[str, rules.Pathway]
    records: list[rules.Record]
    holdings: dict[str, dict[int, tuple[rules.Interval, ...]]]
    today: dt.date


def standing(today: dt.date | None = None) -> Standing:
    today = today or clock.today()
    every = in_force(today)
    rows = db.session.scalars(select(PracticeRecord).where(or_(
        PracticeRecord.state == PracticeState.ATTESTED, PracticeRecord.state == PracticeState.WITHDRAWN)))
    records = [_as_rule_record(row) for row in rows] + from_meetings()
    cache: dict[tuple[int, dt.date], bool] = {}

    def accountable(person_id: int, day: dt.date) -> bool:
        if (person_id, day) not in cache:
            cache[(person_id, day)] = accountable_on(person_id, day)
        return cache[(person_id, day)]

    return Standing(every, records, rules.holdings_of(every, records, today, accountable), today)


def progress(person: Practitioner, today: dt.date | None = None) -> list[rules.Progress]:
    """Each pathway in force, for `person`: requirement by requirement, and since when complete."""
    now = standing(today)
    own = [_as_rule_record(row) for row in mine(person)] + from_meetings(person.id)
    people = {r.attester_id for r in own if r.attester_id is not None}
    names = {p.id: p.name for p in db.session.scalars(select(Practitioner).where(Practitioner.id.in_(people)))}
    return [rules.progress(pathway, own, now.today, now.pathways, now.holdings,
                           lambda pid, day: accountable_on(pid, day), names)
            for pathway in now.pathways.values()]


def shown_slugs(person: Practitioner) -> set[str]:
    return set(db.session.scalars(select(ShownPathway.pathway).where(ShownPathway.practitioner_id == person.id)))


def set_shown(actor: Practitioner, slug: str, shown: bool) -> None:
    """Show a completed pathway publicly, or stop showing it."""
    if slug not in in_force():
        raise NotFound("There is no such pathway in force.")
    if not shown:
        db.session.execute(delete(ShownPathway).where(ShownPathway.practitioner_id == actor.id,
                                                      ShownPathway.pathway == slug))
        events.record("pathway_hidden", actor, pathway=slug)
        return
    if not any(p.pathway.slug == slug and p.complete for p in progress(actor)):
        raise Conflict("Only a completed pathway can be shown.", code="not_completed")
    if slug not in shown_slugs(actor):
        db.session.add(ShownPathway(practitioner_id=actor.id, pathway=slug))
        db.session.flush()
    events.record("pathway_shown", actor, pathway=slug)


@dataclass(frozen=True)
class Completed:
    """A completed pathway as the public may see it, when its holder shows it."""

    pathway: rules.Pathway
    completed_on: dt.date
    attested_by: tuple[str, ...]


def public_pathways(person: Practitioner) -> list[Completed]:
    """The completed pathways `person` chose to show, with who attested what counted."""
    shown = shown_slugs(person)
    if not shown:
        return []
    found = []
    for item in progress(person):
        if item.pathway.slug in shown and item.complete:
            counted = {i for c in item.criteria for i in c.data.get("counted", ())}
            attesters = set(db.session.scalars(select(Practitioner.name).join(
                PracticeRecord, PracticeRecord.attester_id == Practitioner.id)
                .where(PracticeRecord.id.in_([i for i in counted if i > 0]))))
            groups = db.session.scalars(select(Group.name).join(Meeting, Meeting.group_id == Group.id).join(
                Round, Round.meeting_id == Meeting.id).where(Round.id.in_([-i for i in counted if i < 0])))
            attesters |= {f"the meeting records of {name}" for name in groups}
            found.append(Completed(item.pathway, item.completed_on, tuple(sorted(attesters))))
    return found

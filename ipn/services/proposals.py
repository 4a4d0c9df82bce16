"""Proposals to change the network's rules (SPEC R16): recording one, positions at
Gatherings, the state that follows from them, and putting a ratified proposal in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.sql import Select

from ipn import clock, pathways, rules
from ipn import governance_rules as gov
from ipn.extensions import db
from ipn.models import (
    Attendance,
    Event,
    Gathering,
    Place,
    Position,
    Practitioner,
    Proposal,
    RuleVersion,
    StatusChange,
)
from ipn.services import events, gatherings, outbox, rulebook
from ipn.services.errors import Conflict, Invalid, NotAllowed

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_REASON = 5_000


def clean_changes(changes: Any) -> dict[str, Any]:
    """{rule: value} with every rule known and every value of its kind, stored as JSON."""
    if not isinstance(changes, Mapping) or not changes:
        raise Invalid("Say which rules change.", {"changes": ["Give at least one rule and its new value."]})
    known = rules.Settings.names()
    problems = []
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in known:
            problems.append(f"{name!s:.40} is not a rule (the rules: {', '.join(known)}).")
            continue
        try:
            typed = rules.Settings.coerce(name, value)
        except (ValueError, TypeError, ArithmeticError, OverflowError) as error:
            problems.append(f"{name}: give {error or 'a valid value'}.")
            continue
        if isinstance(typed, int) and not isinstance(typed, bool) and typed > 1000:
            problems.append(f"{name}: give a number up to 1000.")
            continue
        clean[name] = str(typed) if not isinstance(typed, (bool, int)) else typed
    if problems:
        raise Invalid("Some changes need correcting.", {"changes": problems})
    return clean


def record(author: Practitioner, title: str, text: str, changes: Any, gathering: Gathering,
           immediate: bool = False) -> Proposal:
    """Any participant records a proposal and presents it at a Gathering."""
    title = " ".join((title or "").split())
    text = (text or "").strip()
    problems: dict[str, list[str]] = {}
    if not title:
        problems["title"] = ["Give the proposal a title."]
    elif len(title) > MAX_TITLE:
        problems["title"] = [f"Keep the title to {MAX_TITLE} characters."]
    if not text:
        problems["text"] = ["Say what the proposal is and why."]
    elif len(text) > MAX_TEXT:
        problems["text"] = [f"Keep the text to {MAX_TEXT:,} characters."]
    try:
        clean = clean_changes(changes)
    except Invalid as error:
        problems.update(error.fields)
        clean = {}
    if clean:
        try:
            check_consistent(rulebook.settings_on(max(gathering.date, clock.today())).changed(clean))
        except Invalid as error:
            problems.update(error.fields)
    if problems:
        # New rules that are each of their kind but do not fit together (or a share above 1).
        code = "rule_values" if set(problems) == {"changes"} else None
        raise Invalid("Some values need correcting: " + ", ".join(problems) + ".", problems, code=code)
    proposal = Proposal(title=title, text=text, changes=clean, immediate=bool(immediate),
                        gathering_id=gathering.id, author_id=author.id)
    db.session.add(proposal)
    db.session.flush()
    events.record("proposal_recorded", actor=author, proposal_id=proposal.id, gathering_id=gathering.id)
    if gathering.date <= clock.today():  # minutes catching up: those who came can say where they stand
        ask_for_positions(gathering, [p for p in gatherings.attendees(gathering) if p.id != author.id])
    return proposal


def check_consistent(settings: rules.Settings) -> None:
    if settings.min_members > settings.max_members:
        raise Invalid("The smallest group would be larger than the largest.",
                      {"changes": ["The smallest group cannot be larger than the largest group."]})
    unknown = [key for key in settings.pathways.split() if key not in pathways.shipped()]
    if unknown:
        shipped = ", ".join(sorted(pathways.shipped()))
        raise Invalid("No such pathway version ships with the registry.",
                      {"changes": [f"{', '.join(unknown)} is not a pathway file here (there are: {shipped})."]})


def considered_at(proposal: Proposal) -> list[Gathering]:
    """The Gatherings that considered the proposal: where it was presented, and every Gathering
    with positions on it, by date."""
    ids = set(db.session.scalars(select(Position.gathering_id).where(Position.proposal_id == proposal.id)))
    ids.add(proposal.gathering_id)
    return list(db.session.scalars(select(Gathering).where(Gathering.id.in_(ids))
                                   .order_by(Gathering.date, Gathering.id)))


def positions_at(proposal: Proposal, gathering: Gathering) -> list[Position]:
    return list(db.session.scalars(
        select(Position).where(Position.proposal_id == proposal.id, Position.gathering_id == gathering.id)
        .order_by(Position.recorded_at, Position.id)))


@dataclass(frozen=True)
class AtGathering:
    gathering: Gathering
    quorum: gov.Quorum | None
    verdict: gov.Verdict
    positions: list[Position]


def at_gatherings(proposal: Proposal) -> list[AtGathering]:
    result = []
    for gathering in considered_at(proposal):
        quorum = gatherings.quorum(gathering)
        positions = positions_at(proposal, gathering)
        stances = [gov.Stance(p.practitioner_id, p.position, p.recorded_at) for p in positions]
        result.append(AtGathering(gathering, quorum, gov.consensus(stances, bool(quorum and quorum.met)),
                                  positions))
    return result


def in_force_since(proposal: Proposal) -> dt.date | None:
    return db.session.scalar(select(RuleVersion.in_force_since).where(RuleVersion.proposal_id == proposal.id))


def state(proposal: Proposal, considered: list[AtGathering] | None = None) -> gov.ProposalState:
    """The proposal's state as the facts stand (never stored)."""
    considered = at_gatherings(proposal) if considered is None else considered
    return gov.proposal_state(
        [gov.GatheringVerdict(c.gathering.id, c.gathering.date, c.verdict) for c in considered],
        proposal.immediate, in_force_since(proposal), clock.local_date)


def record_position(person: Practitioner, proposal: Proposal, gathering: Gathering, position: str,
                    reason: str = "") -> Position:
    """Someone who attended the Gathering records where they stand on the proposal there; a
    second position replaces the first. The position that brings ratifying consensus puts the
    proposal in force and re-evaluates the network."""
    if not gatherings.attended(gathering, person):
        raise NotAllowed("Only those who attended a Gathering record positions there. "
                         "If you were there, first say that you attended.")
    reason = (reason or "").strip()
    if position not in gov.POSITIONS:
        raise Invalid("Choose agree, stand aside or block.",
                      {"position": ["Choose agree, stand_aside or block."]})
    if position == gov.BLOCK and not reason:
        raise Invalid("A block needs a reason.", {"reason": ["Say why you block the proposal."]})
    if len(reason) > MAX_REASON:
        raise Invalid("The reason is too long.", {"reason": [f"Keep the reason to {MAX_REASON:,} characters."]})
    presented = db.session.get(Gathering, proposal.gathering_id)
    if gathering.date < presented.date:
        raise Conflict(f"This proposal was presented on {presented.date.isoformat()}; positions are recorded "
                       "at that Gathering or a later one.")
    if in_force_since(proposal) is not None:
        raise Conflict("This proposal is already in force; only a new proposal changes a rule in force.",
                       code="in_force")
    row = db.session.scalar(select(Position).where(
        Position.proposal_id == proposal.id, Position.gathering_id == gathering.id,
        Position.practitioner_id == person.id))
    now = clock.now()
    if row is None:
        row = Position(proposal_id=proposal.id, gathering_id=gathering.id, practitioner_id=person.id,
                       position=position, reason=reason, recorded_at=now)
        db.session.add(row)
    else:
        row.position, row.reason, row.recorded_at = position, reason, now
    db.session.flush()
    events.record("position_recorded", actor=person, proposal_id=proposal.id, gathering_id=gathering.id,
                  position=position)
    take_effect_if_ratified(proposal)
    return row


def take_effect_if_ratified(proposal: Proposal) -> RuleVersion | None:
    """Once ratified (or decided as immediately necessary), the proposal's changes become the
    rules from its day: a rule version, and the network re-evaluated with it as the cause."""
    current = state(proposal)
    if current.state != gov.RATIFIED or current.effective_from is None:
        return None
    version = rulebook.put_in_force(proposal, current.effective_from)
    events.record("proposal_in_force", proposal_id=proposal.id, since=current.effective_from.isoformat())
    # Everyone who took part hears of it.
    people = set(db.session.scalars(select(Position.practitioner_id).where(Position.proposal_id == proposal.id)))
    people.add(proposal.author_id)
    events.notify(people, f"The proposal “{proposal.title}” is in force from "
                          f"{current.effective_from.isoformat()}: {gov.describe_changes(proposal.changes)}.", Place.RULES)
    return version


def awaiting(person: Practitioner) -> list[tuple[Proposal, Gathering]]:
    """Proposals awaiting this person's position at a Gathering they attended: presented there
    or earlier, not in force, and nothing recorded by them there yet."""
    attended = list(db.session.scalars(
        select(Gathering).join(Attendance, Attendance.gathering_id == Gathering.id)
        .where(Attendance.practitioner_id == person.id, Attendance.attended.is_(True))
        .order_by(Gathering.date)))
    if not attended:
        return []
    mine = set(tuple(row) for row in db.session.execute(select(Position.proposal_id, Position.gathering_id)
                                  .where(Position.practitioner_id == person.id)).all())
    result = []
    open_proposals = [p for p in db.session.scalars(select(Proposal).order_by(Proposal.id))
                      if in_force_since(p) is None]
    for gathering in attended:
        for proposal in open_proposals:
            presented = db.session.get(Gathering, proposal.gathering_id)
            if presented.date <= gathering.date and (proposal.id, gathering.id) not in mine \
                    and state(proposal).state in (gov.PRESENTED, gov.CONSENSUS):
                result.append((proposal, gathering))
    return result


def considered_proposals(gathering: Gathering) -> list[Proposal]:
    """The Gathering's proposals: presented there, or with positions recorded there, and (for a
    Gathering not yet past) those presented earlier that still await a later Gathering."""
    ids = set(db.session.scalars(select(Proposal.id).where(Proposal.gathering_id == gathering.id)))
    ids |= set(db.session.scalars(select(Position.proposal_id).where(Position.gathering_id == gathering.id)))
    if gathering.date >= clock.today():
        earlier = db.session.scalars(select(Proposal).join(Gathering, Gathering.id == Proposal.gathering_id)
                                     .where(Gathering.date < gathering.date))
        ids |= {p.id for p in earlier if state(p).state in (gov.PRESENTED, gov.CONSENSUS)}
    if not ids:
        return []
    return list(db.session.scalars(select(Proposal).where(Proposal.id.in_(ids)).order_by(Proposal.id)))


def ask_for_positions(gathering: Gathering, people: list[Practitioner]) -> None:
    """Email each of `people`, who attended `gathering`, about every proposal awaiting their
    position there (once per proposal, Gathering and person)."""
    for person in people:
        for proposal, where in awaiting(person):
            if where.id == gathering.id:
                outbox.enqueue("position_awaited", person, proposal_id=proposal.id, gathering_id=gathering.id,
                               dedupe_key=f"position:{proposal.id}:{gathering.id}:{person.id}")


def newest_first() -> Select:
    """Every proposal, the newest first (for paged lists)."""
    return select(Proposal).order_by(Proposal.created_at.desc(), Proposal.id.desc())


def every_proposal() -> list[tuple[Proposal, gov.ProposalState]]:
    """Every proposal with its state, the newest first."""
    return [(p, state(p)) for p in db.session.scalars(newest_first())]


def awaiting_decision() -> list[tuple[Proposal, gov.ProposalState]]:
    """Proposals presented or with consensus at one Gathering, awaiting a later one."""
    return [(p, s) for p, s in every_proposal() if s.state in (gov.PRESENTED, gov.CONSENSUS)]


def gatherings_open_to(person: Practitioner | None, proposal: Proposal) -> list[Gathering]:
    """The Gatherings, from the one it was presented at to today, where `person` attended and
    so may record a position on the proposal."""
    if person is None:
        return []
    presented = db.session.get(Gathering, proposal.gathering_id)
    held = db.session.scalars(select(Gathering).where(Gathering.date >= presented.date,
                                                      Gathering.date <= clock.today()).order_by(Gathering.date))
    return [g for g in held if gatherings.attended(g, person)]


def proposal_behind(change: StatusChange) -> int | None:
    """The proposal whose taking effect caused a status change on a group's timeline, if one did."""
    if change.event_id is None:
        return None
    event = db.session.get(Event, change.event_id)
    return event.data.get("proposal_id") if event is not None and event.kind == "rules_changed" else None


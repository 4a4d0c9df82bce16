"""What needs a practitioner, and what a group's workspace shows: read-only queries, so that
the pages ask one function rather than assembling rules in views.

Nothing here changes a fact; the rules themselves stay in ipn.rules and the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, update

from ipn import clock, rules
from ipn.extensions import db
from ipn.models import (
    Endorsement,
    Group,
    Invitation,
    Link,
    Membership,
    Notification,
    Practitioner,
    StandBy,
    Statement,
    StatusChange,
)
from ipn.services.errors import NotFound
from ipn.services.network import current_memberships, load_graph

LAPSE_WARNING_MONTHS = 3
RECENT_CHANGE_DAYS = 30
SEARCH_LIMIT = 20


# --- What needs me -------------------------------------------------------------------------

@dataclass(frozen=True)
class StandByToGive:
    group: Group
    person: Practitioner
    joining: bool  # the receiver is still joining: the stand-by helps them become a member


@dataclass(frozen=True)
class Lapsing:
    group: Group
    partner: Group
    link: Link
    visit_date: dt.date
    last_day: dt.date


@dataclass(frozen=True)
class VisitOwed:
    group: Group
    partner: Group
    link: Link
    last_visit: dt.date | None
    outcome: str | None
    lapsed_on: dt.date | None  # the day after the last validation's last day, when it lapsed


@dataclass
class Needs:
    invitations: list[Invitation] = field(default_factory=list)
    stand_bys: list[StandByToGive] = field(default_factory=list)
    drafts: list[Statement] = field(default_factory=list)
    proposals: list[Link] = field(default_factory=list)
    lapsing: list[Lapsing] = field(default_factory=list)
    visits_owed: list[VisitOwed] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    stays: list[Membership] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        """Something asks this person to act (recent changes are news, not a request)."""
        return bool(self.invitations or self.stand_bys or self.drafts or self.proposals
                    or self.lapsing or self.visits_owed)


def current_stays(person: Practitioner) -> list[Membership]:
    """The person's current stays in groups that have not dissolved, by group name."""
    return list(db.session.scalars(
        select(Membership).join(Group, Group.id == Membership.group_id)
        .where(Membership.practitioner_id == person.id, Membership.left_at.is_(None),
               Group.dissolved_at.is_(None))
        .order_by(Group.name)))


def needs_of(person: Practitioner, today: dt.date | None = None) -> Needs:
    """Everything that waits for this person, across all their groups."""
    today = today or clock.today()
    stays = current_stays(person)
    member_of = [s.group for s in stays if s.member_since is not None]
    needs = Needs(stays=stays)
    needs.invitations = list(db.session.scalars(
        select(Invitation).join(Group, Group.id == Invitation.group_id)
        .where(Invitation.practitioner_id == person.id, Invitation.state == "pending",
               Group.dissolved_at.is_(None))
        .order_by(Invitation.created_at, Invitation.id)))
    for stay in stays:
        needs.stand_bys.extend(stand_bys_to_give(stay))
    for group in member_of:
        draft = db.session.scalar(select(Statement).where(
            Statement.group_id == group.id, Statement.state == "draft"))
        if draft is not None and not _has_endorsed(draft, person):
            needs.drafts.append(draft)
    if member_of:
        needs.proposals = list(db.session.scalars(
            select(Link).where(Link.state == "proposed", Link.partner_id.in_([g.id for g in member_of]))
            .order_by(Link.proposed_at, Link.id)))
    horizon = rules.add_months(today, LAPSE_WARNING_MONTHS)
    for group in member_of:
        links = link_states(group, today)
        for state in links:
            if state.validated_until is not None and state.validated_until <= horizon:
                needs.lapsing.append(Lapsing(group, state.partner, state.link, state.their_visit, state.validated_until))
            if not state.we_validate:
                needs.visits_owed.append(VisitOwed(group, state.partner, state.link, state.our_visit,
                                                   state.our_outcome, state.our_lapsed_on))
    if stays:
        since = clock.now() - dt.timedelta(days=RECENT_CHANGE_DAYS)
        needs.changes = list(db.session.scalars(
            select(StatusChange).where(StatusChange.group_id.in_([s.group_id for s in stays]),
                                       StatusChange.recorded_at >= since)
            .order_by(StatusChange.effective_at.desc(), StatusChange.id.desc()).limit(10)))
    return needs


def _has_endorsed(statement: Statement, person: Practitioner) -> bool:
    return db.session.scalar(
        select(Endorsement.id).join(Membership, Membership.id == Endorsement.membership_id)
        .where(Endorsement.statement_id == statement.id, Membership.practitioner_id == person.id,
               Membership.left_at.is_(None))) is not None


def stand_bys_to_give(stay: Membership) -> list[StandByToGive]:
    """The people in the group whom this stay's person does not (or no longer) stand by."""
    others = [m for m in current_memberships(stay.group_id) if m.id != stay.id]
    given = set(db.session.scalars(select(StandBy.receiver_id).where(
        StandBy.giver_id == stay.id, StandBy.withdrawn_at.is_(None))))
    return [StandByToGive(stay.group, m.practitioner, m.member_since is None)
            for m in others if m.id not in given]


def mark_read(person: Practitioner, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications as read, or all of them; returns how many."""
    query = update(Notification).where(Notification.practitioner_id == person.id, Notification.read_at.is_(None))
    if notification_id is not None:
        if not 0 < notification_id < 2**63 or db.session.scalar(select(Notification.id).where(
                Notification.id == notification_id, Notification.practitioner_id == person.id)) is None:
            raise NotFound("There is no such notification for you.")
        query = query.where(Notification.id == notification_id)
    return db.session.execute(query.values(read_at=clock.now())).rowcount


def unread_count(person: Practitioner) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.practitioner_id == person.id, Notification.read_at.is_(None))) or 0


# --- Links, both ways ----------------------------------------------------------------------

@dataclass(frozen=True)
class LinkState:
    """An active link seen from `group`: how each side's latest visit stands today."""

    link: Link
    partner: Group
    # The partner's latest visit to us.
    their_visit: dt.date | None
    their_outcome: str | None
    validated_until: dt.date | None  # last day the partner's validation of us counts, if it does
    their_lapsed_on: dt.date | None
    # Our latest visit to the partner.
    our_visit: dt.date | None
    our_outcome: str | None
    we_validate_until: dt.date | None
    our_lapsed_on: dt.date | None

    @property
    def we_validate(self) -> bool:
        return self.we_validate_until is not None


def link_states(group: Group, today: dt.date | None = None) -> list[LinkState]:
    """Every active link of the group, with the validation each way (R10) as of today."""
    today = today or clock.today()
    graph = load_graph([group.id])
    states = []
    for partner_id in graph.successors(group.id) if group.id in graph else []:
        ours, theirs = graph.edges[group.id, partner_id], graph.edges[partner_id, group.id]
        link = db.session.get(Link, ours["link_id"])
        partner = db.session.get(Group, partner_id)

        def counting(edge) -> tuple[dt.date | None, dt.date | None]:
            last = edge.get("valid_until")
            if last is None:
                return None, None
            return (last, None) if last >= today else (None, last + dt.timedelta(days=1))

        their_until, their_lapsed = counting(theirs)
        our_until, our_lapsed = counting(ours)
        states.append(LinkState(link, partner, theirs["visit_date"], theirs["outcome"], their_until, their_lapsed,
                                ours["visit_date"], ours["outcome"], our_until, our_lapsed))
    states.sort(key=lambda s: s.partner.name.casefold())
    return states


def links_of(group: Group) -> dict[str, list[Link]]:
    """The group's links that are not active: proposals both ways, and past links."""
    rows = list(db.session.scalars(
        select(Link).where(or_(Link.group_id == group.id, Link.partner_id == group.id))
        .order_by(Link.proposed_at.desc(), Link.id.desc())))
    return {
        "incoming": [l for l in rows if l.state == "proposed" and l.partner_id == group.id],
        "outgoing": [l for l in rows if l.state == "proposed" and l.group_id == group.id],
        "past": [l for l in rows if l.state in ("declined", "ended")][:20],
    }


def find_groups(group: Group, words: str) -> list[Group]:
    """Member groups (other than this one, not dissolved) whose name or region contains the
    words, for proposing a link."""
    words = " ".join((words or "").split())[:80]
    if not words:
        return []
    pattern = f"%{_escape_like(words.casefold())}%"
    return list(db.session.scalars(
        select(Group).where(
            Group.id != group.id, Group.dissolved_at.is_(None), Group.status.in_(tuple(rules.MEMBER_LEVEL)),
            or_(func.lower(Group.name).like(pattern, escape="\\"), func.lower(Group.region).like(pattern, escape="\\")))
        .order_by(Group.name).limit(SEARCH_LIMIT)))


# --- The group workspace -------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One giver -> receiver square of the stand-by matrix."""

    state: str  # "self", "stands", "withdrawn" or "gap"
    since: dt.datetime | None = None  # when the live stand-by was recorded, or withdrawn
    reason: str | None = None  # private: shown only to the group's members
    holds_back: bool = False  # a gap between two members: standing-by is not accomplished


@dataclass(frozen=True)
class Matrix:
    people: list[Membership]  # rows and columns, members first
    cells: dict[tuple[int, int], Cell]  # (giver practitioner id, receiver practitioner id)

    def cell(self, giver: Membership, receiver: Membership) -> Cell:
        return self.cells[(giver.practitioner_id, receiver.practitioner_id)]

    @property
    def gaps_holding_back(self) -> int:
        return sum(1 for c in self.cells.values() if c.holds_back)


def stand_by_matrix(group: Group, show_reasons: bool = False) -> Matrix:
    """Who stands by whom among the people now in the group, with withdrawals and their dates.
    Withdrawal reasons are for the group's members only (R4), not for those still joining."""
    stays = current_memberships(group.id)
    stays.sort(key=lambda m: (m.member_since is None, m.joined_at, m.id))
    person_of = {m.id: m.practitioner_id for m in stays}
    live: dict[tuple[int, int], StandBy] = {}
    withdrawn: dict[tuple[int, int], StandBy] = {}
    for row in db.session.scalars(select(StandBy).where(StandBy.group_id == group.id)
                                  .order_by(StandBy.created_at, StandBy.id)):
        if row.giver_id not in person_of or row.receiver_id not in person_of:
            continue  # from an earlier stay
        pair = (person_of[row.giver_id], person_of[row.receiver_id])
        if row.withdrawn_at is None:
            live[pair] = row
            withdrawn.pop(pair, None)
        elif pair not in live:
            withdrawn[pair] = row
    members = {m.practitioner_id for m in stays if m.member_since is not None}
    cells = {}
    for giver in stays:
        for receiver in stays:
            pair = (giver.practitioner_id, receiver.practitioner_id)
            if pair[0] == pair[1]:
                cells[pair] = Cell("self")
            elif pair in live:
                cells[pair] = Cell("stands", live[pair].created_at)
            else:
                both_members = pair[0] in members and pair[1] in members
                old = withdrawn.get(pair)
                if old is not None:
                    reason = old.withdrawal_reason if show_reasons else None
                    cells[pair] = Cell("withdrawn", old.withdrawn_at, reason, both_members)
                else:
                    cells[pair] = Cell("gap", holds_back=both_members)
    return Matrix(stays, cells)


def find_practitioners(group: Group, words: str) -> list[Practitioner]:
    """Registered practitioners whose name contains the words, not already in the group."""
    words = " ".join((words or "").split())[:80]
    if not words:
        return []
    inside = select(Membership.practitioner_id).where(
        Membership.group_id == group.id, Membership.left_at.is_(None))
    pattern = f"%{_escape_like(words.casefold())}%"
    return list(db.session.scalars(
        select(Practitioner).where(func.lower(Practitioner.name).like(pattern, escape="\\"),
                                   Practitioner.id.not_in(inside))
        .order_by(Practitioner.name, Practitioner.id).limit(SEARCH_LIMIT)))


def pending_invitations(group: Group) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(
        Invitation.group_id == group.id, Invitation.state == "pending").order_by(Invitation.created_at)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

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
from ipn.services import concerns as concerns_service
from ipn.services import network
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


@dataclass(frozen=True)
class ConcernWaiting:
    """A concern that reached one of the person's groups and awaits the group's response.
    Says whom it is about and when, never who raised it nor how to reach them."""

    group: Group
    about: str  # a practitioner's name, or the group's
    raised_on: dt.date
    escalates_on: dt.date  # the day it goes to the group's link groups without a response
    days_left: int  # 0 when it is due today (or overdue and about to go)
    url: str

    @property
    def time_left(self) -> str:
        if self.days_left <= 0:
            return "today"
        if self.days_left < 14:
            return "tomorrow" if self.days_left == 1 else f"in {self.days_left} days"
        return f"in {self.days_left // 7} weeks"


@dataclass(frozen=True)
class JoiningStep:
    """Where a joining person stands: who has still to stand by them, and whom they have still
    to stand by. Only the stand-bys between them and the members make them a member (R5)."""

    group: Group
    waiting_for: list[Practitioner]  # members who do not yet stand by them
    to_stand_by: list[Practitioner]  # members they do not yet stand by
    optional: list[Practitioner]  # others joining whom they do not yet stand by


@dataclass(frozen=True)
class GroupStep:
    """What a group the person is a member of needs next to become a (full) member group,
    from the rules' own criteria."""

    group: Group
    rule: str
    text: str
    href: str
    label: str


@dataclass
class Needs:
    concerns: list[ConcernWaiting] = field(default_factory=list)
    joining: list[JoiningStep] = field(default_factory=list)
    group_steps: list[GroupStep] = field(default_factory=list)
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
        return bool(self.concerns or self.invitations or self.stand_bys or self.drafts or self.proposals
                    or self.lapsing or self.visits_owed or self.group_steps
                    or any(step.to_stand_by for step in self.joining))


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
    needs.concerns = concerns_waiting(person, today)
    needs.invitations = list(db.session.scalars(
        select(Invitation).join(Group, Group.id == Invitation.group_id)
        .where(Invitation.practitioner_id == person.id, Invitation.state == "pending",
               Group.dissolved_at.is_(None))
        .order_by(Invitation.created_at, Invitation.id)))
    for stay in stays:
        if stay.member_since is None:
            needs.joining.append(joining_step(stay))
        else:
            needs.stand_bys.extend(stand_bys_to_give(stay))
    for group in member_of:
        needs.group_steps.extend(group_steps(group))
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


def concerns_waiting(person: Practitioner, today: dt.date | None = None) -> list[ConcernWaiting]:
    """Concerns awaiting a response from groups the person is a member of, oldest first."""
    today = today or clock.today()
    waiting = []
    for concern, group in concerns_service.awaiting_response_for(person):
        about = (db.session.get(Practitioner, concern.about_practitioner_id).name
                 if concern.about_practitioner_id is not None else group.name)
        escalates_on = clock.local_date(concern.raised_at + concerns_service.escalate_after())
        waiting.append(ConcernWaiting(group, about, clock.local_date(concern.raised_at), escalates_on,
                                      max((escalates_on - today).days, 0), concerns_service.concerns_url(group)))
    return waiting


def joining_step(stay: Membership) -> JoiningStep:
    """Who a joining person waits for, and whom they have still to stand by (members first)."""
    people = [m for m in current_memberships(stay.group_id) if m.id != stay.id]
    people.sort(key=lambda m: (m.member_since is None, m.practitioner.name.casefold(), m.id))
    given = set(db.session.scalars(select(StandBy.receiver_id).where(
        StandBy.giver_id == stay.id, StandBy.withdrawn_at.is_(None))))
    received = set(db.session.scalars(select(StandBy.giver_id).where(
        StandBy.receiver_id == stay.id, StandBy.withdrawn_at.is_(None))))
    members = [m for m in people if m.member_since is not None]
    return JoiningStep(
        stay.group,
        waiting_for=[m.practitioner for m in members if m.id not in received],
        to_stand_by=[m.practitioner for m in members if m.id not in given],
        optional=[m.practitioner for m in people if m.member_since is None and m.id not in given],
    )


def group_steps(group: Group) -> list[GroupStep]:
    """What a forming or member group needs next, from its unmet criteria (nothing once it is a
    full member group): the first step, and drafting the statement too when that can already
    start while the group gathers its members."""
    assessment = network.assess(group)
    if assessment.status not in (rules.FORMING, rules.MEMBER):
        return []
    unmet = {c.rule: c for c in assessment.criteria if not c.met}
    first = _next_step(group, unmet)
    steps = [first] if first is not None else []
    if first is not None and first.rule in ("members", "stand_bys") and "statement" in unmet:
        statement = _next_step(group, {"statement": unmet["statement"]})
        if statement is not None and statement.href.endswith("#draft"):
            steps.append(statement)
    return steps


def _next_step(group: Group, unmet: dict[str, rules.Criterion]) -> GroupStep | None:
    """The first of the unmet criteria, as a step with the page where it is done. Links only
    count once the group is a member group."""
    workspace = f"/groups/{group.slug}/workspace"
    statement_page = f"/groups/{group.slug}/statement"
    links_page = f"/groups/{group.slug}/links"
    settings = network.settings()
    if "members" in unmet:
        count = unmet["members"].data.get("members", 0)
        joining = unmet["members"].data.get("joining", 0)
        noun = "member" if count == 1 else "members"
        if count < settings.min_members and count + joining >= settings.min_members:
            return GroupStep(group, "members", f"{group.name} has {count} {noun} and {joining} joining; "
                             f"{settings.min_members} members are needed. Those joining become members once they "
                             "and every member stand by each other.", workspace + "#matrix", "See who stands by whom")
        if count < settings.min_members:
            text = f"{group.name} has {count} {noun}; {settings.min_members} are needed"
            if joining:
                text += f" ({joining} joining)"
            return GroupStep(group, "members", text + ": invite people.", workspace + "#invite", "Invite people")
        return GroupStep(group, "members", f"{group.name} has {count} members; at most {settings.max_members} may "
                         "belong.", workspace + "#people", "See who is in the group")
    if "stand_bys" in unmet:
        missing = len(unmet["stand_bys"].data.get("missing", []))
        return GroupStep(group, "stand_bys", f"{missing} stand-by{'s' if missing != 1 else ''} between "
                         f"{group.name}’s members {'are' if missing != 1 else 'is'} missing: every member stands "
                         "by every other.", workspace + "#matrix", "See who stands by whom")
    if "statement" in unmet:
        draft = db.session.scalar(select(Statement).where(Statement.group_id == group.id,
                                                          Statement.state == "draft"))
        if draft is None:
            return GroupStep(group, "statement", f"Draft {group.name}’s ethical statement: the members write it "
                             "together and each endorses it.", statement_page + "#draft", "Draft the statement")
        return GroupStep(group, "statement", f"{group.name}’s draft ethical statement is published once every "
                         "member has endorsed it.", statement_page, "See who has still to endorse")
    if "validated_links" in unmet or "triangle" in unmet:
        needed = settings.links_needed
        active = len(link_states(group))
        if active < needed:
            return GroupStep(group, "validated_links", f"Propose links to other member groups: {group.name} has "
                             f"{active} of the {needed} it needs to become a full member group.",
                             links_page + "#propose", "Propose a link")
        if "triangle" in unmet and unmet["triangle"].data.get("closed"):
            return GroupStep(group, "triangle", f"{group.name}’s validating groups are linked to each other, so "
                             "they count as one: propose a link to a member group outside that circle.",
                             links_page + "#propose", "Propose a link")
        return GroupStep(group, "validated_links", f"Ask a link group to visit {group.name}: a full member group "
                         f"is validated by {needed} of its link groups.", links_page, "Go to links and visits")
    return None


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
    holds_back_joining: bool = False  # a gap between a member and someone joining: keeps them joining

    @property
    def blocking(self) -> bool:
        """Marked like every gap that stands in the way (the key's "missing" style)."""
        return self.holds_back or self.holds_back_joining


@dataclass(frozen=True)
class Matrix:
    people: list[Membership]  # rows and columns, members first
    cells: dict[tuple[int, int], Cell]  # (giver practitioner id, receiver practitioner id)

    def cell(self, giver: Membership, receiver: Membership) -> Cell:
        return self.cells[(giver.practitioner_id, receiver.practitioner_id)]

    @property
    def gaps_holding_back(self) -> int:
        return sum(1 for c in self.cells.values() if c.holds_back)

    @property
    def gaps_holding_joining(self) -> int:
        return sum(1 for c in self.cells.values() if c.holds_back_joining)


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
                # R5: a joining person becomes a member once they and every member stand by each other.
                member_and_joining = (pair[0] in members) != (pair[1] in members)
                old = withdrawn.get(pair)
                if old is not None:
                    reason = old.withdrawal_reason if show_reasons else None
                    cells[pair] = Cell("withdrawn", old.withdrawn_at, reason, both_members, member_and_joining)
                else:
                    cells[pair] = Cell("gap", holds_back=both_members, holds_back_joining=member_and_joining)
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

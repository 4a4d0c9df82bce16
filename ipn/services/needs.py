"""What needs a practitioner across all their groups ("What needs me"): read-only, so that the
page asks one function rather than assembling rules in a view. The rules stay in ipn.rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from ipn import clock, rules
from ipn.extensions import db
from ipn.models import (
    Endorsement,
    Gathering,
    Group,
    Invitation,
    Link,
    Membership,
    PracticeRecord,
    Practitioner,
    Proposal,
    Statement,
    StatusChange,
)
from ipn.services import concerns as concerns_service
from ipn.services import facts, invitations, practice, proposals
from ipn.services.link_views import LinkView, active_links
from ipn.services.stand_bys import (
    StandByToGive,
    given_by,
    received_by,
    stand_bys_to_give,
)
from ipn.services.steps import Step, group_steps
from ipn.states import LinkState

LAPSE_WARNING_MONTHS = 3
RECENT_CHANGE_DAYS = 30


@dataclass(frozen=True)
class ConcernWaiting:
    """A concern that reached one of the person's groups and awaits the group's response.
    Says whom it is about and when, never who raised it nor how to reach them."""

    group: Group
    about: str  # a practitioner's name, or the group's
    raised_on: dt.date
    escalates_on: dt.date  # the day it goes to the group's link groups without a response
    days_left: int  # 0 when it is due today (or overdue and about to go)

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


@dataclass
class Needs:
    concerns: list[ConcernWaiting] = field(default_factory=list)
    joining: list[JoiningStep] = field(default_factory=list)
    group_steps: list[Step] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    stand_bys: list[StandByToGive] = field(default_factory=list)
    drafts: list[Statement] = field(default_factory=list)
    proposals: list[Link] = field(default_factory=list)
    lapsing: list[LinkView] = field(default_factory=list)  # the partner's validation of us lapses soon
    visits_owed: list[LinkView] = field(default_factory=list)  # our validation of the partner does not count
    changes: list[StatusChange] = field(default_factory=list)
    stays: list[Membership] = field(default_factory=list)
    positions: list[tuple[Proposal, Gathering]] = field(default_factory=list)  # awaiting one's position (R16)
    attestations: list[PracticeRecord] = field(default_factory=list)  # others' practice awaiting one (R19)

    @property
    def anything(self) -> bool:
        """Something asks this person to act (recent changes are news, not a request)."""
        return bool(self.concerns or self.positions or self.attestations or self.invitations or self.stand_bys or self.drafts
                    or self.proposals or self.lapsing or self.visits_owed or self.group_steps
                    or any(step.to_stand_by for step in self.joining))


def needs_of(person: Practitioner, today: dt.date | None = None) -> Needs:
    """Everything that waits for this person, across all their groups."""
    today = today or clock.today()
    stays = sorted(facts.current_stays(person), key=lambda s: s.group.name)
    member_of = [s.group for s in stays if s.member_since is not None]
    needs = Needs(stays=stays)
    needs.concerns = concerns_waiting(person, today)
    needs.positions = proposals.awaiting(person)
    needs.attestations = practice.awaiting_attestation(person)
    needs.invitations = invitations.pending_for(person)
    for stay in stays:
        if stay.member_since is None:
            needs.joining.append(joining_step(stay))
        else:
            needs.stand_bys.extend(stand_bys_to_give(stay))
    for group in member_of:
        needs.group_steps.extend(group_steps(group))
    for group in member_of:
        draft = facts.current_draft(group.id)
        if draft is not None and not _has_endorsed(draft, person):
            needs.drafts.append(draft)
    if member_of:
        needs.proposals = list(db.session.scalars(
            select(Link).where(Link.state == LinkState.PROPOSED, Link.partner_id.in_([g.id for g in member_of]))
            .order_by(Link.proposed_at, Link.id)))
    horizon = rules.add_months(today, LAPSE_WARNING_MONTHS)
    for group in member_of:
        for view in active_links(group, today):
            if view.of_us.counts and view.of_us.valid_until <= horizon:
                needs.lapsing.append(view)
            if not view.by_us.counts:
                needs.visits_owed.append(view)
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
                                      max((escalates_on - today).days, 0)))
    return waiting


def joining_step(stay: Membership) -> JoiningStep:
    """Who a joining person waits for, and whom they have still to stand by (members first)."""
    people = [m for m in facts.current_memberships(stay.group_id) if m.id != stay.id]
    people.sort(key=lambda m: (m.member_since is None, m.practitioner.name.casefold(), m.id))
    given, received = given_by(stay), received_by(stay)
    members = [m for m in people if m.member_since is not None]
    return JoiningStep(
        stay.group,
        waiting_for=[m.practitioner for m in members if m.id not in received],
        to_stand_by=[m.practitioner for m in members if m.id not in given],
        optional=[m.practitioner for m in people if m.member_since is None and m.id not in given],
    )


def _has_endorsed(statement: Statement, person: Practitioner) -> bool:
    return db.session.scalar(
        select(Endorsement.id).join(Membership, Membership.id == Endorsement.membership_id)
        .where(Endorsement.statement_id == statement.id, Membership.practitioner_id == person.id,
               Membership.left_at.is_(None))) is not None

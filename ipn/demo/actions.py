"""The demo story's verbs: each does one thing through the services, at its moment in
simulated time. `at(n)` moves the clock to n days before the load day; every action after it
happens a few minutes later than the one before."""

from __future__ import annotations

import datetime as dt
import unicodedata

from flask import current_app

from ipn import clock
from ipn.demo.content import DEMO_PASSWORD, GROUPS, PEOPLE, VALIDATION_NOTE
from ipn.demo.statements import STATEMENTS
from ipn.extensions import db
from ipn.models import Gathering, Group, Link, Practitioner
from ipn.services import accounts, groups, invitations, links, stand_bys, statements
from ipn.services.evaluation import catch_up
from ipn.states import GroupStatus, StatementState


def email_for(name: str) -> str:
    """firstname.lastname@example.org, in plain ASCII."""
    words = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split()
    return f"{words[0]}.{words[-1]}@example.org"


def saturday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


class Actions:
    """The demo's history, step by step. `at(n)` moves the clock to n days before the load
    day; every action after it happens a few minutes later than the one before."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.moment: dt.datetime | None = None
        # One full-strength hash of the shared demo password, rather than seventy.
        self.password_hash = accounts.hash_password(DEMO_PASSWORD)
        self.people: dict[str, Practitioner] = {}
        self.groups: dict[str, Group] = {}
        self.links: dict[frozenset[str], Link] = {}
        # Steps fixed to a day (the Gatherings), run as the story passes them: (days ago, step).
        self.agenda: list[tuple[int, object]] = []
        self.gathering_rows: dict[int, Gathering] = {}
        self.proposal_rows: dict[str, object] = {}

    # --- Time ------------------------------------------------------------------------------

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def at(self, days_ago: int) -> None:
        """Ten in the morning, `days_ago` days before the load day. As before every request,
        validations that have lapsed meanwhile are caught up first."""
        while self.agenda and self.agenda[0][0] > days_ago:
            self._run_step(*self.agenda.pop(0))
        moment = clock.start_of_day(self.day(days_ago)) + dt.timedelta(hours=10)
        assert self.moment is None or moment > self.moment, "the story only moves forward"
        self._set(moment)
        catch_up()

    def _run_step(self, days_ago: int, step) -> None:
        """A step of the agenda, in the evening of its day (or just after the story's moment)."""
        evening = clock.start_of_day(self.day(max(days_ago, 0))) + dt.timedelta(hours=19)
        self._set(max(evening, self.moment + dt.timedelta(minutes=3)) if self.moment else evening)
        catch_up()
        step()

    def _tick(self) -> None:
        self._set(self.moment + dt.timedelta(minutes=3))

    def _set(self, moment: dt.datetime) -> None:
        self.moment = moment
        current_app.config["FROZEN_NOW"] = moment

    # --- People and groups -----------------------------------------------------------------

    def person(self, name: str, region: str | None = None, looking: bool | None = None) -> Practitioner:
        self._tick()
        home, practice, wants_group = PEOPLE[name]
        self.people[name] = accounts.register(
            email=email_for(name), password=DEMO_PASSWORD, name=name, region=region or home,
            practice=practice, looking_for_group=wants_group if looking is None else looking,
            password_hash=self.password_hash, confirmed=True)
        return self.people[name]

    def register(self, *names: str) -> None:
        for name in names:
            if name not in self.people:
                self.person(name)

    def found(self, key: str, founder: str) -> Group:
        self._tick()
        name, region = GROUPS[key]
        self.groups[key] = groups.found_group(self.people[founder], name, region)
        return self.groups[key]

    def invite(self, key: str, inviter: str, invitee: str):
        self._tick()
        return invitations.invite(self.people[inviter], self.groups[key], self.people[invitee])

    def join(self, key: str, inviter: str, newcomer: str) -> None:
        invitation = self.invite(key, inviter, newcomer)
        self._tick()
        invitations.accept_invitation(self.people[newcomer], invitation)

    def stand_by(self, key: str, giver: str, receiver: str) -> None:
        self._tick()
        stand_bys.stand_by(self.people[giver], self.groups[key], self.people[receiver])

    def welcome(self, key: str, newcomer: str) -> None:
        """Every member and the newcomer stand by each other: the newcomer becomes a member."""
        group = self.groups[key]
        for member_id in groups.member_ids(group):
            member = db.session.get(Practitioner, member_id)
            if member.name != newcomer:
                self.stand_by(key, member.name, newcomer)
                self.stand_by(key, newcomer, member.name)

    def grow(self, key: str, inviter: str, newcomers: list[str], start: int, every: int = 2) -> None:
        """Newcomers join one by one, `every` days apart from `start` days ago, and are welcomed."""
        for i, newcomer in enumerate(newcomers):
            self.at(start - i * every)
            self.join(key, inviter, newcomer)
            self.welcome(key, newcomer)

    def publish(self, key: str, text_key: str, drafter: str, start: int) -> None:
        """A member drafts; the others endorse over the following days; the last publishes it."""
        group = self.groups[key]
        self.at(start)
        self._tick()
        draft = statements.draft_statement(self.people[drafter], group, STATEMENTS[text_key])
        self.endorse(key, draft, [drafter])
        others = [db.session.get(Practitioner, i).name for i in groups.member_ids(group)]
        for i, name in enumerate(n for n in others if n != drafter):
            if i % 2 == 0:
                self.at(start - 1 - i // 2)
            self.endorse(key, draft, [name])
        assert draft.state == StatementState.PUBLISHED, (key, draft.state)

    def endorse(self, key: str, draft, names: list[str]) -> None:
        for name in names:
            self._tick()
            statements.endorse(self.people[name], draft)

    def group(self, key: str, founder: str, others: list[str], start: int, statement: str,
              drafter: str | None = None) -> None:
        """A group founded, grown and publishing its statement: a member group, about a month on."""
        self.at(start)
        self.register(founder, *others)
        self.found(key, founder)
        self.grow(key, founder, others, start - 2, every=3)
        self.publish(key, statement, drafter or founder, start - 3 * len(others) - 4)
        assert self.groups[key].status == GroupStatus.MEMBER, (key, self.groups[key].status)

    # --- Links and visits ------------------------------------------------------------------

    def propose(self, key: str, proposer: str, partner: str) -> Link:
        self._tick()
        link = links.propose_link(self.people[proposer], self.groups[key], self.groups[partner])
        self.links[frozenset((key, partner))] = link
        return link

    def link(self, key: str, proposer: str, partner: str, accepter: str, days_ago: int) -> None:
        """Proposed on one day, accepted two days later."""
        self.at(days_ago)
        link = self.propose(key, proposer, partner)
        self.at(days_ago - 2)
        self._tick()
        links.accept_link(self.people[accepter], link)

    def visit(self, visiting: str, visitors: list[str], visited: str, dated: int, outcome: str = "validated",
              note: str = "") -> None:
        """Recorded by the first visitor; the visit is dated `dated` days ago (on or before now)."""
        self._tick()
        day = self.day(dated)
        assert day <= clock.today()
        links.record_visit(self.people[visitors[0]], self.links[frozenset((visiting, visited))],
                           self.groups[visited], day, outcome, [self.people[v] for v in visitors], note)

    def meet(self, a: str, a_people: list[str], b: str, b_people: list[str], dated: int, recorded: int) -> None:
        """A joint meeting: each group records that it validated the other."""
        self.at(recorded)
        self.visit(a, a_people, b, dated, note=VALIDATION_NOTE)
        self.visit(b, b_people, a, dated)


"""The demo network: a story of about three years, told through the services.

Nothing is written behind the rules' back: people register, found groups, invite, stand by,
publish statements, link, visit and dissolve through ipn.services, each at its moment in
simulated time (the FROZEN_NOW setting that ipn.clock reads), so the demo is a valid history
and `ipn reevaluate --all` finds nothing to correct. Gatherings are announced and attended,
and proposals decided, through the services too. The same story, names and texts every time; dates are relative to the day
it is loaded. The words live in ipn.demo_content.

The scenario, as of the load day:
- Severn Practitioners (Bristol), Calder Valley Group (Leeds), Thursday Circle (Glasgow) and
  Lewes Road Group (Brighton) are full member groups, linked in a ring, so each is validated
  by two groups that are not linked to each other. Severn has published a second version of
  its statement; Calder has a new draft with half its endorsements; Thursday Circle is open to
  new members, with one person joining and an invitation waiting.
- Wensum Group (Norwich) was a full member group until Calder's validation of it lapsed,
  about two months ago: it is a member group again.
- Taff Group (Cardiff) is validated by Severn and Calder, which are linked to each other: a
  closed triangle, so it stays a member group.
- Irwell Group (Manchester) was visited by Calder, who raised concerns; it has proposed a link
  to Thursday Circle, not yet answered.
- Stokes Croft Group (Bristol) is a member group, newly linked to Severn, open to new members.
- Weald Group (Brighton) was a member group until a stand-by was withdrawn: forming again.
- Tyne Bridge Group (Newcastle) dissolved by agreement, ending its link with Thursday Circle;
  two of its members have since founded the Jesmond Friday Group, still forming.
- Exe Valley Group (Exeter) is forming: two members and two joining, not yet stood by all.
- A few people are in no group, most of them looking for one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from flask import current_app
from sqlalchemy import delete, func, select

from ipn import clock, governance_rules, rules
from ipn.demo_content import (
    BLOCK_REASON,
    CONCERNS_NOTE,
    DEMO_PASSWORD,
    GATHERINGS,
    GROUPS,
    NETCOM,
    PEOPLE,
    PERSONAS,
    PROPOSALS,
    STATEMENTS,
    VALIDATION_NOTE,
    WITHDRAWAL_REASON,
)
from ipn.extensions import db
from ipn.models import Gathering, Group, Link, OutboxMessage, Practitioner
from ipn.services import (
    accounts,
    gatherings,
    groups,
    invitations,
    links,
    netcom,
    proposals,
    stand_bys,
    statements,
)
from ipn.services.evaluation import catch_up
from ipn.states import GroupStatus, StatementState


def email_for(name: str) -> str:
    """firstname.lastname@example.org, in plain ASCII."""
    words = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split()
    return f"{words[0]}.{words[-1]}@example.org"


def personas() -> list[tuple[str, str, str]]:
    """(email, name, who they are in the demo) for the people a newcomer can log in as."""
    return [(email_for(name), name, role) for name, role in PERSONAS]


def is_empty() -> bool:
    return not any(db.session.scalar(select(func.count()).select_from(model)) for model in
                   (Practitioner, Group, Gathering))


def load_demo() -> bool:
    """Load the demo network into an empty database, in one transaction; False (and nothing
    loaded) when the database is not empty."""
    if not is_empty():
        return False
    config = current_app.config
    had_frozen, frozen = "FROZEN_NOW" in config, config.get("FROZEN_NOW")

    def restore_clock() -> None:
        if had_frozen:
            config["FROZEN_NOW"] = frozen
        else:
            config.pop("FROZEN_NOW", None)

    try:
        Story(clock.today()).tell()
        restore_clock()
        catch_up()  # today: anything that lapsed since the story's last step
        # The story is history, told in a moment: none of its messages go to its invented people.
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        restore_clock()
    return True


def saturday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


class Story:
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

    # --- The story -------------------------------------------------------------------------

    def tell(self) -> None:
        self.plan_gatherings()
        self.founding_years()
        self.the_ring()
        self.second_wave()
        self.renewals()
        self.this_year()
        while self.agenda:  # the Gatherings still to announce, as the story ends
            self._run_step(*self.agenda.pop(0))

    def founding_years(self) -> None:
        self.group("severn", "Ruth Okafor", ["Martin Hale", "Siobhán Dwyer", "Hamid Qureshi", "Bethan Lloyd",
                                             "Clare Whitcombe", "Jonah Feld", "Rory Maguire"],
                   1095, "severn_v1")
        self.group("calder", "Anna Brightwell", ["Dev Mistry", "Kathleen Moran", "Olu Adeyemi",
                                                 "Frances Pickles", "Sam Ellery"],
                   1050, "calder_v1", drafter="Kathleen Moran")
        self.group("thursday", "Morag Cameron", ["Iain Fraser", "Aisha Rahman", "Callum McLeod", "Eilidh Grant",
                                                 "Niamh Gallagher"], 1020, "thursday")
        self.group("lewes_road", "Theo Marchetti", ["Hannah Brooks", "Yemi Oduya", "Rosalind Finch",
                                                    "Pete Gowan", "Lucy Tran"], 990, "lewes_road")
        # Gillian lived in Newcastle then, and nobody in the Tyne Bridge Group was looking.
        self.at(962)
        self.person("Patience Nwosu", looking=False)
        self.person("Gillian Hetherington", "Newcastle", looking=False)
        self.group("tyne", "Alan Robson", ["Wendy Charlton", "Brian Forster", "Patience Nwosu",
                                           "Gillian Hetherington"], 960, "tyne", drafter="Wendy Charlton")

    def the_ring(self) -> None:
        """Severn, Calder, Thursday and Lewes Road link in a ring and validate their neighbours."""
        self.link("severn", "Martin Hale", "calder", "Dev Mistry", 925)
        self.link("calder", "Anna Brightwell", "thursday", "Iain Fraser", 920)
        self.link("thursday", "Morag Cameron", "lewes_road", "Theo Marchetti", 915)
        self.link("lewes_road", "Yemi Oduya", "severn", "Ruth Okafor", 910)
        self.link("tyne", "Alan Robson", "thursday", "Callum McLeod", 905)
        self.meet("severn", ["Ruth Okafor", "Hamid Qureshi"], "calder", ["Anna Brightwell", "Olu Adeyemi"],
                  dated=898, recorded=896)
        self.meet("thursday", ["Iain Fraser", "Eilidh Grant"], "lewes_road", ["Pete Gowan", "Lucy Tran"],
                  dated=890, recorded=889)
        self.at(880)
        self.visit("calder", ["Frances Pickles", "Sam Ellery"], "thursday", dated=883)
        self.at(876)
        self.visit("lewes_road", ["Rosalind Finch"], "severn", dated=876)
        self.at(869)
        self.visit("severn", ["Siobhán Dwyer", "Jonah Feld"], "lewes_road", dated=872)
        self.at(860)
        self.visit("thursday", ["Aisha Rahman"], "calder", dated=861)
        self.meet("thursday", ["Niamh Gallagher"], "tyne", ["Brian Forster", "Patience Nwosu"],
                  dated=850, recorded=846)

    def second_wave(self) -> None:
        self.group("wensum", "Graham Whitlock", ["Judith Amos", "Kofi Mensah", "Esther Lowe", "Imogen Thorne"],
                   845, "wensum")
        self.link("wensum", "Judith Amos", "calder", "Kathleen Moran", 815)
        self.link("wensum", "Graham Whitlock", "lewes_road", "Hannah Brooks", 805)
        # Calder's only visit to Wensum: it lapses about two months before the load day.
        self.at(788)
        self.visit("calder", ["Dev Mistry", "Kathleen Moran"], "wensum", dated=790, note=VALIDATION_NOTE)
        self.group("weald", "Caroline Ashby", ["Daniel Osei", "Margaret Lyle", "Ben Hollis", "Sunita Kaur"],
                   760, "weald")
        self.at(698)
        self.visit("lewes_road", ["Theo Marchetti", "Yemi Oduya"], "wensum", dated=700)
        assert self.groups["wensum"].status == GroupStatus.FULL_MEMBER
        self.group("taff", "Rhian Evans", ["Owain Price", "Nadia Haddad", "Gwen Morgan", "Tom Beddoe"],
                   690, "taff", drafter="Owain Price")

        # The Tyne Bridge Group agrees, over a few weeks, to dissolve; its link ends with it.
        for days_ago, names in ((630, ["Brian Forster"]), (622, ["Alan Robson", "Wendy Charlton"]),
                                (615, ["Patience Nwosu", "Gillian Hetherington"])):
            self.at(days_ago)
            for name in names:
                self._tick()
                groups.agree_to_dissolve(self.people[name], self.groups["tyne"])
        assert self.groups["tyne"].status == GroupStatus.DISSOLVED

        # Taff links with Severn and Calder, who are linked to each other: a closed triangle.
        self.link("taff", "Rhian Evans", "severn", "Clare Whitcombe", 600)
        self.link("taff", "Tom Beddoe", "calder", "Olu Adeyemi", 595)
        self.at(590)
        for name in ("Patience Nwosu", "Gillian Hetherington"):
            self._tick()
            person = self.people[name]
            region, practice, _ = PEOPLE[name]
            accounts.update_profile(person, person.name, region, practice, looking_for_group=True)

        self.group("irwell", "Bernadette Quinn", ["Marcus Webb", "Farah Siddiqui", "Joe Kavanagh",
                                                  "Helen Ashworth"], 570, "irwell", drafter="Farah Siddiqui")
        self.at(540)
        self.visit("severn", ["Bethan Lloyd", "Martin Hale"], "taff", dated=541)
        self.at(520)
        self.visit("calder", ["Sam Ellery"], "taff", dated=524)
        assert self.groups["taff"].status == GroupStatus.MEMBER
        self.at(500)
        self.person("Declan Byrne")
        self.link("irwell", "Bernadette Quinn", "calder", "Frances Pickles", 480)

    def renewals(self) -> None:
        """The ring meets again before the first validations lapse; Rory retires."""
        self.meet("calder", ["Dev Mistry"], "severn", ["Hamid Qureshi", "Clare Whitcombe"],
                  dated=452, recorded=450)
        self.meet("lewes_road", ["Lucy Tran", "Hannah Brooks"], "severn", ["Ruth Okafor"],
                  dated=441, recorded=440)
        self.meet("thursday", ["Morag Cameron", "Callum McLeod"], "calder", ["Anna Brightwell"],
                  dated=432, recorded=430)
        self.meet("thursday", ["Iain Fraser"], "lewes_road", ["Pete Gowan", "Rosalind Finch"],
                  dated=422, recorded=421)
        self.at(420)
        self._tick()
        groups.leave(self.people["Rory Maguire"], self.groups["severn"])
        self.person("Sophie Garland")

        self.group("stokes_croft", "Ayo Bankole", ["Maeve Connolly", "Jake Penrose", "Rachel Stein",
                                                   "Luis Ortega"], 418, "stokes_croft")
        self._tick()
        groups.set_open(self.people["Ayo Bankole"], self.groups["stokes_croft"], True)

        # Severn rewrites its statement: version 2 replaces version 1, which stays public.
        self.publish("severn", "severn_v2", "Siobhán Dwyer", 380)

        # Calder visits Irwell and comes away with concerns.
        self.at(350)
        self.visit("calder", ["Olu Adeyemi", "Frances Pickles"], "irwell", dated=352, outcome="concerns",
                   note=CONCERNS_NOTE)
        # Lewes Road renews its validation of Wensum; Calder never comes back.
        self.at(329)
        self.visit("lewes_road", ["Theo Marchetti"], "wensum", dated=330)
        self.at(300)
        self.person("Mei Lin Chow")
        self.link("stokes_croft", "Rachel Stein", "severn", "Jonah Feld", 290)

    def this_year(self) -> None:
        self.at(250)
        self.person("Abdul Karim")
        self.meet("lewes_road", ["Yemi Oduya"], "severn", ["Bethan Lloyd", "Martin Hale"],
                  dated=205, recorded=203)
        self.at(200)
        self.person("Priya Raman")
        self._tick()
        groups.set_open(self.people["Morag Cameron"], self.groups["thursday"], True)
        self.at(180)
        self.person("Ingrid Solberg")

        # In the Weald Group, Margaret withdraws her stand-by of Ben: forming again.
        self.at(150)
        self._tick()
        stand_bys.withdraw_stand_by(self.people["Margaret Lyle"], self.groups["weald"], self.people["Ben Hollis"],
                                 WITHDRAWAL_REASON)
        assert self.groups["weald"].status == GroupStatus.FORMING
        self.person("Harriet Snell")

        # Two of the Tyne Bridge Group start again, in Jesmond.
        self.at(120)
        self.found("jesmond", "Alan Robson")
        self.join("jesmond", "Alan Robson", "Wendy Charlton")
        self.welcome("jesmond", "Wendy Charlton")
        self._tick()
        groups.set_open(self.people["Alan Robson"], self.groups["jesmond"], True)
        # Keeley joins Thursday Circle; three of the six stand by her so far.
        self.at(115)
        self.person("Keeley Shaw")
        self.join("thursday", "Morag Cameron", "Keeley Shaw")
        self.at(100)
        for member in ("Morag Cameron", "Iain Fraser", "Niamh Gallagher"):
            self.stand_by("thursday", member, "Keeley Shaw")
            self.stand_by("thursday", "Keeley Shaw", member)
        self.person("Fergus Doyle")
        self.at(98)
        self.person("Stephen Dodds")
        self.join("jesmond", "Wendy Charlton", "Stephen Dodds")
        self.stand_by("jesmond", "Alan Robson", "Stephen Dodds")

        # The Exe Valley Group forms.
        self.at(90)
        self.register("Jenny Harcourt", "Will Treloar", "Tomasz Nowak", "Chloe Vosper")
        self.found("exe", "Jenny Harcourt")
        self.at(85)
        self.join("exe", "Jenny Harcourt", "Will Treloar")
        self.welcome("exe", "Will Treloar")
        self._tick()
        groups.set_open(self.people["Jenny Harcourt"], self.groups["exe"], True)
        self.at(60)
        self.join("exe", "Will Treloar", "Tomasz Nowak")
        self.stand_by("exe", "Jenny Harcourt", "Tomasz Nowak")
        self.stand_by("exe", "Tomasz Nowak", "Jenny Harcourt")
        self.stand_by("exe", "Tomasz Nowak", "Will Treloar")

        self.at(40)
        self.propose("irwell", "Marcus Webb", "thursday")
        self.at(30)
        self.join("exe", "Jenny Harcourt", "Chloe Vosper")
        # Calder drafts a second version; three of its six members have endorsed it so far.
        self._tick()
        draft = statements.draft_statement(self.people["Anna Brightwell"], self.groups["calder"],
                                           STATEMENTS["calder_v2"])
        self.endorse("calder", draft, ["Anna Brightwell"])
        self.at(26)
        self.endorse("calder", draft, ["Dev Mistry", "Sam Ellery"])
        self.at(20)
        self.invite("thursday", "Iain Fraser", "Fergus Doyle")
        self.at(14)
        self.invite("jesmond", "Alan Robson", "Priya Raman")
        self.at(10)
        self.invite("exe", "Jenny Harcourt", "Harriet Snell")

    # --- Gatherings and the network's rules (SPEC R16) --------------------------------------

    def plan_gatherings(self) -> None:
        """Each Gathering announced eight weeks before its day; at three of them the network
        decides: one proposal ratified (so the rules have a history), one blocked, one with
        consensus awaiting the next Gathering."""
        announcers = ["Ruth Okafor", "Anna Brightwell", "Morag Cameron", "Theo Marchetti"]
        for i, (months, place) in enumerate(GATHERINGS):
            day = saturday_after(rules.add_months(self.today, months))
            days_ago = (self.today - day).days

            def announce(months=months, day=day, place=place, who=announcers[i % len(announcers)]):
                self.gathering_rows[months] = gatherings.announce(self.people[who], day, place)

            self.agenda.append((min(days_ago + 56, 1090), announce))
            step = {-16: self.hebden_bridge, -8: self.norwich, -3: self.brighton}.get(months)
            if step is not None:
                self.agenda.append((days_ago, step))
        self.agenda.sort(key=lambda item: -item[0])

    def attend(self, months: int, names: list[str]):
        where = self.gathering_rows[months]
        for name in names:
            self._tick()
            gatherings.attend(self.people[name], where)
        return where

    def position(self, key: str, where, name: str, position: str, reason: str = "") -> None:
        self._tick()
        proposals.record_position(self.people[name], self.proposal_rows[key], where, position, reason)

    def present(self, key: str, where) -> None:
        self._tick()
        author, title, text, changes = PROPOSALS[key]
        self.proposal_rows[key] = proposals.record(self.people[author], title, text, changes, where)

    def hebden_bridge(self) -> None:
        where = self.attend(-16, ["Ruth Okafor", "Anna Brightwell", "Morag Cameron", "Theo Marchetti"])
        self.present("quarter", where)
        self.present("four", where)
        for name in ("Anna Brightwell", "Ruth Okafor", "Morag Cameron", "Theo Marchetti"):
            self.position("quarter", where, name, governance_rules.AGREE)
        self.position("four", where, "Theo Marchetti", governance_rules.AGREE)
        self.position("four", where, "Ruth Okafor", governance_rules.STAND_ASIDE)
        self.position("four", where, "Morag Cameron", governance_rules.BLOCK, BLOCK_REASON)
        assert proposals.state(self.proposal_rows["quarter"]).state == governance_rules.CONSENSUS
        assert proposals.state(self.proposal_rows["four"]).state == governance_rules.BLOCKED

    def norwich(self) -> None:
        where = self.attend(-8, ["Ruth Okafor", "Anna Brightwell", "Morag Cameron", "Martin Hale"])
        # The minutes record the stand-aside first: the agreement that completes consensus at a
        # later Gathering puts the proposal in force at once, and nothing can be added after it.
        self.position("quarter", where, "Ruth Okafor", governance_rules.STAND_ASIDE)
        self.position("quarter", where, "Martin Hale", governance_rules.STAND_ASIDE)
        self.position("quarter", where, "Anna Brightwell", governance_rules.AGREE)
        assert proposals.state(self.proposal_rows["quarter"]).state == governance_rules.IN_FORCE
        self.newsletter(-8, "Anna Brightwell")

    def brighton(self) -> None:
        where = self.attend(-3, ["Ruth Okafor", "Kathleen Moran", "Theo Marchetti", "Morag Cameron"])
        self.present("eighteen", where)
        for name in ("Kathleen Moran", "Theo Marchetti", "Ruth Okafor"):
            self.position("eighteen", where, name, governance_rules.AGREE)
        self.position("eighteen", where, "Morag Cameron", governance_rules.STAND_ASIDE)
        assert proposals.state(self.proposal_rows["eighteen"]).state == governance_rules.CONSENSUS
        self.newsletter(-3, "Theo Marchetti")

    def newsletter(self, months: int, author: str) -> None:
        self._tick()
        title, text = NETCOM[months]
        netcom.write(self.people[author], self.gathering_rows[months], title, text, publish=True)

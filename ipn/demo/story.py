"""The demo's history, chapter by chapter, as of the load day:
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

from ipn.demo.actions import Actions
from ipn.demo.content import CONCERNS_NOTE, PEOPLE, VALIDATION_NOTE, WITHDRAWAL_REASON
from ipn.demo.governance import GovernanceChapters
from ipn.demo.practice import PracticeChapters
from ipn.demo.statements import STATEMENTS
from ipn.services import accounts, groups, stand_bys, statements
from ipn.states import GroupStatus


class Story(GovernanceChapters, PracticeChapters, Actions):
    # --- The story -------------------------------------------------------------------------

    def tell(self) -> None:
        self.plan_gatherings()
        self.plan_practice()
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


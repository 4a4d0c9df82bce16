"""The demo's Gatherings and the network governing its own rules (SPEC R16): Gatherings
announced and attended, one proposal ratified (so the rules have a history), one blocked, one
with consensus awaiting the next Gathering, and NetCom issues."""

from __future__ import annotations

from ipn import governance_rules, rules
from ipn.demo.actions import Actions, saturday_after
from ipn.demo.content import BLOCK_REASON, GATHERINGS, NETCOM, PROPOSALS
from ipn.services import gatherings, netcom, proposals


class GovernanceChapters(Actions):
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


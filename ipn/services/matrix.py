"""The stand-by matrix of a group's workspace: who stands by whom among the people now in the
group, withdrawals with their dates (and, for members, their reasons), and the gaps that hold
the group or someone joining back (R4-R6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ipn.models import Group, Membership
from ipn.services.facts import current_memberships, latest_stand_bys


class CellState(StrEnum):
    SELF = "self"
    STANDS = "stands"
    WITHDRAWN = "withdrawn"
    GAP = "gap"

@dataclass(frozen=True)
class Cell:
    """One giver -> receiver square of the stand-by matrix."""

    state: CellState
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
    live, withdrawn = latest_stand_bys(group.id, stays)
    members = {m.practitioner_id for m in stays if m.member_since is not None}
    cells = {}
    for giver in stays:
        for receiver in stays:
            pair = (giver.practitioner_id, receiver.practitioner_id)
            if pair[0] == pair[1]:
                cells[pair] = Cell(CellState.SELF)
            elif pair in live:
                cells[pair] = Cell(CellState.STANDS, live[pair].created_at)
            else:
                both_members = pair[0] in members and pair[1] in members
                # R5: a joining person becomes a member once they and every member stand by each other.
                member_and_joining = (pair[0] in members) != (pair[1] in members)
                old = withdrawn.get(pair)
                if old is not None:
                    reason = old.withdrawal_reason if show_reasons else None
                    cells[pair] = Cell(CellState.WITHDRAWN, old.withdrawn_at, reason, both_members, member_and_joining)
                else:
                    cells[pair] = Cell(CellState.GAP, holds_back=both_members, holds_back_joining=member_and_joining)
    return Matrix(stays, cells)



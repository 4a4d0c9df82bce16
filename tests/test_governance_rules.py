"""The pure rules of how the network decides (ipn.governance_rules, SPEC R16), and the rules'
own values (ipn.rules.Settings): no database, no app."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from ipn import governance_rules as gov
from ipn.rules import Settings

UTC = dt.timezone.utc
THIRD = Fraction(1, 3)


def stance(pid, position, day=dt.date(2026, 2, 7)):
    return gov.Stance(pid, position, dt.datetime.combine(day, dt.time(12), tzinfo=UTC))


@pytest.mark.parametrize(("represented", "groups", "met"), [
    (0, 3, False), (1, 3, True), (1, 4, False), (2, 4, True), (2, 6, True), (2, 7, False), (3, 7, True),
])
def test_quorum_is_a_third_of_the_member_groups_rounded_up(represented, groups, met):
    member_level = list(range(groups))
    assert gov.quorum(member_level[:represented], member_level, THIRD).met is met


def test_groups_that_are_not_member_groups_do_not_count_and_nobody_decides_for_an_empty_network():
    assert gov.quorum([7, 8], [1, 2, 3], THIRD).met is False
    assert gov.quorum([], [], THIRD).met is False


def test_consensus_needs_quorum_an_agreement_and_no_block():
    agree, aside, block = stance(1, gov.AGREE), stance(2, gov.STAND_ASIDE), stance(3, gov.BLOCK)
    assert gov.consensus([agree, aside], quorate=True).consensus
    assert not gov.consensus([agree], quorate=False).consensus
    assert not gov.consensus([aside], quorate=True).consensus
    blocked = gov.consensus([agree, block], quorate=True)
    assert not blocked.consensus and blocked.blocked


def verdict(gid, day, consensus=False, blocked=False, at=None):
    reached = dt.datetime.combine(at or day, dt.time(12), tzinfo=UTC) if consensus else None
    return gov.GatheringVerdict(gid, day, gov.Verdict(True, consensus, blocked, reached))


def test_a_proposal_is_ratified_at_a_later_gathering_from_the_later_of_its_day_and_the_record():
    first, second = dt.date(2026, 2, 7), dt.date(2026, 6, 6)
    assert gov.proposal_state([verdict(1, first)], False, None).state == gov.PRESENTED
    assert gov.proposal_state([verdict(1, first, True)], False, None).state == gov.CONSENSUS
    late = dt.date(2026, 6, 20)  # the minutes of the second Gathering were recorded a fortnight on
    state = gov.proposal_state([verdict(1, first, True), verdict(2, second, True, at=late)], False, None)
    assert (state.state, state.consensus_at, state.ratified_at, state.effective_from) == (
        gov.RATIFIED, 1, 2, late)
    # A block at the later Gathering stops it.
    assert gov.proposal_state([verdict(1, first, True), verdict(2, second, blocked=True)], False,
                              None).state == gov.BLOCKED
    # A decision judged immediately necessary: one quorate consensus is enough.
    assert gov.proposal_state([verdict(1, first, True)], True, None).effective_from == first
    # Once in force it stays so, whatever is recorded later.
    assert gov.proposal_state([verdict(1, first, blocked=True)], False, second).state == gov.IN_FORCE


def test_rule_values_are_typed_and_checked():
    assert Settings.coerce("min_members", "4") == 4
    assert Settings.coerce("triangle_rule", "off") is False
    assert Settings.coerce("quorum_fraction", "1/4") == Fraction(1, 4)
    assert Settings.coerce("quorum_fraction", 0.25) == Fraction(1, 4)
    for name, bad in (("min_members", 0), ("min_members", True), ("min_members", 4.5),
                      ("quorum_fraction", "2"), ("quorum_fraction", 0), ("triangle_rule", "maybe")):
        with pytest.raises((ValueError, ZeroDivisionError)):
            Settings.coerce(name, bad)
    stored = Settings().changed({"min_members": 4}).as_dict()
    assert stored["quorum_fraction"] == "1/3" and Settings.from_dict(stored).min_members == 4
    # A version stored before a rule existed reads that rule's default.
    assert Settings.from_dict({"min_members": 4}).quorum_fraction == THIRD

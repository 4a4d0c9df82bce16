"""The network's rules as pure functions, each with its edges."""

import datetime as dt

import pytest

from ipn import graph, rules
from ipn.rules import GroupFacts, Person, Settings
from ipn.states import GroupStatus

SETTINGS = Settings()
TODAY = dt.date(2026, 11, 23)


def people(n, start=1):
    return tuple(Person(i, f"P{i}") for i in range(start, start + n))


def all_pairs(ids):
    return frozenset((a, b) for a in ids for b in ids if a != b)


def facts(n_members=5, joining=(), stand_bys=None, withdrawn=None, statement=True, **extra):
    members = people(n_members)
    ids = [p.id for p in members]
    return GroupFacts(
        id=1, name="River", members=members, joining=tuple(joining),
        stand_bys=all_pairs(ids) if stand_bys is None else frozenset(stand_bys),
        withdrawn=withdrawn or {}, statement_published_on=dt.date(2025, 1, 1) if statement else None, **extra)


def lone_graph():
    return graph.build_graph([graph.Node(1, "river", "River", "member")], [], [])


def network(visits, links=(), statuses=None):
    """Group 1 with partners 2, 3, 4; `links` are extra active links among partners."""
    statuses = statuses or {}
    nodes = [graph.Node(i, f"g{i}", name, statuses.get(i, "member"))
             for i, name in ((1, "River"), (2, "Hill"), (3, "Oak"), (4, "Ash"))]
    active = [graph.ActiveLink(10 + p, 1, p) for p in (2, 3, 4)]
    active += [graph.ActiveLink(100 + i, a, b) for i, (a, b) in enumerate(links)]
    latest = [graph.LatestVisit(10 + p, p, 1, day, outcome) for p, day, outcome in visits]
    return graph.build_graph(nodes, active, latest)


def test_five_members_standing_by_each_other_with_a_statement_are_a_member_group():
    assessment = rules.assess(facts(), lone_graph(), TODAY, SETTINGS)
    assert assessment.status == GroupStatus.MEMBER
    assert [c.rule for c in assessment.criteria][:3] == ["members", "stand_bys", "statement"]


def test_four_members_are_not_enough_and_the_criteria_say_so():
    assessment = rules.assess(facts(n_members=4), lone_graph(), TODAY, SETTINGS)
    assert assessment.status == GroupStatus.FORMING
    assert assessment.criteria[0].detail == "4 members (5 to 9 needed)"
    assert not assessment.criteria[0].met


def test_joining_members_do_not_demote_a_group():
    newcomer = Person(9, "Newcomer")
    assessment = rules.assess(facts(joining=[newcomer]), lone_graph(), TODAY, SETTINGS)
    assert assessment.status == GroupStatus.MEMBER
    assert "1 joining (not counted yet)" in assessment.criteria[0].detail


def test_a_withdrawn_stand_by_breaks_standing_by_and_says_who_withdrew():
    ids = [1, 2, 3, 4, 5]
    pairs = all_pairs(ids) - {(2, 3)}
    broken = facts(stand_bys=pairs, withdrawn={(2, 3): dt.date(2026, 11, 1)})
    assessment = rules.assess(broken, lone_graph(), TODAY, SETTINGS)
    assert assessment.status == GroupStatus.FORMING
    assert "1 of 20 stand-bys missing: P2 withdrew their stand-by of P3 on 2026-11-01" == assessment.criteria[1].detail
    restored = facts(stand_bys=all_pairs(ids))
    assert rules.assess(restored, lone_graph(), TODAY, SETTINGS).status == GroupStatus.MEMBER


def test_missing_stand_bys_are_named():
    pairs = all_pairs([1, 2, 3, 4, 5]) - {(1, 2), (3, 1)}
    detail = rules.stand_bys_criterion(facts(stand_bys=pairs)).detail
    assert detail == "2 of 20 stand-bys missing: P1 does not yet stand by P2; P3 does not yet stand by P1"


def test_a_newcomer_becomes_a_member_once_stood_by_each_way():
    newcomer = Person(9, "Newcomer")
    ids = [1, 2, 3, 4, 5]
    half = all_pairs(ids) | {(m, 9) for m in ids}
    assert rules.promotable(facts(joining=[newcomer], stand_bys=half)) == []
    both = half | {(9, m) for m in ids}
    assert rules.promotable(facts(joining=[newcomer], stand_bys=both)) == [9]


def test_when_every_member_has_left_those_joining_become_members():
    remaining = GroupFacts(id=1, name="River", members=(), joining=people(2, start=7))
    assert rules.promotable(remaining) == [7, 8]


def test_ten_members_are_too_many_for_standing_by():
    big = facts(n_members=10)
    assert not rules.standing_by_accomplished(big, SETTINGS)


@pytest.mark.parametrize(
    ("visit", "last_day"),
    [(dt.date(2024, 11, 23), dt.date(2026, 11, 23)), (dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
     (dt.date(2024, 8, 31), dt.date(2026, 8, 31))],
)
def test_a_validation_counts_for_24_months_to_the_day(visit, last_day):
    assert rules.validation_last_day(visit, SETTINGS) == last_day


def test_full_membership_holds_through_the_last_day_and_lapses_the_day_after():
    visited = dt.date(2024, 11, 23)
    g = network([(2, visited, "validated"), (3, dt.date(2026, 1, 1), "validated")])
    on_last_day = rules.assess(facts(), g, dt.date(2026, 11, 23), SETTINGS)
    assert on_last_day.status == GroupStatus.FULL_MEMBER
    assert on_last_day.until == dt.date(2026, 11, 23)
    day_after = rules.assess(facts(), g, dt.date(2026, 11, 24), SETTINGS)
    assert day_after.status == GroupStatus.MEMBER
    links = next(c for c in day_after.criteria if c.rule == "validated_links")
    assert "validated links: 1 of 2" in links.detail
    assert "Hill's validation lapsed on 2026-11-24" in links.detail


def test_concerns_are_not_a_validation():
    g = network([(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 1, 1), "concerns")])
    assessment = rules.assess(facts(), g, TODAY, SETTINGS)
    assert assessment.status == GroupStatus.MEMBER
    assert "Oak raised concerns at its visit on 2026-01-01" in assessment.criteria[3].detail


def test_a_partner_that_is_not_a_member_group_does_not_count():
    g = network([(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 1, 1), "validated")],
                statuses={3: "forming"})
    assessment = rules.assess(facts(), g, TODAY, SETTINGS)
    assert assessment.status == GroupStatus.MEMBER
    assert "Oak is not itself a member group at present" in assessment.criteria[3].detail


def test_a_closed_triangle_counts_as_one_and_a_third_partner_widens_it():
    two = [(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 1, 1), "validated")]
    closed = network(two, links=[(2, 3)])
    assessment = rules.assess(facts(), closed, TODAY, SETTINGS)
    assert assessment.status == GroupStatus.MEMBER
    triangle = next(c for c in assessment.criteria if c.rule == "triangle")
    assert triangle.detail == "Hill and Oak are linked to each other, so together they count as one"
    assert "validated links: 1 of 2" in assessment.criteria[3].detail
    assert not assessment.criteria[3].met
    assert assessment.summary == ("validated links: 1 of 2: Hill and Oak are linked to each other, "
                                  "so together they count as one")
    widened = network(two + [(4, dt.date(2026, 2, 1), "validated")], links=[(2, 3)])
    assert rules.assess(facts(), widened, TODAY, SETTINGS).status == GroupStatus.FULL_MEMBER


def test_without_the_triangle_rule_a_closed_triangle_is_enough():
    two = [(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 1, 1), "validated")]
    relaxed = Settings(triangle_rule=False)
    assert rules.assess(facts(), network(two, links=[(2, 3)]), TODAY, relaxed).status == GroupStatus.FULL_MEMBER


def test_full_status_lasts_until_the_widening_set_breaks():
    visits = [(2, dt.date(2025, 1, 1), "validated"), (3, dt.date(2025, 6, 1), "validated"),
              (4, dt.date(2026, 1, 1), "validated")]
    assessment = rules.assess(facts(), network(visits), TODAY, SETTINGS)
    # Hill lapses after 2027-01-01, but Oak and Ash still count until Oak lapses.
    assert assessment.until == dt.date(2027, 6, 1)


def test_settings_come_from_configuration():
    settings = Settings.from_config({"NETWORK_MIN_MEMBERS": "4", "NETWORK_MAX_MEMBERS": 8,
                                     "NETWORK_TRIANGLE_RULE": "false"})
    assert (settings.min_members, settings.max_members, settings.triangle_rule) == (4, 8, False)
    four = facts(n_members=4)
    assert rules.assess(four, lone_graph(), TODAY, settings).status == GroupStatus.MEMBER


def test_a_dissolved_group_is_dissolved_whatever_else_holds():
    gone = facts(dissolved_on=dt.date(2026, 5, 1))
    assessment = rules.assess(gone, lone_graph(), TODAY, SETTINGS)
    assert assessment.status == GroupStatus.DISSOLVED
    assert assessment.criteria[0].detail == "the group dissolved on 2026-05-01"


def test_at_risk_names_groups_that_would_lose_full_membership():
    visits = [(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 1, 1), "validated")]
    g = network(visits, statuses={1: "full_member"})
    graph.set_member_level(g, 1, "full_member")
    assert graph.at_risk_if_dissolved(g, 2, TODAY, SETTINGS) == [1]
    assert graph.at_risk_if_link_ended(g, 1, 3, TODAY, SETTINGS) == [1]
    assert graph.at_risk_if_link_ended(g, 1, 4, TODAY, SETTINGS) == []
    assert graph.connected_parts(g) == [{1, 2, 3, 4}]
    assert set(graph.neighbourhood(g, 2, radius=1).nodes) == {1, 2}


def test_a_full_member_groups_summary_names_the_validations_behind_it():
    visits = [(2, dt.date(2026, 1, 1), "validated"), (3, dt.date(2026, 2, 1), "validated")]
    summary = rules.assess(facts(), network(visits), TODAY, SETTINGS).summary
    assert summary.startswith("validated links: 2 of 2: Hill validated it on 2026-01-01")


def test_a_lapsed_validation_by_a_group_whose_name_ends_in_s_reads_well():
    nodes = [graph.Node(1, "river", "River", "member"), graph.Node(2, "severn", "Severn Practitioners", "member")]
    g = graph.build_graph(nodes, [graph.ActiveLink(10, 1, 2)],
                          [graph.LatestVisit(10, 2, 1, dt.date(2024, 1, 1), "validated")])
    detail = rules.full_membership(g, 1, TODAY, SETTINGS).criteria[0].detail
    assert "Severn Practitioners' validation lapsed on 2026-01-02" in detail


def test_a_group_in_which_everyone_stands_by_everyone_is_judged_as_with_every_pair_listed():
    """A whole network's facts name such a group's stand-bys as EveryPair, not listed one by
    one; every rule reads them as it reads the list, joining people included."""
    newcomer = Person(9, "P9")
    listed = facts(joining=[newcomer], stand_bys=all_pairs([1, 2, 3, 4, 5, 9]))
    every = facts(joining=[newcomer], stand_bys=rules.EveryPair([1, 2, 3, 4, 5, 9]))
    assert every.stand_bys == listed.stand_bys and len(every.stand_bys) == 30
    assert rules.promotable(every) == rules.promotable(listed) == [9]
    assert rules.missing_stand_bys(every) == [] and (1, 1) not in every.stand_bys
    assert rules.assess(every, lone_graph(), TODAY, SETTINGS) == rules.assess(listed, lone_graph(), TODAY, SETTINGS)


def test_a_single_member_stands_by_no_one_even_where_the_smallest_group_is_one():
    """With min_members ratified down to 1, a lone member still has no one to stand by: the
    group is forming, and its stand-by criterion is the one that says why."""
    one = Settings(min_members=1)
    alone = facts(n_members=1)
    assessment = rules.assess(alone, lone_graph(), TODAY, one)
    assert assessment.status == GroupStatus.FORMING
    assert [c.rule for c in assessment.criteria[:3] if not c.met] == ["stand_bys"]
    assert not rules.is_member_level(alone, one)
    assert rules.assess(facts(n_members=2), lone_graph(), TODAY, one).status == GroupStatus.MEMBER


@pytest.mark.parametrize("visits, links, statuses", [
    ([(2, TODAY, "validated"), (3, TODAY, "validated")], [], {}),
    ([(2, TODAY, "validated"), (3, TODAY, "validated")], [(2, 3)], {}),
    ([(2, TODAY, "validated"), (3, TODAY, "concerns")], [], {}),
    ([(2, TODAY, "validated"), (3, dt.date(2024, 1, 1), "validated")], [], {}),
    ([(2, TODAY, "validated"), (3, TODAY, "validated")], [], {3: "forming"}),
    ([(2, TODAY, "validated"), (3, TODAY, "validated"), (4, TODAY, "validated")], [(2, 3)], {}),
])
def test_the_status_alone_is_the_assessments_status(visits, links, statuses):
    """rules.status_of (what judging a whole network uses) says what rules.assess says."""
    graph_ = network(visits, links, statuses)
    for one in (facts(), facts(statement=False), facts(n_members=4)):
        status = rules.assess(one, graph_, TODAY, SETTINGS).status
        assert rules.status_of(one, graph_, TODAY, SETTINGS) == status
        # Counted, as a whole network's insides are read, and judged with every group at once
        # on the graph of the member-level groups alone.
        counted = rules.standing_of(one)
        assert rules.status_of(counted, graph_, TODAY, SETTINGS) == status
        members = [n for n in (2, 3, 4) if graph_.nodes[n]["member_level"]]
        members += [1] if rules.is_member_level(counted, SETTINGS) else []
        links = [graph.ActiveLink(d["link_id"], a, b) for a, b, d in graph_.edges(data=True) if a < b]
        visits = [d["visit"] for _, _, d in graph_.edges(data=True) if d["visit"]]
        assert rules.statuses_of({1: counted}, graph.member_level_graph(members, links, visits),
                                 TODAY, SETTINGS) == {1: status}

"""The defects found while putting each rule in one place (issue: one rule, one word), each as a
person meets it: a partner's timeline that named a stranger, days written two ways on one page,
a triangle reported where there was none; and the validation rule asked in one place."""

import datetime as dt

import pytest

from ipn import clock, graph, rules
from ipn.extensions import db
from ipn.rules import GroupFacts, Person, Settings
from ipn.services import facts, groups, history
from ipn.states import GroupStatus, ValidationState, VisitOutcome
from tests import factories as f
from tests.pages import text_of

TODAY = dt.date(2026, 11, 23)


def test_a_partner_demoted_by_someone_leaving_another_group_says_which_group_changed(app):
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        f.validate(f.link(river, hill), hill, river[0])
        f.validate(f.link(river, oak), oak, river[0])
        assert river[0].status == GroupStatus.FULL_MEMBER
        db.session.commit()
        leaver = hill[1][4]
        groups.leave(leaver, hill[0])
        assert hill[0].status == GroupStatus.FORMING
        assert river[0].status == GroupStatus.MEMBER
        latest = history.timeline(river[0])[0]
        # Nobody called Hill Group Person 5 was ever in River Group: its timeline says what changed for it.
        assert latest.cause == f"Hill Group became forming after {leaver.name} left"
        assert history.timeline(hill[0])[0].cause == f"{leaver.name} left"


def test_the_criteria_on_a_page_write_every_day_the_way_the_page_does(app, client):
    with app.app_context():
        river, hill = f.member_group("River Group"), f.member_group("Hill Group")
        visit_day = clock.today() - dt.timedelta(days=40)
        f.validate(f.link(river, hill), hill, river[0], on=visit_day)
        slug = river[0].slug
        last_day = rules.validation_last_day(visit_day, facts.settings())
        db.session.commit()
    page = text_of(client.get(f"/groups/{slug}"))
    human = f"{visit_day.day} {visit_day:%B %Y}"
    assert f"Hill Group validated it on {human}, counting until {last_day.day} {last_day:%B %Y}" in page
    assert visit_day.isoformat() not in page


def lone_validator_graph():
    nodes = [graph.Node(1, "river", "River", "member"), graph.Node(2, "hill", "Hill", "member")]
    return graph.build_graph(nodes, [graph.ActiveLink(10, 1, 2)],
                             [graph.LatestVisit(10, 2, 1, dt.date(2026, 10, 1), VisitOutcome.VALIDATED)])


def member_facts():
    people = tuple(Person(i, f"P{i}") for i in range(1, 6))
    pairs = frozenset((a.id, b.id) for a in people for b in people if a != b)
    return GroupFacts(id=1, name="River", members=people, stand_bys=pairs,
                      statement_published_on=dt.date(2025, 1, 1))


def test_with_one_validator_the_triangle_rule_is_not_broken_and_the_links_say_what_is_missing():
    assessment = rules.assess(member_facts(), lone_validator_graph(), TODAY, Settings())
    by_rule = {c.rule: c for c in assessment.criteria}
    assert assessment.status == GroupStatus.MEMBER
    assert not by_rule["validated_links"].met
    assert by_rule["validated_links"].detail.startswith("validated links: 1 of 2")
    assert by_rule["triangle"].met, by_rule["triangle"].detail
    assert "linked to each other" in by_rule["triangle"].detail and "no two" in by_rule["triangle"].detail


@pytest.mark.parametrize(("visit", "outcome", "today", "state", "until"), [
    (None, None, TODAY, ValidationState.NONE, None),
    (dt.date(2025, 1, 10), VisitOutcome.CONCERNS, TODAY, ValidationState.CONCERNS, None),
    (dt.date(2024, 11, 23), VisitOutcome.VALIDATED, dt.date(2026, 11, 23), ValidationState.VALID,
     dt.date(2026, 11, 23)),
    (dt.date(2024, 11, 23), VisitOutcome.VALIDATED, dt.date(2026, 11, 24), ValidationState.LAPSED,
     dt.date(2026, 11, 23)),
])
def test_one_function_says_whether_a_validation_counts_until_when_and_when_it_lapses(visit, outcome, today,
                                                                                      state, until):
    latest = None if visit is None else graph.LatestVisit(1, 2, 1, visit, outcome)
    validation = rules.validation(latest, today, Settings())
    assert (validation.state, validation.valid_until) == (state, until)
    assert validation.counts == (state == ValidationState.VALID)
    assert validation.lapses_on == (until + dt.timedelta(days=1) if until else None)


def test_the_validation_period_is_the_rules_not_a_constant():
    latest = graph.LatestVisit(1, 2, 1, dt.date(2025, 1, 31), VisitOutcome.VALIDATED)
    assert rules.validation(latest, TODAY, Settings(validation_months=18)).valid_until == dt.date(2026, 7, 31)
    assert rules.validation(latest, TODAY, Settings(validation_months=18)).state == ValidationState.LAPSED

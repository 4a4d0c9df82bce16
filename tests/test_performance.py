"""Issue 13, what is behaviour rather than timing: each public page and API list makes the same
number of SQL queries, at most 12, on a small and on a larger network; and the set-based full
re-evaluation derives exactly what the one-group path derives, group by group."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event, select

from ipn import clock, rules
from ipn.bench import measure, network
from ipn.extensions import db
from ipn.models import Group
from ipn.services import evaluation, facts, groups, rulebook
from ipn.states import MEMBER_LEVEL
from tests import factories as f

NOW = dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def app_config(app_config):
    # The bench's network is generated as of a fixed moment; the page cache is off, so that
    # every request renders its page (what a first visitor after a change costs).
    return {**app_config, "FROZEN_NOW": NOW, "PAGE_CACHE": False}


def generated(app, size: int) -> network.Plan:
    with app.app_context():
        return f.bench_network(size)


def queries_per_page(app, client, plan: network.Plan) -> dict[str, int]:
    """The SQL statements of each page's third request (the first two warm what is kept per
    generation of the network: counts, regions, the map's layout)."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = {}
        for name, address in measure.pages(plan).items():
            for _ in range(2):
                assert client.get(address).status_code == 200, address
            seen.clear()
            assert client.get(address).status_code == 200, address
            result[name] = len(seen)
        return result
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def second_app(app_config, tmp_path, database_url):
    """Another registry on a database of its own (on PostgreSQL: a second database)."""
    from sqlalchemy import create_engine, text

    from ipn import create_app
    from ipn.models import Base

    if database_url.startswith("postgresql"):
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS ipn_test_larger WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE ipn_test_larger"))
        url = admin.url.set(database="ipn_test_larger").render_as_string(hide_password=False)
    else:
        admin, url = None, f"sqlite:///{tmp_path / 'larger.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    other = create_app({**app_config, "DATABASE_URL": url})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS ipn_test_larger WITH (FORCE)"))
        admin.dispose()


def test_every_public_page_makes_the_same_few_queries_at_any_size(app, client, second_app):
    small = queries_per_page(app, client, generated(app, 40))
    larger = queries_per_page(second_app, second_app.test_client(), generated(second_app, 400))
    assert small == larger
    assert max(small.values()) <= 12, small


def test_the_set_based_re_evaluation_agrees_with_the_one_group_path(app):
    """On a varied network (lapsed and current validations, dissolved, forming and
    withdrawn-stand-by groups from the bench's generator, and drafts endorsed by some or all,
    joining people and a triangle made through the real services), recompute_all's statuses,
    criteria and last days are those of facts.assess, one group at a time."""
    generated(app, 120)
    with app.app_context():
        bay, bay_people = f.member_group("Bay", size=6)
        cove, cove_people = f.member_group("Cove")
        reef = f.member_group("Reef")
        f.validate(f.link((bay, bay_people), (cove, cove_people)), (cove, cove_people), bay, clock.today())
        f.validate(f.link((bay, bay_people), reef), reef, bay, clock.today())
        f.link((cove, cove_people), reef)  # the two validators are linked: a closed triangle
        from ipn.services import statements

        draft = statements.draft_statement(bay_people[0], bay, "We revise our practice together.")
        statements.endorse(bay_people[1], draft)
        statements.endorse(bay_people[5], draft)  # then leaves: no longer counted
        f.join(cove, cove_people[0], f.person("Newcomer"))
        # Someone leaves Bay: the stand-bys of their stay no longer count for anyone.
        groups.leave(bay_people[5], bay)
        # Two people in a new group, neither standing by the other yet.
        founder = f.person("Tide Founder")
        tide = groups.found_group(founder, "Tide", "Bristol")
        f.join(tide, founder, f.person("Tide Newcomer"))
        db.session.commit()

        batch = evaluation.recompute_all()
        every = list(db.session.scalars(select(Group).order_by(Group.id)))
        assert len(batch) == len(every) > 120
        one_by_one = {group.id: facts.assess(group) for group in every}
        assert batch == one_by_one
        # Without the words, as `ipn reevaluate --all` compares them with the cached statuses.
        assert evaluation.derive_statuses(clock.today()) == {gid: a.status for gid, a in batch.items()}
        # The facts themselves, loaded for every group at once and for one group alone.
        everything = facts.load_everything()
        assert everything == {group.id: facts.load([group])[group.id].facts for group in every}
        # And counted, as `ipn reevaluate --all` reads a whole network's insides.
        assert facts.load_standings() == {gid: rules.standing_of(one) for gid, one in everything.items()}
        assert facts.load_standings()[bay.id] == rules.Standing(bay.id, False, 5, 20, True, endorsed=1)
        statuses = {a.status for a in batch.values()}
        assert {"full_member", "member", "forming", "dissolved"} <= statuses
        assert everything[bay.id].draft_endorsed_by is not None
        assert len(everything[tide.id].stand_bys) == 0 and len(everything[tide.id].joining) == 1


def test_the_links_read_alongside_the_standings_are_what_this_transaction_sees(app, database_url):
    """On PostgreSQL `ipn reevaluate --all` reads the links on a connection of its own while
    it counts the standings, but only while its transaction has written nothing: a link made
    in this transaction and not yet committed is in what it reads, as it is on SQLite."""
    generated(app, 40)
    with app.app_context():
        before = facts.active_links()
        assert facts._alongside_sees_the_same() is database_url.startswith("postgresql")
        standings, (links, visits) = evaluation.standings_and_links()
        assert (set(links), set(visits)) == tuple(map(set, before)) and standings == facts.load_standings()
        alder, birch = f.member_group("Alder"), f.member_group("Birch")
        f.link(alder, birch)  # written, not committed
        assert not facts._alongside_sees_the_same()
        standings, (active, visits) = evaluation.standings_and_links()
        assert len(active) == len(before[0]) + 1 and {alder[0].id, birch[0].id} <= set(standings)
        db.session.commit()
        assert facts._alongside_sees_the_same() is database_url.startswith("postgresql")
        assert set(evaluation.standings_and_links()[1][0]) == set(active)


def test_a_rule_change_is_judged_on_the_whole_network_at_once_and_leaves_nothing_to_follow(app, monkeypatch):
    """A ratified change (validations last 12 months; groups of four) on a varied network: the
    network is judged at once and only the groups it changes go through re-evaluation, one by
    one with their records; afterwards re-evaluating any group alone would change nothing."""
    generated(app, 120)
    with app.app_context():
        from ipn.models import Proposal, StatusChange
        from ipn.services import gatherings, proposals, statements

        severn, severn_people = f.member_group("Severn")
        wye, wye_people = f.forming_group("Wye", size=4)  # all endorsed, waiting for four to be enough
        f.publish_statement(wye, wye_people)
        gathering = gatherings.announce(severn_people[0], clock.today(), "Friends Meeting House, Bristol")
        proposal = proposals.record(severn_people[0], "Shorter, smaller", "Newer IPN texts say four to eight.",
                                    {"validation_months": 12, "min_members": 4}, gathering)
        db.session.commit()
        before = {g.id: (g.status, g.status_until) for g in db.session.scalars(select(Group))}

        settled = []
        real_settle = evaluation.settle
        monkeypatch.setattr(evaluation, "settle", lambda group, day: settled.append(group.id) or real_settle(group, day))
        rulebook.put_in_force(db.session.get(Proposal, proposal.id), clock.today())
        db.session.commit()
        monkeypatch.setattr(evaluation, "settle", real_settle)

        every = list(db.session.scalars(select(Group).order_by(Group.id)))
        changed = {g.id for g in every if g.status != before[g.id][0]}
        assert wye.id in changed and wye.status == "member"
        assert statements.current_statement(wye.id) is not None  # its endorsed draft was published
        assert any(before[gid][0] == "full_member" for gid in changed)  # validations of 12 to 24 months lapsed
        # Only the groups something followed for were re-evaluated one by one (with the link
        # partners of those that rose to or fell from member level), not all of them.
        touched = {g.id for g in every if (g.status, g.status_until) != before[g.id]}
        level = {g.id for g in every if (before[g.id][0] in MEMBER_LEVEL) != (g.status in MEMBER_LEVEL)}
        assert changed <= set(settled) <= touched | facts.active_partner_ids(level)
        assert len(set(settled)) < len(every) - 10
        causes = {c.group_id: c.cause for c in db.session.scalars(select(StatusChange).where(
            StatusChange.group_id.in_(changed), StatusChange.effective_at == clock.now()))}
        assert set(causes) == changed
        assert all("Shorter, smaller" in cause or "after" in cause for cause in causes.values())
        # Nothing is left for a group-by-group re-evaluation to do.
        for group in every:
            assert (facts.assess(group).status, facts.assess(group).until) == (group.status, group.status_until), group.slug
        assert evaluation.recompute_all() == {g.id: facts.assess(g) for g in every}


def test_the_directory_totals_without_words_are_the_kept_counts_and_exact_after_a_change(app, client):
    """The directory and the API list, opened without words or a region, take their totals
    from the status counts kept until the network changes; they are the exact counts, before
    and after a change of status."""
    from ipn.states import GroupStatus

    generated(app, 60)

    def expected() -> dict[str, int]:
        with app.app_context():
            every = list(db.session.scalars(select(Group)))
            exact = {s.value: sum(g.status == s for g in every) for s in GroupStatus}
            return {**exact, "all": len(every), "current": len(every) - exact["dissolved"]}

    def shown() -> dict[str, int]:
        found = {}
        for status in ["current", "all", *GroupStatus]:
            text = client.get(f"/groups?status={status}").get_data(as_text=True)
            match = re.search(r"(\d+) groups?\b|No groups match", text)
            found[str(status)] = int(match.group(1)) if match.group(1) else 0
        return found

    def listed() -> dict[str, int]:
        found = {str(s): client.get(f"/api/v1/groups?status={s}").get_json()["total"] for s in GroupStatus}
        return {**found, "all": client.get("/api/v1/groups").get_json()["total"]}

    before = expected()
    assert shown() == before and listed() == {k: v for k, v in before.items() if k != "current"}
    with app.app_context():
        group = db.session.scalar(select(Group).where(Group.status == GroupStatus.MEMBER).order_by(Group.id))
        while group.status == GroupStatus.MEMBER:  # people leave until it is too small
            groups.leave(facts.current_memberships(group.id)[0].practitioner, group)
        db.session.commit()
    after = expected()
    assert after["forming"] > before["forming"]  # (its partners may have changed too)
    assert shown() == after and listed() == {k: v for k, v in after.items() if k != "current"}

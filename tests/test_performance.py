"""Issue 13, what is behaviour rather than timing: each public page and API list makes the same
number of SQL queries, at most 12, on a small and on a larger network; and the set-based full
re-evaluation derives exactly what the one-group path derives, group by group."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from ipn import clock
from ipn.bench import measure, network
from ipn.extensions import db
from ipn.models import Group
from ipn.services import evaluation, facts, rulebook
from tests import factories as f

NOW = dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def app_config(app_config):
    # The bench's network is generated as of a fixed moment; the page cache is off, so that
    # every request renders its page (what a first visitor after a change costs).
    return {**app_config, "FROZEN_NOW": NOW, "PAGE_CACHE": False}


def generated(app, size: int) -> network.Plan:
    with app.app_context():
        rulebook.ensure_founding()
        plan = network.generate(size)
        db.session.commit()
        network.set_statuses(plan, evaluation.recompute_all())
        db.session.commit()
    return plan


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
        f.join(cove, cove_people[0], f.person("Newcomer"))
        db.session.commit()

        batch = evaluation.recompute_all()
        every = list(db.session.scalars(select(Group).order_by(Group.id)))
        assert len(batch) == len(every) > 120
        one_by_one = {group.id: facts.assess(group) for group in every}
        assert batch == one_by_one
        # The facts themselves, loaded for every group at once and for one group alone.
        everything = facts.load_everything()
        assert everything == {group.id: facts.load([group])[group.id].facts for group in every}
        statuses = {a.status for a in batch.values()}
        assert {"full_member", "member", "forming", "dissolved"} <= statuses
        assert everything[bay.id].draft_endorsed_by is not None

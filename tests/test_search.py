"""Searching the directory by name, region and statement text, on both databases, through the
full-text index (and without it, more slowly)."""

from __future__ import annotations

from sqlalchemy import func, select, text

from ipn.bench import network
from ipn.extensions import db
from ipn.models import Group
from ipn.services import directory, search_index
from ipn.states import GroupStatus
from tests import factories as f


def names(q=None, status=None, region=None):
    return [g.name for g in db.session.scalars(directory.search(q, status, region).query)]


def build(app):
    with app.app_context():
        river = f.member_group("River Group", region="Bristol")
        f.publish_statement(river[0], river[1], "We meet monthly and hold each other to account "
                                                 "through supervision and peer challenge.")
        f.member_group("Hill Group", region="Leeds")
        f.forming_group("Oak Circle", region="Bristol")
        db.session.commit()


def test_a_word_of_the_current_statement_finds_its_group(app):
    build(app)
    with app.app_context():
        assert names("supervision") == ["River Group"]
        assert names("SUPERVISION peer") == ["River Group"]
        assert names("monthly and peer") == ["River Group"]  # "and" is an English stop word
        assert names("astrology") == []


def test_name_and_region_are_searched_and_a_word_may_be_unfinished(app):
    build(app)
    with app.app_context():
        assert names("oak") == ["Oak Circle"]
        assert names("Lee") == ["Hill Group"]
        assert names("Bristol") == ["Oak Circle", "River Group"]
        assert names("Bristol", status="member") == ["River Group"]
        assert names(region="leeds") == ["Hill Group"]


def test_only_the_current_statement_counts(app):
    build(app)
    with app.app_context():
        river = db.session.scalar(directory.search("River").query)
        people = [m.practitioner for m in river.memberships if m.left_at is None]
        f.publish_statement(river, people, "A new text about ethics and nothing else.")
        db.session.commit()
        assert names("supervision") == []
        assert names("ethics") == ["River Group"]


def test_search_characters_are_words_not_operators(app):
    build(app)
    with app.app_context():
        assert names('"River" OR * NEAR(') == []
        assert names("river:*") == ["River Group"]
        assert names("   ") == ["Hill Group", "Oak Circle", "River Group"]
        # The index keeps each group's status too, where no search's words are looked for.
        assert names("current") == names("member") == names("forming") == []


def test_a_group_that_dissolves_or_changes_its_name_is_found_as_it_is_now(app):
    """The index follows each group's status and name as they change (its triggers)."""
    build(app)
    with app.app_context():
        river = db.session.scalar(directory.search("River").query)
        assert directory.search("supervision", current_only=True).total == 1
        river.name, river.status = "Estuary Group", GroupStatus.DISSOLVED
        db.session.commit()
        assert directory.search("supervision", current_only=True).total == 0
        assert names("supervision") == names("estuary") == ["Estuary Group"]
        assert names("river") == []
        assert directory.search("supervision", GroupStatus.DISSOLVED).total == 1


def test_search_still_answers_when_the_index_is_missing(app):
    build(app)
    with app.app_context():
        search_index.drop_search_index(db.session.connection())
        db.session.commit()
        assert names("supervision") == ["River Group"]
        assert names("astrology") == []
        search_index.ensure_search_index(db.session.connection())
        db.session.commit()


def test_the_index_is_really_used(app):
    build(app)
    with app.app_context():
        connection = db.session.connection()
        assert search_index.index_ready(connection)
        if connection.dialect.name == "sqlite":
            hits = connection.execute(text("SELECT rowid FROM group_search WHERE group_search MATCH 'supervis*'"))
        else:
            indexes = set(connection.execute(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'group_search' AND indexname LIKE 'ix_%'")).scalars())
            assert indexes == set(search_index.PG_INDEXES)
            hits = connection.execute(text("SELECT group_id FROM group_search WHERE document @@ '#supervis'"))
        assert len(hits.all()) == 1


def test_a_search_that_most_groups_match_finds_the_same_groups_and_says_exactly_how_many(app):
    """A word in nearly every statement (the bench's network: dissolved groups among them) and
    a word in few: the groups found, their order and the total given without counting them row
    by row are those of the plain query, with and without the dissolved groups."""
    with app.app_context():
        f.bench_network(90)
        dissolved = db.session.scalar(select(func.count()).where(Group.status == GroupStatus.DISSOLVED))
        assert dissolved > 0
        first = db.session.scalar(select(Group.name).order_by(Group.id))
        for q in (network.EVERY_STATEMENT_WORD, network.SEARCH_WORD, first, "supervision confidentiality", "nowhere"):
            for status in (None, *GroupStatus):
                for current_only in (False, True):
                    found = directory.search(q, status, current_only=current_only)
                    rows = list(db.session.scalars(found.query))
                    plain = select(Group).where(search_index.matching_group_ids(db.session.connection(), q))
                    if status:
                        plain = plain.where(Group.status == status)
                    if current_only:
                        plain = plain.where(Group.status != GroupStatus.DISSOLVED)
                    expected = list(db.session.scalars(plain.order_by(Group.name_key, Group.id)))
                    assert rows == expected, (q, status, current_only)
                    assert found.total == len(expected), (q, status, current_only)
        common = directory.search(network.EVERY_STATEMENT_WORD, current_only=True)
        assert common.total is not None and common.total > 80
        # The search word of the bench is in one statement in twelve.
        some = directory.search(network.SEARCH_WORD, current_only=True)
        assert 0 < some.total < common.total / 6


def test_the_directory_counts_a_search_up_to_its_limit_and_then_says_more(app, client):
    """A word of nearly every statement: the page counts the groups it finds no further than
    DIRECTORY_COUNT_UP_TO, says there are more, lists the first ones as ever and pages through
    them; the API's list still counts them all. A word of few statements is counted exactly."""
    with app.app_context():
        f.bench_network(90)
        every = len(list(db.session.scalars(directory.search(network.EVERY_STATEMENT_WORD, current_only=True).query)))
        some = directory.search(network.SEARCH_WORD, current_only=True).total
        everywhere = len(list(db.session.scalars(directory.search(network.EVERY_STATEMENT_WORD).query)))
        assert directory.search(network.EVERY_STATEMENT_WORD, current_only=True, count_up_to=every).more is False
        capped = directory.search(network.EVERY_STATEMENT_WORD, current_only=True, count_up_to=every - 1)
        assert (capped.total, capped.more) == (every - 1, True)
        assert len(list(db.session.scalars(capped.query))) == every  # the groups found are all there
        first = [g.name for g in db.session.scalars(capped.query.limit(20))]
    assert 1 < some < 40 < every - 10
    app.config["DIRECTORY_COUNT_UP_TO"] = 50  # counted in whole pages of 20: 40
    page = client.get(f"/groups?q={network.EVERY_STATEMENT_WORD}").get_data(as_text=True)
    assert "More than 40 groups match. The first 40 are\n  listed here, page 1 of 2" in page
    assert all(name in page for name in first)
    second = client.get(f"/groups?q={network.EVERY_STATEMENT_WORD}&page=2").get_data(as_text=True)
    assert second.count('class="group-item"') == 20 and "page 2 of 2" in second
    past = client.get(f"/groups?q={network.EVERY_STATEMENT_WORD}&page=3").get_data(as_text=True)
    assert 'class="group-item"' not in past and "More than 40 groups match" in past
    exact = client.get(f"/groups?q={network.SEARCH_WORD}").get_data(as_text=True)
    assert f"{some} groups." in exact and "More than" not in exact
    api = client.get(f"/api/v1/groups?q={network.EVERY_STATEMENT_WORD}").get_json()
    assert api["total"] == everywhere and everywhere > every  # dissolved groups too, unless asked


def test_an_unfinished_last_word_finds_every_word_it_starts_in_any_of_their_forms(app):
    """A word finds the other forms of itself ("supervision" finds "supervised"). On SQLite the
    last word is looked for as the words it starts, in any of their forms, or, when it starts
    too many, by its start alone (PostgreSQL finishes only the words of names and regions)."""
    build(app)
    with app.app_context():
        hill = db.session.scalar(directory.search("Hill").query)
        people = [m.practitioner for m in hill.memberships if m.left_at is None]
        f.publish_statement(hill, people, "Each of us is supervised. " + " ".join(
            f"s{n:02d}" for n in range(search_index.WHOLE_WORDS + 5)))  # more words starting "s" than it lists
        db.session.commit()
        assert names("supervision") == ["Hill Group", "River Group"]
        if db.session.connection().dialect.name == "sqlite":
            assert names("superv") == ["Hill Group", "River Group"]
            assert names("peer chall") == ["River Group"]
            assert names("s0") == ["Hill Group"]
            assert names("s") == ["Hill Group", "River Group"]
            assert names("Bris") == ["Oak Circle", "River Group"]

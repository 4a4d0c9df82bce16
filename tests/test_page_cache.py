"""Rendered public pages are cached until the network changes (issue 13): a change shows at
once on the next request, in this process, in another one sharing the database, and through a
shared Redis; answers carry an ETag and a Last-Modified and conditional requests get 304."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import event, select

from ipn import create_app
from ipn.extensions import db
from ipn.models import NetworkGeneration
from ipn.services import stand_bys
from ipn.services.errors import ServiceError
from tests import factories as f
from tests import redis_server


def harbour(app) -> tuple[str, list[int]]:
    """A member group of five (its statement published); its slug and its people's ids."""
    with app.app_context():
        group, people = f.member_group("Harbour")
        db.session.commit()
        return group.slug, [p.id for p in people]


def withdraw_one_stand_by(app, slug: str, people: list[int]) -> None:
    from ipn.models import Group, Practitioner

    with app.app_context():
        group = db.session.scalar(select(Group).where(Group.slug == slug))
        giver, receiver = db.session.get(Practitioner, people[0]), db.session.get(Practitioner, people[1])
        stand_bys.withdraw_stand_by(giver, group, receiver, "a test of the page cache")
        db.session.commit()


class Queries:
    """Counts the SQL statements an app's requests make."""

    def __init__(self, app) -> None:
        with app.app_context():
            self.engine = db.engine
        self.count, self.statements = 0, []
        event.listen(self.engine, "before_cursor_execute", self)

    def __call__(self, conn, cursor, statement, *args) -> None:
        self.count += 1
        self.statements.append(statement)

    def of(self, client, path: str, **kwargs):
        self.count, self.statements = 0, []
        return client.get(path, **kwargs), self.count


def generation(app) -> int:
    with app.app_context():
        return db.session.scalar(select(NetworkGeneration.generation))


def test_a_change_shows_at_once_on_the_next_request(app, client):
    slug, people = harbour(app)
    queries = Queries(app)
    for path in (f"/groups/{slug}", "/groups", "/", f"/api/v1/groups/{slug}", "/api/v1/groups"):
        first, _ = queries.of(client, path)
        again, cost = queries.of(client, path)
        assert again.status_code == 200 and again.get_data() == first.get_data(), path
        assert cost <= 3, (path, cost)  # served from the cache, not rendered
    page = client.get(f"/groups/{slug}").get_data(as_text=True)
    assert "withdrew their stand-by" not in page
    withdraw_one_stand_by(app, slug, people)
    page = client.get(f"/groups/{slug}").get_data(as_text=True)
    assert "withdrew their stand-by" in page
    assert client.get(f"/api/v1/groups/{slug}").get_json()["status"] == "forming"
    listed = {g["slug"]: g["status"] for g in client.get("/api/v1/groups").get_json()["items"]}
    assert listed[slug] == "forming"


def test_a_change_made_by_another_process_shows_at_once(app, client, app_config):
    """Two workers, each with its own memory cache, share the database: the generation, read
    from it on every request, tells one worker what the other changed."""
    slug, people = harbour(app)
    other = create_app({**app_config})
    assert "withdrew their stand-by" not in client.get(f"/groups/{slug}").get_data(as_text=True)
    withdraw_one_stand_by(other, slug, people)
    assert "withdrew their stand-by" in client.get(f"/groups/{slug}").get_data(as_text=True)
    with other.app_context():
        db.engine.dispose()


def test_conditional_requests_are_answered_304_until_the_network_changes(app, client):
    slug, people = harbour(app)
    for path in (f"/groups/{slug}", f"/api/v1/groups/{slug}"):
        first = client.get(path)
        tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert tag.startswith('W/"') and first.headers["Cache-Control"] == "no-cache"
        for headers in ({"If-None-Match": tag}, {"If-Modified-Since": modified}):
            again = client.get(path, headers=headers)
            assert again.status_code == 304 and again.get_data() == b"", (path, headers)
            assert again.headers["ETag"] == tag
    old = client.get(f"/groups/{slug}")
    withdraw_one_stand_by(app, slug, people)
    for headers in ({"If-None-Match": old.headers["ETag"]}, {"If-Modified-Since": old.headers["Last-Modified"]}):
        fresh = client.get(f"/groups/{slug}", headers=headers)
        assert fresh.status_code == 200 and "withdrew their stand-by" in fresh.get_data(as_text=True)
        assert fresh.headers["ETag"] != old.headers["ETag"]
        assert fresh.last_modified > old.last_modified


def test_a_browser_that_accepts_gzip_is_served_the_kept_page_compressed(app, client):
    """What a browser sends (Accept-Encoding: gzip) gets the kept page gzipped, the same page
    once unpacked; a client that does not ask gets it as it is. Both say they vary by it."""
    slug, people = harbour(app)
    for path in (f"/groups/{slug}", "/api/v1/groups"):
        plain = client.get(path)
        assert "Accept-Encoding" in plain.headers["Vary"]
        packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert gzip.decompress(packed.get_data()) == plain.get_data()
        assert len(packed.get_data()) < len(plain.get_data()) / 2
        again = client.get(path)
        assert "Content-Encoding" not in again.headers and again.get_data() == plain.get_data()
    withdraw_one_stand_by(app, slug, people)
    fresh = client.get(f"/groups/{slug}", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in fresh.headers  # rendered after the change, kept from now on
    assert "withdrew their stand-by" in fresh.get_data(as_text=True)
    packed = client.get(f"/groups/{slug}", headers={"Accept-Encoding": "gzip"})
    assert "withdrew their stand-by" in gzip.decompress(packed.get_data()).decode()


def test_a_signed_in_visitor_is_not_served_the_anonymous_page(app, client, auth):
    slug, people = harbour(app)
    assert "Log out" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        from ipn.models import Practitioner

        person = db.session.get(Practitioner, people[0])
        email, name = person.email, person.name
    auth.login(email)
    page = client.get("/").get_data(as_text=True)
    assert "Log out" in page and name in page
    auth.logout()
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_the_generation_rises_with_each_committed_change_only(app, client):
    slug, people = harbour(app)
    client.get("/")  # the day's first request runs the day's jobs: that is a change
    before = generation(app)
    client.get("/")
    client.get(f"/groups/{slug}")
    client.get("/api/v1/groups")
    assert generation(app) == before  # reading changes nothing
    from ipn.models import Group, Practitioner

    with app.app_context():
        group = db.session.scalar(select(Group).where(Group.slug == slug))
        stranger = f.person("Stranger")
        db.session.commit()
        after_person = generation(app)
        assert after_person == before + 1
        with pytest.raises(ServiceError):
            stand_bys.withdraw_stand_by(stranger, group, db.session.get(Practitioner, people[0]), "not theirs")
        db.session.rollback()
    assert generation(app) == after_person  # a refused action leaves it as it was
    withdraw_one_stand_by(app, slug, people)
    assert generation(app) == after_person + 1


def test_signing_in_and_out_leaves_the_kept_pages_as_they_are(app, client, auth):
    """A login session is no public page's business: starting and ending one does not move
    the generation, so every worker's kept pages stay kept."""
    slug, people = harbour(app)
    client.get("/")  # the day's first request runs the day's jobs: that is a change
    before = generation(app)
    with app.app_context():
        from ipn.models import Practitioner

        email = db.session.get(Practitioner, people[0]).email
    assert auth.login(email).status_code == 302
    assert client.get("/me").status_code == 200
    auth.logout()
    assert generation(app) == before


@pytest.fixture
def redis():
    """A redis-server of this test's own (it stops it half-way)."""
    server = redis_server.RedisServer()
    yield server
    server.stop()


def test_workers_share_pages_through_redis(app_config, redis):
    config = {**app_config, "PAGE_CACHE_URL": redis.url}
    one, two = create_app(config), create_app(config)
    slug, people = harbour(one)
    page = one.test_client().get(f"/groups/{slug}")
    assert "withdrew their stand-by" not in page.get_data(as_text=True)
    assert redis.client.dbsize() >= 1
    two.test_client().get("/")  # its first request checks once that the rules are written
    served, cost = Queries(two).of(two.test_client(), f"/groups/{slug}")
    assert served.get_data() == page.get_data() and cost <= 3  # the other worker's rendering
    withdraw_one_stand_by(two, slug, people)
    assert "withdrew their stand-by" in one.test_client().get(f"/groups/{slug}").get_data(as_text=True)
    # Without Redis the pages are rendered, not refused.
    redis.stop()
    assert "withdrew their stand-by" in two.test_client().get(f"/groups/{slug}").get_data(as_text=True)
    for app in (one, two):
        with app.app_context():
            db.engine.dispose()

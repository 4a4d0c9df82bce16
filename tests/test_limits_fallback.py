"""When Redis stops answering, rate-limited requests are still answered (issue 12's note: they
used to fail): each gunicorn worker counts in its own memory meanwhile, so a limit still
holds, per worker, and the counting goes back to Redis once Redis answers again."""

from __future__ import annotations

import time

import pytest

from tests.conftest import PASSWORD
from tests.redis_server import RedisServer
from tests.test_limits_gunicorn import Browser, Gunicorn


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, which the test stops and starts again."""
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()


def registrations(browser: Browser, first: int, count: int) -> list[int]:
    return [browser.post_json("/api/v1/practitioners", {
        "email": f"newcomer{n}@example.org", "password": PASSWORD, "name": f"Newcomer {n}"})[0]
        for n in range(first, first + count)]


def test_limits_hold_per_worker_while_redis_is_down_and_are_shared_again_when_it_returns(
        app, database_url, own_redis, tmp_path):
    server = Gunicorn(database_url, own_redis.url, tmp_path)  # registrations: 5 per minute
    try:
        browser = Browser(server.port)
        assert registrations(browser, 0, 1) == [201]
        assert own_redis.client.keys("LIMITS*"), "counted in Redis while it answers"
        port = own_redis.port
        own_redis.stop()

        statuses = registrations(browser, 1, 14)
        # Nothing fails, and the limit still holds: at most 5 a minute on each of the 2 workers.
        assert set(statuses) <= {201, 429}, statuses
        assert 1 <= statuses.count(201) <= 10 and statuses.count(429) >= 4
        assert len(server.workers_that_answered("/api/v1/practitioners")) == 2
        assert "falling back to in-memory storage" in (tmp_path / "gunicorn.err").read_text()

        back = RedisServer(port)
        try:
            deadline = time.monotonic() + 40
            while not back.client.keys("LIMITS*"):
                assert time.monotonic() < deadline, "the workers did not go back to Redis"
                assert set(registrations(browser, 100 + int(time.monotonic()), 1)) <= {201, 429}
                time.sleep(1)
        finally:
            back.stop()
    finally:
        server.stop()

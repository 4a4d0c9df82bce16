"""Rate limits hold across processes (issue 12, item 2): the registry served as in production,
by gunicorn with two workers, counting in a real redis-server. With `memory://` each worker
kept its own counts, so every limit was about twice what it said; per-account login limits
count the web form and the API together whichever worker answers.

The access log names the worker (its pid) that answered each request, so each test checks
that both workers took part: a limit that held only because one worker answered everything
would prove nothing."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from ipn import ROOT
from tests.conftest import PASSWORD
from tests.redis_server import _free_port, redis_server, redis_url  # noqa: F401  (fixtures)

ACCOUNT_LIMIT = 4


class Browser:
    """A plain HTTP client that keeps cookies the way a browser does on 127.0.0.1 (which it
    treats as a secure origin, so Secure cookies come back). A new connection per request,
    so that the kernel hands each to whichever worker is free."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, text

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, data: dict):
        return self.request("POST", path, urlencode(data).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path: str, data: dict):
        import json

        return self.request("POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"})


class Gunicorn:
    def __init__(self, database_url: str, redis: str, folder) -> None:
        self.port = _free_port()
        self.log = folder / "access.log"
        env = {
            **os.environ,
            "IPN_DATABASE_URL": database_url,
            "IPN_SECRET_KEY": "a-secret-key-for-the-gunicorn-test",
            "IPN_RATELIMIT_STORAGE_URI": redis,
            "IPN_RATE_LIMIT_LOGIN_ACCOUNT": f"{ACCOUNT_LIMIT} per 15 minutes",
            "IPN_RATE_LIMIT_LOGIN": "1000 per minute",
            "IPN_RATE_LIMIT_REGISTER": "5 per minute",
            "IPN_MAIL_OUTBOX_DIR": str(folder / "outbox"),
            "PYTHONPATH": ROOT,
        }
        self.errors = open(folder / "gunicorn.err", "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--no-control-socket",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.log),
             "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "ipn:create_app()"],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=self.errors)
        deadline = time.monotonic() + 60
        while True:
            try:
                if Browser(self.port).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError((folder / "gunicorn.err").read_text())
            time.sleep(0.2)

    def workers_that_answered(self, path: str) -> set[str]:
        time.sleep(0.3)  # the access log is written after each answer
        lines = self.log.read_text().splitlines()
        return {line.split()[0] for line in lines if line.split()[2] == path}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)  # the master exits after its workers
        self.errors.close()


@pytest.fixture
def server(app, database_url, redis_url, tmp_path) -> Iterator[Gunicorn]:  # noqa: F811
    gunicorn = Gunicorn(database_url, redis_url, tmp_path)
    try:
        yield gunicorn
    finally:
        gunicorn.stop()


def test_two_workers_share_one_registration_limit(server):
    """5 registrations a minute from one address: exactly 5 of 12 get through, in parallel
    across both workers (each worker counting alone would let up to 10 through)."""
    def register(n: int) -> int:
        return Browser(server.port).post_json("/api/v1/practitioners", {
            "email": f"newcomer{n}@example.org", "password": PASSWORD, "name": f"Newcomer {n}"})[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(register, range(12)))
    assert sorted(statuses) == [201] * 5 + [429] * 7
    assert len(server.workers_that_answered("/api/v1/practitioners")) == 2


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_failed_logins_per_account_count_the_web_form_and_the_api_together_across_workers(
        server, make_practitioner):
    make_practitioner(email="kim@example.org")
    browser = Browser(server.port)
    answers = []
    for attempt in range(ACCOUNT_LIMIT + 4):
        if attempt % 2 == 0:
            status, page = browser.get("/login")
            assert status == 200
            status, _ = browser.post_form("/login", {"email": "kim@example.org", "password": f"wrong guess {attempt}",
                                                     "csrf_token": _csrf(page)})
        else:
            status, _ = Browser(server.port).post_json("/api/v1/tokens", {"email": "KIM@example.org",
                                                                         "password": f"wrong guess {attempt}"})
        answers.append(status)
    assert answers[:ACCOUNT_LIMIT] == [422, 401] * (ACCOUNT_LIMIT // 2)
    assert answers[ACCOUNT_LIMIT:] == [429] * 4
    # The right password is paused as well, through either door, on either worker.
    status, page = browser.get("/login")
    assert browser.post_form("/login", {"email": "kim@example.org", "password": PASSWORD,
                                        "csrf_token": _csrf(page)})[0] == 429
    assert Browser(server.port).post_json("/api/v1/tokens", {"email": "kim@example.org",
                                                             "password": PASSWORD})[0] == 429
    answered = server.workers_that_answered("/login") | server.workers_that_answered("/api/v1/tokens")
    assert len(answered) == 2


def test_a_session_logged_out_on_one_worker_is_over_on_the_other(server, make_practitioner):
    """Session revocation is in the database, not in a worker's memory."""
    make_practitioner(email="ada@example.org")
    browser = Browser(server.port)
    status, page = browser.get("/login")
    assert browser.post_form("/login", {"email": "ada@example.org", "password": PASSWORD,
                                        "csrf_token": _csrf(page)})[0] == 302
    stolen = Browser(server.port)
    stolen.cookies = dict(browser.cookies)
    assert stolen.get("/profile")[0] == 200
    status, page = browser.get("/profile")
    assert browser.post_form("/logout", {"csrf_token": _csrf(page)})[0] == 302
    for _ in range(6):  # whichever worker answers
        assert stolen.get("/profile")[0] == 302
    assert len(server.workers_that_answered("/profile")) == 2

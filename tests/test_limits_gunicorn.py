"""Rate limits hold across processes (issue 12, item 2): the registry served as in production,
by gunicorn with two workers, counting in a real redis-server. With `memory://` each worker
kept its own counts, so every limit was about twice what it said; per-account login limits
count the web form and the API together whichever worker answers.

The access log names the worker (its pid) that answered each request, so each test checks
that both workers took part: a limit that held only because one worker answered everything
would prove nothing."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
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
from tests.redis_server import redis_server, redis_url  # noqa: F401  (fixtures)
from tests.serving import free_port

ACCOUNT_LIMIT = 4


class Held:
    """A request sent but for the blank line that ends its headers (and its body): the sync
    worker that accepted it waits for the rest, so whatever is sent meanwhile is answered by
    the other worker. finish() sends the rest; the held worker answers."""

    def __init__(self, browser: Browser, raw: bytes) -> None:
        self.browser = browser
        cut = raw.index(b"\r\n\r\n") + 2
        self.rest = raw[cut:]
        self.socket = socket.create_connection(("127.0.0.1", browser.port), timeout=30)
        self.socket.sendall(raw[:cut])
        time.sleep(0.5)  # long enough for an idle worker to accept it and start reading

    def finish(self):
        self.socket.sendall(self.rest)
        try:
            return self.browser.read(self.socket)
        finally:
            self.socket.close()


class Browser:
    """A plain HTTP client that keeps cookies the way a browser does on 127.0.0.1 (which it
    treats as a secure origin, so Secure cookies come back). A new connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def raw(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close",
                 f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in (headers or {}).items())]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def read(self, sock: socket.socket):
        response = http.client.HTTPResponse(sock)
        response.begin()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def send(self, raw: bytes):
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(raw)
            return self.read(sock)

    def hold(self, raw: bytes) -> Held:
        return Held(self, raw)

    def get(self, path: str):
        return self.send(self.raw("GET", path))

    def form(self, path: str, data: dict) -> bytes:
        return self.raw("POST", path, urlencode(data).encode(), {"Content-Type": "application/x-www-form-urlencoded"})

    def json(self, path: str, data: dict) -> bytes:
        return self.raw("POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def post_form(self, path: str, data: dict):
        return self.send(self.form(path, data))

    def post_json(self, path: str, data: dict):
        return self.send(self.json(path, data))


class Gunicorn:
    def __init__(self, database_url: str, redis: str, folder) -> None:
        self.port = free_port()
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
            self.process.send_signal(signal.SIGINT)  # a quick shutdown: nothing is in flight
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
    """5 registrations a minute from one address: of 12, exactly 5 get through, one of them
    held on one worker while the other 11 go to the other in parallel (counted per worker,
    6 would get through: 5 on one, 1 on the other)."""
    browser = Browser(server.port)

    def registration(n: int) -> bytes:
        return browser.json("/api/v1/practitioners", {"email": f"newcomer{n}@example.org", "password": PASSWORD,
                                                      "name": f"Newcomer {n}"})

    held = browser.hold(registration(0))
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda n: Browser(server.port).send(registration(n))[0], range(1, 12)))
    statuses.append(held.finish()[0])
    assert sorted(statuses) == [201] * 5 + [429] * 7
    assert len(server.workers_that_answered("/api/v1/practitioners")) == 2


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_failed_logins_per_account_count_the_web_form_and_the_api_together_across_workers(
        server, make_practitioner):
    """Each pair of attempts: the login form held on one worker while the API is asked on the
    other, then the form completed; the account pauses after exactly the limit."""
    make_practitioner(email="kim@example.org")
    browser, program = Browser(server.port), Browser(server.port)
    answers = []
    for attempt in range((ACCOUNT_LIMIT + 4) // 2):
        status, page = browser.get("/login")
        assert status == 200
        held = browser.hold(browser.form("/login", {"email": "kim@example.org", "password": f"wrong {attempt}",
                                                    "csrf_token": _csrf(page)}))
        answers.append(program.post_json("/api/v1/tokens", {"email": "KIM@example.org",
                                                            "password": f"wrong guess {attempt}"})[0])
        answers.append(held.finish()[0])
    assert answers[:ACCOUNT_LIMIT] == [401, 422] * (ACCOUNT_LIMIT // 2)
    assert answers[ACCOUNT_LIMIT:] == [429] * 4
    # The right password is paused as well, through either door.
    status, page = browser.get("/login")
    assert browser.post_form("/login", {"email": "kim@example.org", "password": PASSWORD,
                                        "csrf_token": _csrf(page)})[0] == 429
    assert program.post_json("/api/v1/tokens", {"email": "kim@example.org", "password": PASSWORD})[0] == 429
    answered = server.workers_that_answered("/login") | server.workers_that_answered("/api/v1/tokens")
    assert len(answered) == 2


def test_a_session_logged_out_on_one_worker_is_over_on_the_other(server, make_practitioner):
    """Session revocation is in the database, not in a worker's memory: a copied cookie works
    on both workers, and after logout on neither."""
    make_practitioner(email="ada@example.org")
    browser = Browser(server.port)
    status, page = browser.get("/login")
    assert browser.post_form("/login", {"email": "ada@example.org", "password": PASSWORD,
                                        "csrf_token": _csrf(page)})[0] == 302
    stolen = Browser(server.port)
    stolen.cookies = dict(browser.cookies)

    def on_both_workers() -> list[int]:
        held = stolen.hold(stolen.raw("GET", "/profile"))
        other = stolen.get("/profile")[0]
        return [other, held.finish()[0]]

    assert on_both_workers() == [200, 200]
    status, page = browser.get("/profile")
    assert browser.post_form("/logout", {"csrf_token": _csrf(page)})[0] == 302
    assert on_both_workers() == [302, 302]
    assert len(server.workers_that_answered("/profile")) == 2

"""The app served to real HTTP clients, for the tests that need a server rather than the test
client: a threaded werkzeug server on a free loopback port (browser tests, races), and
requests released from several threads at the same moment (tests/test_races.py,
tests/test_api_concurrency.py)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from werkzeug.serving import make_server

from ipn.extensions import db


def free_port() -> int:
    """A loopback port free at this moment (for servers that take a port number, not 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def threaded_server(app) -> Iterator[str]:
    """Serve `app` in a daemon thread on a free loopback port; yields its base URL. Afterwards
    the server is stopped and the app's connections closed."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def send_together(base_url: str, requests: list[tuple[str, str, str, dict | None]]) -> list[tuple[int, str]]:
    """Send each (method, path, bearer token, JSON body) from its own thread, each on a
    connection opened beforehand, released at the same moment; each answer's status and body.
    None of them may be a 500, and every refusal is the API's JSON error."""
    barrier = threading.Barrier(len(requests))
    answers: list[tuple[int, str] | None] = [None] * len(requests)
    address = urlsplit(base_url)

    def send(i: int, method: str, path: str, token: str, payload: dict | None) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        connection.connect()
        barrier.wait()
        connection.request(method, path, body=json.dumps(payload or {}),
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        answers[i] = (response.status, response.read().decode())
        connection.close()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert all(a is not None for a in answers), answers
    for status, body in answers:  # type: ignore[misc]
        assert status < 500, body
        if status >= 400:
            assert "error" in json.loads(body), body
    return answers  # type: ignore[return-value]

"""A throwaway redis-server for the rate-limit tests (TOOLCHAIN.md "Redis for shared rate
limits"): Debian's package, which `make test` installs; started once per test session on a
free loopback port, with nothing saved to disk, and emptied before each test that uses it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: `make test` installs it "
                               "(apt-get install redis-server).")
        self.folder = tempfile.mkdtemp(prefix="ipn-redis-")
        self.port = port or _free_port()
        self.pidfile = os.path.join(self.folder, "redis.pid")
        subprocess.run([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--pidfile", self.pidfile,
                        "--dir", self.folder, "--logfile", os.path.join(self.folder, "redis.log")],
                       check=True)
        self.client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def stop(self) -> None:
        try:
            self.client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # it closes the connection as it exits
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The server's address, with every count of an earlier test gone."""
    redis_server.client.flushall()
    return redis_server.url

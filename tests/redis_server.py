"""A real, throwaway redis-server on loopback for the tests (Debian's redis-server 7)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass

import redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RedisServer:
    port: int
    folder: str

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> RedisServer:
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--dir", self.folder,
                        "--pidfile", os.path.join(self.folder, "redis.pid")], check=True, capture_output=True)
        for _ in range(100):
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        try:
            self.client().shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # it closes the connection as it stops
        for _ in range(100):
            try:
                self.client().ping()
            except redis.ConnectionError:
                return
            time.sleep(0.05)


def start(folder: str) -> RedisServer:
    return RedisServer(free_port(), folder).start()

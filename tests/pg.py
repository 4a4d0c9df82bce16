"""A throwaway PostgreSQL cluster for the test session (see shared TOOLCHAIN.md).

`make test` runs the suite against SQLite and against this cluster. initdb and pg_ctl
refuse to run as root, so as root they run as the `postgres` user."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from tests.serving import free_port


def _bindir() -> str:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        raise RuntimeError(
            "PostgreSQL is not installed. `make test` installs it (apt-get install postgresql); "
            "or set IPN_TEST_DATABASES=sqlite to run on SQLite alone."
        )
    return os.path.dirname(candidates[-1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class Cluster:
    directory: str
    port: int
    bindir: str

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def halt(self) -> None:
        """Stop the server but keep its data, as an outage would (tests/test_faults.py): every
        connection is cut. A fast stop, not an immediate one: with synchronous_commit off (for
        speed), an immediate stop could lose a commit made a moment before, which a real
        server, committing synchronously, keeps."""
        subprocess.run(
            _as_postgres([f"{self.bindir}/pg_ctl", "-D", self.directory, "-m", "fast", "-w", "stop"]),
            check=True,
            capture_output=True,
        )

    def resume(self) -> None:
        """Start a halted server again on the same port, with the same data."""
        subprocess.run(
            _as_postgres([f"{self.bindir}/pg_ctl", "-D", self.directory, "-w", "-l", f"{self.directory}/log",
                          "-o", _options(self.port, self.directory), "start"]),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([f"{self.bindir}/pg_ctl", "-D", self.directory, "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def _options(port: int, directory: str | None = None) -> str:
    socket_dir = f"-k {directory} " if directory else ""
    return (f"-p {port} {socket_dir}-c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")


def start_cluster() -> Cluster:
    bindir = _bindir()
    directory = tempfile.mkdtemp(prefix="ipn-pg-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    subprocess.run(
        _as_postgres([f"{bindir}/initdb", "-D", directory, "-U", "postgres", "-A", "trust",
                      "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]),
        check=True,
        capture_output=True,
    )
    for _ in range(3):  # a port free a moment ago may be taken by another test process
        port = free_port()
        started = subprocess.run(
            _as_postgres([f"{bindir}/pg_ctl", "-D", directory, "-w", "-l", f"{directory}/log",
                          "-o", _options(port, directory), "start"]),
            capture_output=True,
        )
        if started.returncode == 0:
            return Cluster(directory, port, bindir)
    started.check_returncode()
    raise AssertionError("unreachable")


def start_replica(primary: Cluster) -> Cluster:
    """A hot standby of `primary`, streaming from it (pg_basebackup -R): read-only, in recovery."""
    directory = tempfile.mkdtemp(prefix="ipn-pg-replica-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    subprocess.run(
        _as_postgres([f"{primary.bindir}/pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port),
                      "-U", "postgres", "-D", directory, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"]),
        check=True,
        capture_output=True,
    )
    port = free_port()
    subprocess.run(
        _as_postgres([f"{primary.bindir}/pg_ctl", "-D", directory, "-w", "-l", f"{directory}/log",
                      "-o", _options(port, directory), "start"]),
        check=True,
        capture_output=True,
    )
    return Cluster(directory, port, primary.bindir)

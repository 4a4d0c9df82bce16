"""The `ipn` command line, run as an operator runs it: the installed console script."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from ipn import ROOT

IPN = str(Path(sys.executable).parent / "ipn")


def ipn(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPN_", "FLASK_"))}
    env.update(IPN_DATABASE_URL=database_url, IPN_SECRET_KEY=secrets.token_hex(32))
    return subprocess.run([IPN, *args], env=env, capture_output=True, text=True, timeout=120)


def test_db_upgrade_builds_a_fresh_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    result = ipn("db", "upgrade", database_url=url)
    assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        assert {"practitioners", "groups", "links", "statements"} <= set(inspect(conn).get_table_names())
        version = conn.scalar(text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    assert version == ScriptDirectory(os.path.join(ROOT, "migrations")).get_current_head()


def test_help_lists_the_registry_commands(tmp_path):
    result = ipn("--help", database_url=f"sqlite:///{tmp_path / 'unused.sqlite'}")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()}
    assert {"demo", "reevaluate", "db", "run"} <= listed

"""`ipn bench` at a tiny size: the JSON has the issue's shape and plausible numbers. Nothing
is asserted about time (the machine is shared); the real figures are in BENCHMARKS.md."""

from __future__ import annotations

import json
import tempfile

import pytest

PAGES = {"home", "groups", "groups_search", "groups_search_every", "group", "api_groups", "api_group", "practitioner",
         "network_region"}


@pytest.fixture
def bench_server(request, database_url, monkeypatch, tmp_path):
    """The bench makes its own fresh database: a temporary SQLite file, or on PostgreSQL a new
    database on the test cluster (created and dropped by the command itself). It keeps its
    temporary files, and the mail its network queues, in the system's temporary folder: here
    the test's own, so that nothing lands in /tmp and two test processes never share one."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    if database_url.startswith("postgresql"):
        monkeypatch.setenv("IPN_DATABASE_URL", request.getfixturevalue("pg_cluster").url)
        return "postgresql"
    monkeypatch.delenv("IPN_DATABASE_URL", raising=False)
    return "sqlite"


def test_bench_json_has_every_figure(runner, bench_server):
    result = runner.invoke(args=["bench", "--groups", "30", "--json", "--requests", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    one = data["sizes"]["30"]
    assert set(one["pages"]) == PAGES
    for name, page in one["pages"].items():
        assert page["p50_ms"] > 0 and page["p95_ms"] >= page["p50_ms"], name
        if name == "network_region":
            # Its drawing is kept per generation, which the process knows without the session:
            # on PostgreSQL as its listener last read it (no query), on SQLite by one read.
            assert page["queries"] == (0 if bench_server == "postgresql" else 1)
        else:
            assert page["queries"] > 1, name
    for name, page in one["cached_pages"].items():
        # Served from the cache: nothing through the session; the generation as the listener
        # last read it (PostgreSQL) or by one read of the row (SQLite).
        assert page["queries"] == (0 if bench_server == "postgresql" else 1), name
    assert one["baseline"]["p50_ms"] > 0
    assert one["reevaluate_all_s"] > 0
    assert one["one_change"]["ms"] > 0 and one["one_change"]["groups_reevaluated"] >= 1
    assert one["rss_mb"] > 0
    assert one["database"] == bench_server
    # The network is realistic: groups of every kind the recompute derives.
    assert one["statuses"].get("full_member", 0) > 0 and one["statuses"].get("dissolved", 0) > 0


def test_bench_table_is_readable(runner, bench_server):
    """Two sizes, their pages measured side by side: a column of each, and a line of each
    size's re-evaluation and change."""
    result = runner.invoke(args=["bench", "--groups", "12,20", "--requests", "1"])
    assert result.exit_code == 0, result.output
    assert "home" in result.stdout and "healthz" in result.stdout and "groups_search_every" in result.stdout
    assert "12 p50 ms" in result.stdout and "20 p50 ms" in result.stdout
    assert "12 groups: re-evaluate all" in result.stdout and "20 groups: re-evaluate all" in result.stdout
    assert result.stdout.count("one change") == 2


def test_bench_refuses_nonsense_sizes(runner):
    result = runner.invoke(args=["bench", "--groups", "many"])
    assert result.exit_code != 0 and "sizes" in result.output

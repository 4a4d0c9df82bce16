"""Measuring the registry against a synthetic network: for each size, a fresh database (a
temporary SQLite file, or a database created on the PostgreSQL server that IPN_DATABASE_URL
names and dropped after), the network of ipn.bench.network and the day's jobs, and the full
re-evaluation in a fresh process as the CLI runs it; then, in one fresh process as a worker
runs, the public pages of every size side by side through the Flask test client (latency and
SQL queries per request); one change through the real service, and memory."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from ipn import create_app
from ipn.bench import network
from ipn.extensions import db
from ipn.models import Base, Group
from ipn.services import search_index  # noqa: F401  (create_all builds the search index too)

# One moment for the whole run: the network is generated, and every page read, as of it.
FROZEN_NOW = dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.timezone.utc)
SECRET_KEY = "ipn-bench-fixed-secret-key-not-for-production"
# The reminders the day's jobs send in a benchmark go to one folder of their own.
BENCH_OUTBOX = os.path.join(tempfile.gettempdir(), "ipn-bench-outbox")
# Each page: at least MIN_REQUESTS timed requests, more up to MAX_REQUESTS while within BUDGET_S.
MIN_REQUESTS, MAX_REQUESTS, BUDGET_S = 7, 60, 15.0


def pages(plan: network.Plan) -> dict[str, str]:
    """The pages measured, by name: every public page the issue names, /healthz as the floor."""
    slug = plan.slugs[len(plan.slugs) // 2]
    return {
        "home": "/",
        "groups": "/groups",
        "groups_search": f"/groups?q={network.SEARCH_WORD}",
        "groups_search_every": f"/groups?q={network.EVERY_STATEMENT_WORD}",
        "group": f"/groups/{slug}",
        "api_groups": "/api/v1/groups",
        "api_group": f"/api/v1/groups/{slug}",
        "practitioner": f"/practitioners/{plan.members[len(plan.members) // 2]}",
        "network_region": f"/network?region={plan.regions[1]}",
    }


@contextlib.contextmanager
def fresh_database(size: int, keep: str | None = None) -> Iterator[str]:
    """A URL of an empty database, removed afterwards unless `keep` (a folder for the SQLite
    file; on PostgreSQL the database is then left on the server), for a load test to reuse."""
    server = os.environ.get("IPN_DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql")):
        url = make_url(server.replace("postgres://", "postgresql+psycopg://", 1)
                       .replace("postgresql://", "postgresql+psycopg://", 1))
        name = f"ipn_bench_{size}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            if keep:
                admin.dispose()
                return
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    if keep:
        os.makedirs(keep, exist_ok=True)
        path = os.path.join(os.path.abspath(keep), f"bench-{size}.sqlite")
        if os.path.exists(path):
            os.remove(path)
        yield "sqlite:///" + path
        return
    folder = tempfile.mkdtemp(prefix="ipn-bench-")
    try:
        yield "sqlite:///" + os.path.join(folder, "bench.sqlite")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_app(url: str, page_cache: bool = True):
    """The app as the bench measures it: frozen clock, no rate limits; `page_cache` off to
    measure what rendering a page costs."""
    return create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "RATELIMIT_ENABLED": False,
                       "FROZEN_NOW": FROZEN_NOW, "MAIL_OUTBOX_DIR": BENCH_OUTBOX,
                       "PAGE_CACHE": page_cache})


class QueryCounter:
    """The SQL statements a request makes: through the app's engine, and on SQLite the read of
    the generation that each thread makes on a connection of its own (SqliteReader). (On
    PostgreSQL the listener's reads are one per change and one every 10 s, not per request.)"""

    def __init__(self, app) -> None:
        self.statements, self.reader = 0, app.extensions.get("ipn_generation_listener")
        self.reads_before = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self)

    def __call__(self, *args, **kwargs) -> None:
        self.statements += 1

    def _reads(self) -> int:
        return getattr(self.reader, "reads", 0)

    def reset(self) -> None:
        self.statements, self.reads_before = 0, self._reads()

    @property
    def count(self) -> int:
        return self.statements + self._reads() - self.reads_before


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_pages(targets: list[tuple], requests: int | None = None) -> list[dict]:
    """Each (client, counter, url) of `targets` timed in turn, one request each a round, so
    that every target is measured in the same moments (this guest's speed drifts by half
    within minutes: two sizes measured one after the other compared the drift). For each: p50
    and p95 in ms and SQL queries per request (the median), after two warm-up requests;
    `requests` rounds, or by default MIN_REQUESTS to MAX_REQUESTS within BUDGET_S a target."""
    least, most = (requests, requests) if requests else (MIN_REQUESTS, MAX_REQUESTS)
    for client, _, url in targets:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    times: list[list[float]] = [[] for _ in targets]
    queries: list[list[int]] = [[] for _ in targets]
    budget, started, rounds = BUDGET_S * len(targets), time.perf_counter(), 0
    while rounds < most and (rounds < least or time.perf_counter() - started < budget):
        for (client, counter, url), took, asked in zip(targets, times, queries):
            counter.reset()
            t0 = time.perf_counter()
            response = client.get(url)
            took.append((time.perf_counter() - t0) * 1000)
            asked.append(counter.count)
            assert response.status_code == 200, (url, response.status_code)
        rounds += 1
    return [{"p50_ms": round(statistics.median(took), 2), "p95_ms": round(percentile(took, 0.95), 2),
             "queries": int(statistics.median(asked)), "requests": len(took)}
            for took, asked in zip(times, queries)]


def one_change(plan: network.Plan) -> dict:
    """A member withdraws a stand-by in a linked full member group, through the real service,
    committed as a request would; how long it took and how many groups were re-evaluated."""
    from ipn.services import evaluation, facts, stand_bys
    from ipn.states import GroupStatus

    group = db.session.scalar(select(Group).where(Group.slug.in_(plan.slugs),
                                                  Group.status == GroupStatus.FULL_MEMBER).order_by(Group.id))
    stays = facts.current_memberships(group.id)
    giver, receiver = stays[0].practitioner, stays[1].practitioner
    settled = 0
    real_settle = evaluation.settle

    def counting_settle(*args, **kwargs):
        nonlocal settled
        settled += 1
        return real_settle(*args, **kwargs)

    evaluation.settle = counting_settle
    try:
        t0 = time.perf_counter()
        stand_bys.withdraw_stand_by(giver, group, receiver, "benchmark: one change")
        db.session.commit()
        elapsed = time.perf_counter() - t0
    finally:
        evaluation.settle = real_settle
    return {"ms": round(elapsed * 1000, 2), "groups_reevaluated": settled}


def measure_pages(apps: list, plans: list[network.Plan], requests: int | None,
                  say: Callable[[str], None], label: str = "") -> list[dict]:
    """Every page of every size, the sizes side by side (time_pages); one result per app."""
    clients = [(app.test_client(), QueryCounter(app)) for app in apps]
    addresses = [pages(plan) for plan in plans]
    for (client, _), each in zip(clients, addresses):
        for address in each.values():
            client.get(address)
    results: list[dict] = [{} for _ in apps]
    for name in addresses[0]:
        timed = time_pages([(client, counter, each[name]) for (client, counter), each in zip(clients, addresses)],
                           requests)
        for plan, result, one in zip(plans, results, timed):
            result[name] = one
            say(f"{plan.groups} groups{label}: {name} p50 {one['p50_ms']} ms, {one['queries']} queries")
    return results


def reevaluate_alone(url: str) -> tuple[float, float]:
    """In a fresh process, as `ipn reevaluate --all` runs: the time of what it does (every
    group's status derived from the facts alone and compared with its cached one; nothing
    disagrees, so nothing is written), and this process's peak memory."""
    from ipn.services import evaluation

    app = bench_app(url, page_cache=False)
    with app.app_context():
        started = time.perf_counter()
        done = evaluation.reevaluate_everything()
        elapsed = time.perf_counter() - started
        assert not (done.lapsed or done.strays or done.published or done.disagreed), done
        db.session.rollback()
        db.engine.dispose()
    return elapsed, peak_rss_mb()


def serve_and_measure(sites: list[tuple[str, network.Plan]], requests: int | None) -> list[tuple[dict, dict, dict]]:
    """In a fresh process, every size's pages side by side: rendered (the page cache off:
    what the first visitor after a change waits for), then as served (from the cache until
    the network changes), and /healthz as the floor. (rendered, cached, baseline) per size."""
    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    plans = [plan for _, plan in sites]
    rendered = [bench_app(url, page_cache=False) for url, _ in sites]
    results = measure_pages(rendered, plans, requests, say)
    served = [bench_app(url) for url, _ in sites]
    for app in served:
        listening = app.extensions.get("ipn_generation_listener")
        if hasattr(listening, "connected"):  # PostgreSQL's listener: measured as it runs, connected
            app.test_client().get("/")
            listening.connected.wait(10)
    cached = measure_pages(served, plans, requests, say, ", cached")
    baselines = time_pages([(app.test_client(), QueryCounter(app), "/healthz") for app in rendered], requests)
    for app in rendered + served:
        with app.app_context():
            db.engine.dispose()
    return list(zip(results, cached, baselines))


def serving_memory(url: str, plan: network.Plan) -> tuple[float, float]:
    """In a fresh process of its own, one size's every page served (rendered and from the
    cache): this process's memory then, and at its peak."""
    for app in (bench_app(url, page_cache=False), bench_app(url)):
        client = app.test_client()
        for _ in range(2):
            for address in pages(plan).values():
                client.get(address)
    return current_rss_mb(), peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux keeps
    that across fork and exec, so a process the bench spawns would report the bench's own."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # pragma: no cover - not Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return round(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def after_bulk_load() -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load (statistics for the planner,
    hint bits set): a database that has been running, not one written a moment ago."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


@dataclasses.dataclass
class Prepared:
    """One size's database, generated, with what was measured of it so far."""

    size: int
    url: str
    plan: network.Plan
    figures: dict


def prepare(size: int, url: str, progress: Callable[[int], contextlib.AbstractContextManager],
            say: Callable[[str], None]) -> Prepared:
    """The network of `size` groups written to `url`, every status set, the day's jobs run;
    then `ipn reevaluate --all` timed in a process of its own."""
    from ipn.services import daily, evaluation, rulebook

    app = bench_app(url, page_cache=False)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        rulebook.ensure_founding()
        started = time.perf_counter()
        with progress(size) as bar:
            plan = network.generate(size, tick=bar.update)
        db.session.commit()
        generated_s = time.perf_counter() - started
        after_bulk_load()
        say(f"{size} groups: {plan.rows} rows written in {generated_s:.1f} s; setting every status")
        derived = evaluation.recompute_all()
        counts = network.set_statuses(plan, derived)
        db.session.commit()
        del derived
        # The day's jobs, as `ipn daily` from cron runs them just after midnight (else the
        # first request of the day would): reminders of the validations about to lapse.
        started = time.perf_counter()
        summary = daily.run_daily()
        db.session.commit()
        daily_s = time.perf_counter() - started
        say(f"{size} groups: the day's jobs in {daily_s:.1f} s ({summary})")
    with app.app_context():
        db.engine.dispose()
    # The full re-evaluation in a process of its own, as `ipn reevaluate --all` runs: this one
    # has just written millions of rows, and its scattered heap made everything up to twice as slow.
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        reevaluate_s, reevaluate_peak = pool.apply(reevaluate_alone, (url,))
    say(f"{size} groups: re-evaluated in {reevaluate_s:.1f} s ({counts})")
    return Prepared(size, url, plan, {
        "reevaluate_all_s": round(reevaluate_s, 3),
        "groups_per_s": round(size / reevaluate_s, 1) if reevaluate_s else None,
        "rss_mb": max(peak_rss_mb(), reevaluate_peak),
        "generate_s": round(generated_s, 1),
        "daily_s": round(daily_s, 1),
        "rows": plan.rows,
        "statuses": counts,
    })


def run(sizes: list[int], progress: Callable[[int], contextlib.AbstractContextManager],
        say: Callable[[str], None] = lambda _: None, requests: int | None = None,
        keep: str | None = None) -> dict[str, dict]:
    """Every size measured, as the JSON's sizes: each generated and re-evaluated in turn; then
    the pages of all sizes side by side, in one fresh process as a worker runs; then each
    size's serving memory (a process of its own) and one change."""
    results: dict[str, dict] = {}
    with contextlib.ExitStack() as databases:
        prepared = [prepare(size, databases.enter_context(fresh_database(size, keep)), progress, say)
                    for size in sizes]
        say("measuring pages, every size side by side")
        with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
            measured = pool.apply(serve_and_measure, ([(p.url, p.plan) for p in prepared], requests))
        for one, (rendered, cached, baseline) in zip(prepared, measured):
            with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
                rss_serving, rss_peak = pool.apply(serving_memory, (one.url, one.plan))
            app = bench_app(one.url, page_cache=False)
            with app.app_context():
                change = one_change(one.plan)
                db.engine.dispose()
            results[str(one.size)] = {
                "pages": rendered,
                "cached_pages": cached,
                "baseline": {"p50_ms": baseline["p50_ms"], "p95_ms": baseline["p95_ms"],
                             "queries": baseline["queries"]},
                **one.figures,
                "one_change": change,
                # This process's peak as it was when this size was written (prepare), not now.
                "rss_mb": max(one.figures["rss_mb"], rss_peak),
                "rss_serving_mb": rss_serving,
                "database": make_url(one.url).get_backend_name(),
                **({"kept": one.url} if keep else {}),
            }
    return results

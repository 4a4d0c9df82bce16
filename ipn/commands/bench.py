"""`ipn bench`: generate a synthetic network of each size in a fresh database and measure
the public pages, full re-evaluation and one change against it (ipn.bench)."""

import json
import sys

import click


def sizes_option(value: str) -> list[int]:
    try:
        sizes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("give sizes as numbers separated by commas, e.g. 1000,100000")
    if not sizes or min(sizes) < 10:
        raise click.BadParameter("every size needs at least 10 groups")
    return sizes


@click.command("bench")
@click.option("--groups", "sizes", default="1000,100000", show_default=True,
              help="Network sizes (groups), comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--requests", type=click.IntRange(1), default=None,
              help="Timed requests per page (default: 7 to 60, within 15 s a page).")
@click.option("--keep", type=click.Path(file_okay=False), default=None,
              help="Keep each size's database (SQLite: bench-<size>.sqlite in this folder) for a load test.")
def bench_command(sizes: str, as_json: bool, requests: int | None, keep: str | None) -> None:
    """Measure pages, re-evaluation and one change on synthetic networks. Each size gets a
    fresh database: a temporary SQLite file, or, when IPN_DATABASE_URL names a PostgreSQL
    server, a database created there and dropped afterwards. Nothing else is touched."""
    from ipn.bench.measure import run

    def progress(size: int):
        return click.progressbar(length=size, label=f"Generating {size} groups", file=sys.stderr)

    results = run(sizes_option(sizes), progress, say=lambda s: click.echo(s, err=True), requests=requests, keep=keep)
    if as_json:
        click.echo(json.dumps({"sizes": results}, indent=2))
        return
    click.echo(table(results))


def table(results: dict) -> str:
    """The results as a readable table: one row per page, columns per size (rendered, then
    served from the page cache)."""
    sizes = list(results)
    head = f"{'page':<22}" + "".join(f"{s + ' p50 ms':>16}{'p95 ms':>10}{'queries':>9}{'cached ms':>11}{'queries':>9}"
                                     for s in sizes)
    lines = [head, "-" * len(head)]
    names = list(results[sizes[0]]["pages"]) + ["healthz"]
    for name in names:
        row = f"{name:<22}"
        for s in sizes:
            page = results[s]["pages"].get(name) or results[s]["baseline"]
            cached = results[s].get("cached_pages", {}).get(name) or results[s]["baseline"]
            row += (f"{page['p50_ms']:>16.1f}{page['p95_ms']:>10.1f}{page['queries']:>9}"
                    f"{cached['p50_ms']:>11.1f}{cached['queries']:>9}")
        lines.append(row)
    lines.append("")
    for s in sizes:
        r = results[s]
        lines.append(f"{s} groups: re-evaluate all {r['reevaluate_all_s']:.2f} s ({r['groups_per_s']} groups/s); "
                     f"one change {r['one_change']['ms']:.1f} ms, {r['one_change']['groups_reevaluated']} group(s) "
                     f"re-evaluated; peak RSS {r['rss_mb']} MB (serving {r['rss_serving_mb']} MB); "
                     f"statuses {r['statuses']}")
    return "\n".join(lines)

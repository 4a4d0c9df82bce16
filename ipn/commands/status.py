"""`ipn reevaluate`: recompute group statuses from the facts."""

import click
from flask.cli import with_appcontext


@click.command("reevaluate")
@click.option("--all", "all_groups", is_flag=True, help="Recompute every group from the facts.")
@with_appcontext
def reevaluate_command(all_groups: bool) -> None:
    """Demote groups whose validations lapsed; with --all, recompute every group from the facts
    and report (and correct) any whose cached status disagreed."""
    from ipn.extensions import db
    from ipn.models import Group
    from ipn.services.evaluation import (
        catch_up,
        end_stray_stays,
        publish_endorsed,
        recompute_all,
        reevaluate,
    )

    lapsed = catch_up()
    db.session.commit()
    click.echo(f"{len(lapsed)} status change(s) from lapsed validations.")
    if not all_groups:
        return
    for stay in end_stray_stays():
        click.echo(f"{stay.group.slug}: {stay.practitioner.name} was still in it after it dissolved (corrected)")
    for group in publish_endorsed():
        click.echo(f"{group.slug}: every member had endorsed the draft but it was not published (published)")
    db.session.commit()
    derived = recompute_all()
    disagreed = []
    with click.progressbar(sorted(derived), label="Re-evaluating groups") as bar:
        for group_id in bar:
            group = db.session.get(Group, group_id)
            if group.status != derived[group_id].status:
                disagreed.append((group.slug, group.status, derived[group_id].status))
                reevaluate([group], "recomputed from the recorded facts")
    db.session.commit()
    for slug, cached, status in disagreed:
        click.echo(f"{slug}: cached {cached}, derived {status} (corrected)")
    click.echo(f"{len(derived)} group(s) re-evaluated; {len(disagreed)} disagreed with the cache.")

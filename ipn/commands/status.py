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
    from ipn.services.evaluation import catch_up, reevaluate_everything

    if not all_groups:
        lapsed = catch_up()
        db.session.commit()
        click.echo(f"{len(lapsed)} status change(s) from lapsed validations.")
        return
    click.echo("Re-evaluating every group from the recorded facts ...")
    done = reevaluate_everything(checkpoint=db.session.commit)
    db.session.commit()
    click.echo(f"{len(done.lapsed)} status change(s) from lapsed validations.")
    for slug, name in done.strays:
        click.echo(f"{slug}: {name} was still in it after it dissolved (corrected)")
    for slug in done.published:
        click.echo(f"{slug}: every member had endorsed the draft but it was not published (published)")
    for slug, cached, status in done.disagreed:
        click.echo(f"{slug}: cached {cached}, derived {status} (corrected)")
    click.echo(f"{done.groups} group(s) re-evaluated; {len(done.disagreed)} disagreed with the cache.")

"""`ipn reevaluate`: recompute group statuses from the facts."""

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select


@click.command("reevaluate")
@click.option("--all", "all_groups", is_flag=True, help="Recompute every group from the facts.")
@with_appcontext
def reevaluate_command(all_groups: bool) -> None:
    """Demote groups whose validations lapsed; with --all, recompute every group and report
    any whose cached status disagreed with the facts."""
    from ipn.extensions import db
    from ipn.models import Group
    from ipn.services.evaluation import catch_up, reevaluate

    lapsed = catch_up()
    db.session.commit()
    click.echo(f"{len(lapsed)} status change(s) from lapsed validations.")
    if not all_groups:
        return
    total = db.session.scalar(select(func.count(Group.id))) or 0
    disagreed = []
    ids = list(db.session.scalars(select(Group.id).order_by(Group.id)))
    with click.progressbar(ids, length=total, label="Re-evaluating groups") as bar:
        for group_id in bar:
            group = db.session.get(Group, group_id)
            cached = group.status
            changes = reevaluate([group], "recomputed from the recorded facts")
            if any(c.group_id == group_id for c in changes):
                disagreed.append((group.slug, cached, group.status))
    db.session.commit()
    for slug, cached, derived in disagreed:
        click.echo(f"{slug}: cached {cached}, derived {derived} (corrected)")
    click.echo(f"{total} group(s) re-evaluated; {len(disagreed)} disagreed with the cache.")

"""`ipn export` and `ipn import`: back the registry up to a JSON file and restore it, on
SQLite or PostgreSQL alike (also to move from one to the other)."""

import sys

import click
from flask.cli import with_appcontext


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@with_appcontext
def export_command(path: str) -> None:
    """Write the whole registry, with its history, to PATH as JSON ('-' for standard output)."""
    from ipn.extensions import db
    from ipn.services import backup

    backup.begin_snapshot()
    total = backup.row_count()
    with click.progressbar(length=total, label="Exporting", file=sys.stderr) as bar:
        document = backup.export_registry(progress=bar.update)
    db.session.rollback()  # read only
    with click.open_file(path, "w", encoding="utf-8", atomic=path != "-") as stream:
        backup.write_backup(document, stream)
    if path != "-":
        click.echo(f"{total} rows written to {path}.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@with_appcontext
def import_command(path: str) -> None:
    """Restore a backup written by `ipn export` into this empty database."""
    from ipn.extensions import db
    from ipn.services import backup

    try:
        with click.open_file(path, encoding="utf-8") as stream:
            document = backup.read_backup(stream)
        total = sum(len(t.get("rows", [])) for t in document["tables"].values())
        with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
            written = backup.import_registry(document, progress=bar.update)
        db.session.commit()
    except backup.BackupError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    except BaseException:
        db.session.rollback()
        raise
    click.echo(f"{written} rows restored from {path}.")

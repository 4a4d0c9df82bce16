"""`ipn demo`: load the demo network into an empty database."""

import click
from flask.cli import with_appcontext


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load a deterministic demo network when the database is empty."""
    from ipn.demo import load_demo

    loaded = load_demo()
    click.echo("Demo network loaded." if loaded else "The database is not empty; demo not loaded.")

"""`ipn demo`: load the demo network into an empty database."""

import time

import click
from flask.cli import with_appcontext


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load a deterministic demo network when the database is empty."""
    from ipn.demo import load_demo, personas
    from ipn.demo.content import DEMO_PASSWORD

    started = time.monotonic()
    if not load_demo():
        click.echo("The database is not empty; demo not loaded.")
        return
    click.echo(f"Demo network loaded in {time.monotonic() - started:.1f} s.")
    click.echo(f"Every demo account has the password {DEMO_PASSWORD}. To look around, log in as:")
    for email, name, role in personas():
        click.echo(f"  {email}  {name}, {role}")

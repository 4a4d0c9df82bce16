"""The `ipn` command line: Flask's (run, db upgrade, routes, shell) plus the registry's own."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def _create_app():
    from ipn import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """The IPN Registry."""


def register_commands(app: Flask) -> None:
    from ipn.commands import backup, bench, demo, mail, rules, status

    app.cli.add_command(demo.demo_command)
    app.cli.add_command(mail.mail_group)
    app.cli.add_command(mail.daily_command)
    app.cli.add_command(status.reevaluate_command)
    app.cli.add_command(rules.rules_command)
    app.cli.add_command(backup.export_command)
    app.cli.add_command(backup.import_command)
    app.cli.add_command(bench.bench_command)

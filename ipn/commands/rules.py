"""`ipn rules`: the rules in force, and applying rule changes whose day has come."""

import click
from flask.cli import with_appcontext


@click.group("rules")
def rules_command() -> None:
    """The network's rules in force (SPEC R16)."""


@rules_command.command("show")
@with_appcontext
def show_command() -> None:
    """Print the rules in force today and since when."""
    from ipn import governance_rules
    from ipn.extensions import db
    from ipn.services import rulebook

    version = rulebook.version_on()
    db.session.commit()  # the founding rules, if this is the registry's first use
    cause = f"proposal {version.proposal_id}" if version.proposal_id else "the founding rules"
    click.echo(f"In force since {version.since.isoformat()} ({cause}):")
    for name, value in version.settings.as_dict().items():
        click.echo(f"  {governance_rules.rule_words(name)}: {governance_rules.value_words(value)}")


@rules_command.command("apply")
@with_appcontext
def apply_command() -> None:
    """Re-evaluate the whole network under every rule change whose day has come."""
    from ipn.extensions import db
    from ipn.services import rulebook

    rulebook.versions()
    due = rulebook.pending()
    if not due:
        db.session.commit()
        click.echo("No rule change is waiting to be applied.")
        return
    for version in due:
        click.echo(f"Applying {rulebook.cause_of(version)} ...")
        changed = rulebook.apply(version)
        db.session.commit()
        click.echo(f"{changed} status change(s).")

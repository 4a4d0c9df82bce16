"""`ipn mail send|status` (the outbox) and `ipn daily` (every time-based job, then the outbox):
for cron or a systemd timer; see README.md."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

mail_group = AppGroup("mail", help="The outbox of email messages.")


@mail_group.command("send")
def send_command() -> None:
    """Send every message that is due (new ones, and failed ones whose retry time has come)."""
    from ipn.mail import send_due

    report = send_due()
    click.echo(f"{report.sent} sent, {report.failed} failed (to be retried), {report.dropped} dropped.")
    for error in report.errors[:10]:
        click.echo(f"  failed: {error}")


@mail_group.command("status")
def status_command() -> None:
    """Say how many messages are queued, sent and failing, and why the failing ones fail."""
    from ipn.mail import status

    counts = status()
    click.echo(f"queued: {counts['queued']} (failing: {len(counts['failing'])}), sending: {counts['sending']}, "
               f"sent: {counts['sent']}, dropped: {counts['dropped']}")
    for message in counts["failing"][:20]:
        click.echo(f"  #{message.id} {message.kind}: {message.attempts} attempt(s), next at "
                   f"{message.next_attempt_at:%Y-%m-%d %H:%M} UTC: {message.last_error}")


@click.command("daily")
@with_appcontext
def daily_command() -> None:
    """Run today's time-based jobs (lapses, escalation, lapse reminders), then send the outbox."""
    from ipn.extensions import db
    from ipn.mail import send_due
    from ipn.services.daily import run_daily

    summary = run_daily(again=True)
    db.session.commit()
    click.echo(f"{summary['status_changes']} status change(s) from lapsed validations, "
               f"{summary['escalated']} concern(s) escalated, {summary['reminders']} reminder(s) queued.")
    report = send_due()
    click.echo(f"Mail: {report.sent} sent, {report.failed} failed (to be retried), {report.dropped} dropped.")

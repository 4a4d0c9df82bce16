"""The registry's time-based jobs, run once a day by `ipn daily` (from cron or a systemd timer)
and by the first request of a day, so that nothing waits for a page to be opened: validations
that lapsed demote their groups (R14), concerns with no response in 8 weeks are escalated
(R15), and members are reminded of validations that lapse in three months and in one month."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, exists, select
from sqlalchemy.exc import IntegrityError

from ipn import clock, rules
from ipn.extensions import db
from ipn.models import DailyRun, Group, Membership
from ipn.services import concerns, outbox
from ipn.services.evaluation import catch_up
from ipn.states import GroupStatus

# Reminders before a validation lapses: (name, calendar months ahead), nearest last.
REMINDERS = (("3 months", 3), ("1 month", 1))


def ran_on(day: dt.date) -> bool:
    return db.session.scalar(select(exists().where(DailyRun.day == day))) or False


# Built once: every request asks it, and building the statement cost more than running it.
DUE = select(exists().where(DailyRun.day == bindparam("today")),
             exists().where(Group.status_until < bindparam("today")))


def what_is_due(today: dt.date) -> tuple[bool, bool]:
    """(whether today's jobs have run, whether a status has lapsed unseen), in one query of two
    indexed lookups: the cost of an ordinary request."""
    ran, lapsed = db.session.connection().execute(DUE, {"today": today}).one()
    return bool(ran), bool(lapsed)


def remind_lapses(today: dt.date) -> int:
    """Tell the members of each full member group whose standing lapses within three months
    (and again within one month) when it lapses; each reminder goes once per lapse date."""
    due = list(db.session.execute(select(Group.id, Group.status_until).where(
        Group.status == GroupStatus.FULL_MEMBER, Group.dissolved_at.is_(None), Group.status_until.is_not(None),
        Group.status_until >= today, Group.status_until <= rules.add_months(today, REMINDERS[0][1]))
        .order_by(Group.id)))
    messages = []
    for start in range(0, len(due), outbox.BATCH):
        # Each group's lapse day and the nearest reminder it falls within.
        chunk = {group_id: (until.isoformat(), next(name for name, months in reversed(REMINDERS)
                                                    if until <= rules.add_months(today, months)))
                 for group_id, until in due[start:start + outbox.BATCH]}
        members = db.session.execute(
            select(Membership.group_id, Membership.practitioner_id).where(
                Membership.group_id.in_(chunk), Membership.left_at.is_(None), Membership.member_since.is_not(None))
            .order_by(Membership.group_id, Membership.joined_at, Membership.id))
        for group_id, pid in members:
            until, window = chunk[group_id]
            messages.append((pid, f"lapse:{group_id}:{until}:{window}:{pid}",
                             {"group_id": group_id, "until": until, "window": window}))
    return outbox.enqueue_many("lapse_reminder", messages)


def run_daily(today: dt.date | None = None, again: bool = False) -> dict | None:
    """Run the day's jobs; None when they already ran today (by another process too: the day's
    row is written first, and a second writer waits for the first and is refused). Every job
    is idempotent, so `again` (the `ipn daily` command) runs them even so."""
    today = today or clock.today()
    run = DailyRun(day=today, summary={})
    try:
        with db.session.begin_nested():
            db.session.add(run)
            db.session.flush()
    except IntegrityError:
        if not again:
            return None
        run = db.session.get(DailyRun, today)
    lapsed = catch_up(today)
    escalated = concerns.escalate_due()
    reminders = remind_lapses(today)
    run.summary = {"status_changes": len(lapsed), "escalated": len(escalated), "reminders": reminders}
    db.session.flush()
    return run.summary

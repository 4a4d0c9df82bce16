"""Sending what the outbox holds: claim a row, render it, hand it to the SMTP server (or write
it as an .eml file when no server is configured), mark it sent, each step committed on its own.

Never sent twice: a row is claimed by an UPDATE that only one process can win (queued ->
sending), and marked sent in its own transaction. Never lost: a failure puts it back in the
queue with exponential backoff. A process that dies between claiming and marking leaves a
'sending' row that goes back into the queue after MAIL_CLAIM_TIMEOUT_SECONDS (the one case in
which a message may go twice: the server took it but the process died before recording so)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from flask import current_app
from flask_mailman import EmailMessage
from sqlalchemy import func, select, update

from ipn import clock
from ipn.extensions import db, mailman
from ipn.mail.messages import Drop, Rendered, render
from ipn.models import OutboxMessage

TOKEN_KEYS = ("token",)


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)


def outbox_dir() -> str:
    return current_app.config.get("MAIL_OUTBOX_DIR") or os.path.join(current_app.instance_path, "outbox")


def deliver(message: OutboxMessage, rendered: Rendered) -> None:
    """Hand one rendered message over: SMTP when MAIL_SERVER is set, else an .eml file."""
    config = current_app.config
    email = EmailMessage(subject=rendered.subject, body=rendered.body, from_email=config["MAIL_DEFAULT_SENDER"],
                         to=[rendered.to], headers={"X-IPN-Message": f"{message.kind}-{message.id}"})
    if config.get("MAIL_SERVER"):
        with mailman.get_connection(backend="smtp") as connection:
            if connection.send_messages([email]) != 1:
                raise OSError("the SMTP server did not take the message")
        return
    folder = outbox_dir()
    os.makedirs(folder, exist_ok=True)
    name = f"{clock.now():%Y%m%d-%H%M%S}-{message.id:06d}-{message.kind}.eml"
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(email.message().as_bytes())


def backoff(attempts: int) -> dt.timedelta:
    config = current_app.config
    seconds = int(config["MAIL_RETRY_SECONDS"]) * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, int(config["MAIL_RETRY_MAX_SECONDS"])))


def _claim(message_id: int) -> bool:
    claimed = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.state == "queued").values(
        state="sending", claimed_at=clock.now()))
    db.session.commit()
    return claimed.rowcount == 1


def send_one(message_id: int, report: Report) -> None:
    if not _claim(message_id):
        return  # another process has it
    message = db.session.get(OutboxMessage, message_id)
    try:
        rendered = render(message)
        deliver(message, rendered)
    except Drop as why:
        message.state, message.last_error = "dropped", str(why)[:500]
        message.params = _without_tokens(message.params)
        report.dropped += 1
    except Exception as error:  # noqa: BLE001 - any failure to send: retry later, never lose it
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
        message.state, message.claimed_at = "queued", None
        message.attempts += 1
        message.next_attempt_at = clock.now() + backoff(message.attempts)
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        report.failed += 1
        report.errors.append(message.last_error)
    else:
        message.state, message.sent_at, message.attempts = "sent", clock.now(), message.attempts + 1
        message.last_error = None
        message.params = _without_tokens(message.params)
        report.sent += 1
    db.session.commit()


def _without_tokens(params: dict | None) -> dict:
    """Once sent, a message's raw tokens are of no more use to anyone: blank them."""
    return {k: ("" if k in TOKEN_KEYS else v) for k, v in (params or {}).items()}


def requeue_stale_claims() -> int:
    timeout = dt.timedelta(seconds=int(current_app.config["MAIL_CLAIM_TIMEOUT_SECONDS"]))
    stale = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.state == "sending", OutboxMessage.claimed_at < clock.now() - timeout).values(
        state="queued", claimed_at=None, last_error="claimed by a process that did not finish; queued again"))
    db.session.commit()
    return stale.rowcount


def send_due(limit: int | None = None) -> Report:
    """Send every message that is due (queued, its next attempt not in the future), oldest first."""
    report = Report()
    requeue_stale_claims()
    query = (select(OutboxMessage.id).where(OutboxMessage.state == "queued",
                                            OutboxMessage.next_attempt_at <= clock.now())
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id))
    if limit:
        query = query.limit(limit)
    for message_id in list(db.session.scalars(query)):
        send_one(message_id, report)
    return report


def status() -> dict:
    """How many messages are queued (and of those, failing), sending, sent and dropped."""
    counts = dict(db.session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    failing = list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.state == "queued", OutboxMessage.attempts > 0).order_by(OutboxMessage.next_attempt_at)))
    return {"queued": counts.get("queued", 0), "sending": counts.get("sending", 0), "sent": counts.get("sent", 0),
            "dropped": counts.get("dropped", 0), "failing": failing}

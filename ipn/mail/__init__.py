"""Email: rendering and sending what the outbox holds (ipn.services.outbox enqueues it).

`register_mail(app)` sends, right after each request that queued messages has committed,
what is due (at most MAIL_SEND_PER_REQUEST), and once a minute also retries; it never fails
the request. `ipn mail send` sends whatever is due, for a scheduler."""

from __future__ import annotations

import time

from flask import Flask, g

from ipn.extensions import db
from ipn.mail.sending import Report, send_due, send_one, status
from ipn.services import outbox

__all__ = ["Report", "register_mail", "send_due", "status"]

RETRY_SWEEP_SECONDS = 60


def register_mail(app: Flask) -> None:
    last_sweep = {"at": time.monotonic()}

    @app.after_request
    def send_after_commit(response):
        queued = g.pop(outbox.QUEUED, [])
        sweep = time.monotonic() - last_sweep["at"] >= RETRY_SWEEP_SECONDS
        if not (queued or sweep):
            return response
        last_sweep["at"] = time.monotonic()
        try:
            # Whatever the view did not commit is not ours to send: start from what is committed.
            db.session.rollback()
            limit = int(app.config["MAIL_SEND_PER_REQUEST"])
            report = Report()
            for message_id in queued[:limit]:  # a row the request rolled back is not there to claim
                send_one(message_id, report)
            if limit > len(queued):
                send_due(limit=limit - len(queued))
        except Exception:  # noqa: BLE001 - sending must never fail the request; the row waits
            db.session.rollback()
            app.logger.exception("sending queued mail after the request failed; it stays queued")
        return response

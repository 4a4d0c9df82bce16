"""The durable outbox: services enqueue a message as a row in the same transaction as the
action that causes it, so an action that rolls back sends nothing. The row holds ids and
tokens only; ipn.mail renders and sends it after the transaction commits.

Services know no URLs and no templates: a message is a kind, a recipient and parameters."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import insert, select

from ipn import clock
from ipn.extensions import db
from ipn.models import OutboxMessage, Practitioner

# Each kind of message, and the profile setting that lets its recipient refuse it (None: it
# always goes: account messages, and concern messages to the person who raised the concern).
KINDS: dict[str, str | None] = {
    "confirm_email": None,
    "password_reset": None,
    "email_change": None,
    "invitation": "mail_invitations",
    "link_proposed": "mail_links",
    "concern_received": None,
    "concern_response": None,
    "concern_escalated_raiser": None,
    "concern_outcome": None,
    "concern_raised": "mail_concerns",
    "concern_escalated": "mail_concerns",
    "status_changed": "mail_status",
    "group_dissolved": "mail_status",
    "lapse_reminder": "mail_lapses",
    "position_awaited": "mail_positions",
}
ACCOUNT_KINDS = frozenset({"confirm_email", "password_reset", "email_change"})
BATCH = 1_000  # messages a query, for `enqueue_many`
QUEUED = "ipn_mail_queued"  # in `g`: the ids this request queued, for ipn.mail to send after it commits

# What the profile calls each choice, in the order it lists them.
PREFERENCES = {
    "mail_invitations": "Invitations to join a group",
    "mail_links": "Link proposals to my groups",
    "mail_concerns": "Concerns raised with my groups, and concerns escalated to them",
    "mail_status": "Changes of my groups' status",
    "mail_lapses": "Reminders that a validation of my group is about to lapse",
    "mail_positions": "Proposals awaiting my position at a Gathering I attended",
}


def address_confirmed(person: Practitioner) -> bool:
    """Whether this person's address may receive mail other than its confirmation, and so
    whether they may be invited (an unconfirmed address belongs to nobody yet)."""
    return person.email_confirmed_at is not None or bool(current_app.config.get("MAIL_TRUST_UNCONFIRMED"))


def wants(person: Practitioner, kind: str) -> bool:
    """Whether `person` receives a message of this kind: a confirmed address (account messages
    aside) and, for the kinds one may refuse, their choice on their profile."""
    if kind in ACCOUNT_KINDS:
        return True
    if not address_confirmed(person):
        return False
    setting = KINDS[kind]
    return setting is None or bool(getattr(person, setting))


def enqueue(kind: str, practitioner: Practitioner | int | None = None, address: str | None = None,
            dedupe_key: str | None = None, **params: Any) -> OutboxMessage | None:
    """Queue one message to a practitioner (by their current address at send time) or to a
    bare address (the person who raised a concern, a new address to confirm). Returns None
    when the recipient does not receive this kind, or a message with this dedupe_key exists."""
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    if (practitioner is None) == (address is None):
        raise ValueError("a message goes to a practitioner or to an address")
    person_id = None
    if practitioner is not None:
        person = practitioner if isinstance(practitioner, Practitioner) else db.session.get(Practitioner, practitioner)
        if person is None or not wants(person, kind):
            return None
        person_id = person.id
    if dedupe_key is not None and db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)) is not None:
        return None
    message = OutboxMessage(kind=kind, practitioner_id=person_id, address=address, params=params,
                            dedupe_key=dedupe_key, next_attempt_at=clock.now())
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        # The request sends its own messages first, once it has committed (ipn.mail).
        g.setdefault(QUEUED, []).append(message.id)
    return message


def enqueue_many(kind: str, messages: list[tuple[int, str, dict[str, Any]]]) -> int:
    """`enqueue` for many practitioners at once, each message as (practitioner id, dedupe
    key, parameters), in a few queries however many there are (a day's reminders in a large
    network are tens of thousands). Returns how many were queued."""
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    setting = KINDS[kind]
    # What `wants` reads of each person, as plain rows: no ORM object per recipient.
    columns = [Practitioner.id, Practitioner.email_confirmed_at] + ([getattr(Practitioner, setting)] if setting else [])
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for start in range(0, len(messages), BATCH):
        chunk = messages[start:start + BATCH]
        people = {p.id: p for p in db.session.execute(
            select(*columns).where(Practitioner.id.in_({pid for pid, _, _ in chunk})))}
        seen.update(db.session.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.in_([key for _, key, _ in chunk]))))
        for pid, key, params in chunk:
            person = people.get(pid)
            if person is None or key in seen or not wants(person, kind):
                continue
            seen.add(key)
            rows.append({"kind": kind, "practitioner_id": pid, "params": params, "dedupe_key": key,
                         "next_attempt_at": clock.now()})
    if not rows:
        return 0
    ids = list(db.session.scalars(insert(OutboxMessage).returning(OutboxMessage.id), rows))
    if has_request_context():
        g.setdefault(QUEUED, []).extend(ids)
    return len(ids)


def enqueue_each(kind: str, practitioner_ids, skip: int | None = None, **params: Any) -> None:
    for pid in sorted(set(practitioner_ids)):
        if pid != skip:
            enqueue(kind, pid, **params)

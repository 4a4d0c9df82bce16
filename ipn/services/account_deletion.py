"""Deleting one's account. The practitioner's row stays, because the network's history names
who stood by whom and who belonged when; what made it theirs goes: the public name becomes
"former member", the email a unique address that cannot receive mail, the password one that
matches nothing, API tokens and emailed links stop working, and they leave their groups
through the ordinary leave service, so every group's status and timeline stay true."""

from __future__ import annotations

import re

from sqlalchemy import delete, select, update

from ipn import clock
from ipn.extensions import db
from ipn.models import (
    AccountToken,
    ApiToken,
    Group,
    Invitation,
    Membership,
    OutboxMessage,
    PracticeRecord,
    Practitioner,
    ShownPathway,
    StatusChange,
)
from ipn.services import events, groups
from ipn.services.errors import Invalid
from ipn.states import InvitationState, PracticeState

FORMER_NAME = "former member"
# RFC 2606: .invalid never resolves, so nothing can be sent to or registered with it.
FORMER_DOMAIN = "deleted.invalid"
# Not a werkzeug hash ("method$salt$hash"): check_password_hash is False for every password.
UNUSABLE_PASSWORD = "!account-deleted"


def is_former(person: Practitioner | None) -> bool:
    """The account was deleted: it can no longer log in, nor be logged in from a cookie."""
    return person is not None and person.email.endswith("@" + FORMER_DOMAIN)


def delete_account(person: Practitioner, password: str) -> list[Group]:
    """Delete the account after checking its password; returns the groups it left."""
    from werkzeug.security import check_password_hash

    if is_former(person) or not check_password_hash(person.password_hash, password or ""):
        raise Invalid("That is not your password.", {"password": ["That is not your password."]})
    now = clock.now()
    _unname_public_timeline(person)
    # The name goes first, so that what leaving writes (notifications, status causes) does not
    # name them again.
    person.name = FORMER_NAME
    person.region = ""
    person.practice = ""
    person.looking_for_group = False
    db.session.flush()
    left = []
    stays = db.session.scalars(select(Membership).join(Group, Group.id == Membership.group_id).where(
        Membership.practitioner_id == person.id, Membership.left_at.is_(None), Group.dissolved_at.is_(None)))
    for stay in list(stays):
        groups.leave(person, stay.group)
        left.append(stay.group)
    db.session.execute(update(Invitation).where(
        Invitation.practitioner_id == person.id, Invitation.state == InvitationState.PENDING)
        .values(state=InvitationState.DECLINED, answered_at=now))
    db.session.execute(update(ApiToken).where(ApiToken.practitioner_id == person.id,
                                              ApiToken.revoked_at.is_(None)).values(revoked_at=now))
    db.session.execute(update(AccountToken).where(AccountToken.practitioner_id == person.id,
                                                  AccountToken.used_at.is_(None)).values(used_at=now))
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.practitioner_id == person.id, OutboxMessage.state == "queued")
        .values(state="dropped", last_error="the account was deleted"))
    # One's practice records and choices go; records others asked one to attest are declined,
    # and attestations one gave stay (in the name of a former member), as history does.
    db.session.execute(delete(ShownPathway).where(ShownPathway.practitioner_id == person.id))
    db.session.execute(delete(PracticeRecord).where(PracticeRecord.practitioner_id == person.id))
    db.session.execute(update(PracticeRecord).where(
        PracticeRecord.attester_id == person.id, PracticeRecord.state == PracticeState.AWAITING)
        .values(state=PracticeState.DECLINED, answered_at=now))
    person.email = f"former-member-{person.id}@{FORMER_DOMAIN}"
    person.email_confirmed_at = None
    person.password_hash = UNUSABLE_PASSWORD
    person.mail_invitations = person.mail_links = person.mail_concerns = False
    person.mail_status = person.mail_lapses = person.mail_positions = False
    events.record("account_deleted", person)
    return left


def _unname_public_timeline(person: Practitioner) -> None:
    """The public timeline's causes ("A stood by B") name people; the statuses, days and
    facts stay as they were, and this person is named "former member" in them from now on."""
    name = re.compile(r"(?<!\w)" + re.escape(person.name) + r"(?!\w)")
    rows = db.session.scalars(select(StatusChange).where(StatusChange.cause.contains(person.name, autoescape=True)))
    for row in rows:
        row.cause = name.sub(FORMER_NAME, row.cause)

"""Accounts by email: confirming an address, resetting a forgotten password, changing one's
address, and choosing which kinds of email one receives.

Every link carries a single-use token that expires (settings); only its SHA-256 is stored in
account_tokens, and the raw token lives in the outbox row only until the message is sent."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select, update
from werkzeug.security import check_password_hash

from ipn import clock
from ipn.extensions import db
from ipn.models import AccountToken, Event, Practitioner, normalise_email
from ipn.services import accounts, login_sessions, outbox, passwords, secret_tokens
from ipn.services.errors import Conflict, Invalid, NotFound

LINK_SPENT = "This link has expired or has already been used. Ask for a new one below."


def _lifetime(purpose: str) -> dt.timedelta:
    config = current_app.config
    if purpose == "reset":
        return dt.timedelta(minutes=int(config["PASSWORD_RESET_MINUTES"]))
    return dt.timedelta(hours=int(config["CONFIRM_EMAIL_HOURS"]))


def _issue(person: Practitioner, purpose: str, new_email: str | None = None) -> str:
    """A new token for this purpose; earlier unused ones of the same purpose stop working."""
    now = clock.now()
    db.session.execute(update(AccountToken).where(
        AccountToken.practitioner_id == person.id, AccountToken.purpose == purpose,
        AccountToken.used_at.is_(None)).values(used_at=now))
    token = secret_tokens.new_token("")
    db.session.add(AccountToken(practitioner_id=person.id, purpose=purpose, token_hash=secret_tokens.digest(token),
                                new_email=new_email, expires_at=now + _lifetime(purpose)))
    db.session.flush()
    return token


def token_for(token: str, purpose: str) -> AccountToken:
    """The live token (not used, not expired) for this link; NotFound otherwise."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise NotFound(LINK_SPENT)
    row = db.session.scalar(select(AccountToken).where(
        AccountToken.token_hash == secret_tokens.digest(token), AccountToken.purpose == purpose))
    if row is None or row.used_at is not None or row.expires_at <= clock.now():
        raise NotFound(LINK_SPENT)
    return row


def _spend(token: str, purpose: str) -> AccountToken:
    """Use the token once: of two requests racing with one link, only one spends it."""
    row = token_for(token, purpose)
    spent = db.session.execute(update(AccountToken).where(
        AccountToken.id == row.id, AccountToken.used_at.is_(None)).values(used_at=clock.now()))
    if spent.rowcount != 1:
        raise NotFound(LINK_SPENT)
    db.session.refresh(row)
    return row


# --- Confirming an address ---------------------------------------------------------------

def request_confirmation(person: Practitioner) -> None:
    """Send a link that confirms the person's address (on registering, or asked again)."""
    if person.email_confirmed_at is not None:
        raise Conflict("Your email address is already confirmed.", code="already_confirmed")
    outbox.enqueue("confirm_email", person, token=_issue(person, "confirm"))


def confirm_email(token: str) -> Practitioner:
    row = _spend(token, "confirm")
    person = db.session.get(Practitioner, row.practitioner_id)
    if person.email_confirmed_at is None:
        person.email_confirmed_at = clock.now()
    db.session.add(Event(actor_id=person.id, kind="email_confirmed", data={}))
    return person


# --- A forgotten password ----------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """Send a reset link when an account has this address; say nothing either way (the page
    answers the same whether or not the address is known)."""
    person = db.session.scalar(select(Practitioner).where(Practitioner.email == normalise_email(email or "")))
    if person is not None:
        outbox.enqueue("password_reset", person, token=_issue(person, "reset"))


def reset_password(token: str, password: str) -> Practitioner:
    """Set a new password through a reset link. The link also proves the address is theirs."""
    if problem := passwords.problem(password):
        raise Invalid("Choose another password.", {"password": [problem]},
                      code=passwords.code_for({"password": [problem]}))
    row = _spend(token, "reset")
    person = db.session.get(Practitioner, row.practitioner_id)
    person.password_hash = accounts.hash_password(password)
    # Whoever knew the old password may be logged in or hold a token: all of it ends.
    login_sessions.end_all(person)
    login_sessions.revoke_all_tokens(person)
    if person.email_confirmed_at is None:
        person.email_confirmed_at = clock.now()
    db.session.add(Event(actor_id=person.id, kind="password_reset", data={}))
    return person


# --- A new address ------------------------------------------------------------------------

def request_email_change(person: Practitioner, new_email: str, password: str) -> None:
    """Send a link to the new address; the address changes only once it is followed."""
    new_email = normalise_email(new_email or "")
    if not check_password_hash(person.password_hash, password or ""):
        raise Invalid("Your password is not right.", {"password": ["Enter your current password."]},
                      code="wrong_password")
    if "@" not in new_email or len(new_email) > 254 or new_email.startswith("@") or new_email.endswith("@"):
        raise Invalid("Enter an email address.", {"email": ["Enter an email address such as name@example.org."]})
    if new_email == person.email:
        raise Conflict("That is already your address.", {"email": ["That is already your address."]})
    if accounts.email_taken(new_email):
        raise Conflict("Another account has that address.", {"email": ["Another account has that address."]},
                       code="email_taken")
    token = _issue(person, "email_change", new_email)
    outbox.enqueue("email_change", address=new_email, token=token, practitioner_id=person.id)


def confirm_email_change(token: str) -> Practitioner:
    row = _spend(token, "email_change")
    person = db.session.get(Practitioner, row.practitioner_id)
    if accounts.email_taken(row.new_email):
        raise Conflict("Another account has taken that address meanwhile.", code="email_taken")
    person.email, person.email_confirmed_at = row.new_email, clock.now()
    db.session.add(Event(actor_id=person.id, kind="email_changed", data={}))
    return person


# --- Which kinds of email ------------------------------------------------------------------

def set_mail_preferences(person: Practitioner, choices: dict[str, bool]) -> None:
    for setting in outbox.PREFERENCES:
        if setting in choices:
            setattr(person, setting, bool(choices[setting]))
    db.session.add(Event(actor_id=person.id, kind="mail_preferences_set", data={}))


def register(**details) -> Practitioner:
    """Register (ipn.services.accounts.register) and send the link that confirms the address."""
    person = accounts.register(**details)
    request_confirmation(person)
    return person

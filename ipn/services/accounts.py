"""Accounts: registering, logging in, profiles and API tokens."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ipn import clock
from ipn.extensions import db
from ipn.models import ApiToken, Event, Practitioner, normalise_email
from ipn.services import (
    email_addresses,
    login_sessions,
    names,
    passwords,
    secret_tokens,
)
from ipn.services.errors import Conflict, Invalid, NotFound

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
# Checked against when the email is unknown, so that timing does not tell which emails exist.
_dummy_hashes: dict[str, str] = {}


def _hash_method() -> str:
    """scrypt by default; the test suite configures a fast hash (PASSWORD_HASH_METHOD)."""
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_hash_method())


def _dummy_hash() -> str:
    method = _hash_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not a real password", method=method)
    return _dummy_hashes[method]


def practitioner_with_email(email: str) -> Practitioner | None:
    return db.session.scalar(select(Practitioner).where(Practitioner.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    return practitioner_with_email(email) is not None


def tokens_of(person: Practitioner) -> list[ApiToken]:
    """One's API tokens: live ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.practitioner_id == person.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())))


def register(email: str, password: str, name: str, region: str = "", practice: str = "",
             looking_for_group: bool = False, password_hash: str | None = None,
             confirmed: bool = False) -> Practitioner:
    """Register a participant of the network (SPEC R1).

    The address is unconfirmed until its owner follows the link sent to it
    (ipn.services.email_accounts); `confirmed` is for accounts made by the demo and by tests.

    `password_hash`, when given, is hash_password(password) made earlier: loading many accounts
    that share one password (the demo) hashes it once, at full strength."""
    fields: dict[str, list[str]] = {}
    address = email_addresses.checked(email)
    names.refuse_unseen(name or "", what="Your name")
    name = names.normalise(name)
    if address is None:
        fields["email"] = [email_addresses.MESSAGE]
    if not name:
        fields["name"] = ["Enter your name as clients know you."]
    elif len(name) > 120:
        fields["name"] = ["Keep your name to 120 characters."]
    if password_hash is None and (problem := passwords.problem(password)):
        fields["password"] = [problem]
    if len(region or "") > 80:
        fields["region"] = ["Keep the region to 80 characters."]
    if fields:
        raise Invalid("Some details need correcting.", fields, code=passwords.code_for(fields))
    email = address
    if email_taken(email):
        raise Conflict("An account with that email address already exists.",
                       {"email": ["An account with that email address already exists."]}, code="email_taken")
    person = Practitioner(
        email=email,
        password_hash=password_hash or hash_password(password),
        name=name,
        region=(region or "").strip(),
        practice=(practice or "").strip(),
        looking_for_group=bool(looking_for_group),
        email_confirmed_at=clock.now() if confirmed else None,
    )
    db.session.add(person)
    db.session.flush()
    db.session.add(Event(actor_id=person.id, kind="registered", data={}))
    return person


def authenticate(email: str, password: str) -> Practitioner | None:
    """The practitioner with this email and password, or None."""
    person = db.session.scalar(select(Practitioner).where(Practitioner.email == normalise_email(email or "")))
    if person is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(person.password_hash, password or ""):
        return None
    return person


def update_profile(person: Practitioner, name: str, region: str, practice: str, looking_for_group: bool) -> None:
    names.refuse_unseen(name or "", what="Your name")
    name = names.normalise(name)
    fields: dict[str, list[str]] = {}
    if not name:
        fields["name"] = ["Enter your name as clients know you."]
    elif len(name) > 120:  # the column's size: longer would fail in PostgreSQL, as register() knows
        fields["name"] = ["Keep your name to 120 characters."]
    if len((region or "").strip()) > 80:
        fields["region"] = ["Keep the region to 80 characters."]
    if fields:
        raise Invalid("Some details need correcting.", fields)
    person.name = name
    person.region = (region or "").strip()
    person.practice = (practice or "").strip()
    person.looking_for_group = bool(looking_for_group)
    db.session.add(Event(actor_id=person.id, kind="profile_updated", data={}))


def change_password(person: Practitioner, current: str, new: str) -> int:
    """Change one's password (the current one proves it is them). Every other session of theirs
    ends and every API token is revoked, since whoever knew the old password may hold one;
    returns how many sessions and tokens ended."""
    if not check_password_hash(person.password_hash, current or ""):
        raise Invalid("Your current password is not right.", {"current": ["Enter your current password."]})
    if problem := passwords.problem(new):
        raise Invalid("Choose another new password.", {"password": [problem]},
                      code=passwords.code_for({"password": [problem]}))
    person.password_hash = hash_password(new)
    ended = login_sessions.end_others(person) + login_sessions.revoke_all_tokens(person)
    db.session.add(Event(actor_id=person.id, kind="password_changed", data={}))
    return ended


# --- API tokens ---------------------------------------------------------------------------

def token_lifetime() -> dt.timedelta:
    """How long a token works after it is issued or renewed (API_TOKEN_DAYS)."""
    return dt.timedelta(days=float(current_app.config.get("API_TOKEN_DAYS", 90)))


def expires_at(row: ApiToken) -> dt.datetime:
    """When the token stops working; tokens issued before expiry existed count from creation.
    Wall-clock time, like login sessions (ipn.services.login_sessions)."""
    return row.expires_at or row.created_at + token_lifetime()


def token_state(row: ApiToken) -> str:
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if expires_at(row) <= login_sessions.wall_now() else "active"


def create_token(person: Practitioner, label: str = "") -> str:
    """Issue an API bearer token; only its hash is stored, so it is shown once."""
    token = secret_tokens.new_token("ipn_")
    db.session.add(ApiToken(practitioner_id=person.id, token_hash=secret_tokens.digest(token), label=label.strip()[:80],
                            expires_at=login_sessions.wall_now() + token_lifetime()))
    db.session.flush()
    return token


def token_for(token: str) -> ApiToken | None:
    """The live (unrevoked, unexpired) token row for a raw bearer token, or None."""
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == secret_tokens.digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or token_state(row) != "active":
        return None
    return row


def practitioner_for_token(token: str) -> Practitioner | None:
    row = token_for(token)
    if row is None:
        return None
    row.last_used_at = clock.now()
    return row.practitioner


def own_token(person: Practitioner, token_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.practitioner_id != person.id:
        raise NotFound("There is no such token.")
    return row


def revoke_token(person: Practitioner, token_id: int) -> ApiToken:
    row = own_token(person, token_id)
    if row.revoked_at is None:
        row.revoked_at = clock.now()
    return row


def revoke_all_tokens(person: Practitioner) -> int:
    """Revoke every token of one's own; how many were live."""
    return login_sessions.revoke_all_tokens(person)


def renew_token(person: Practitioner, token_id: int) -> ApiToken:
    """Make one's token work for another API_TOKEN_DAYS from now. A revoked token stays revoked;
    an expired one may be renewed by its owner (logged in, or with another live token)."""
    row = own_token(person, token_id)
    if row.revoked_at is not None:
        raise Conflict("That token is revoked: create a new one instead.", code="token_revoked")
    row.expires_at = login_sessions.wall_now() + token_lifetime()
    return row

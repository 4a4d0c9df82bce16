"""Login sessions (SECURITY.md "Sessions"): each login on a device is a row; the cookie carries
its random key (Flask-Login's user id is "<practitioner id>:<key>"), so that

- logging out ends that session wherever a copy of its cookie is used,
- a person sees their sessions and ends any of them, or all but this one,
- a new password ends every other session and every API token,
- a remember-me cookie differs at each login and dies at logout.

Times here are the wall clock's, not the registry's (ipn.clock may be frozen for the network's
calendar): a session's life is about a device, not about the network's days."""

from __future__ import annotations

import datetime as dt
import re

from flask import current_app
from sqlalchemy import select, update

from ipn.extensions import db
from ipn.models import ApiToken, LoginSession, Practitioner
from ipn.services import secret_tokens
from ipn.services.errors import NotFound

# last_seen_at is written at most this often per session (a write per page would cost more).
SEEN_EVERY = dt.timedelta(minutes=5)


def wall_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _idle_limit(row: LoginSession) -> dt.timedelta:
    """A remembered login lives as long as its cookie; another ends after LOGIN_SESSION_IDLE_HOURS
    without use, even if a copy of its cookie survives the browser."""
    if row.remember:
        duration = current_app.config.get("REMEMBER_COOKIE_DURATION", dt.timedelta(days=365))
        return duration if isinstance(duration, dt.timedelta) else dt.timedelta(seconds=int(duration))
    return dt.timedelta(hours=float(current_app.config.get("LOGIN_SESSION_IDLE_HOURS", 24)))


def is_live(row: LoginSession, now: dt.datetime | None = None) -> bool:
    now = now or wall_now()
    return row.ended_at is None and now - row.last_seen_at < _idle_limit(row)


def describe_device(user_agent: str) -> str:
    """Roughly what browser on what system, from a User-Agent header ("Firefox on Linux")."""
    ua = user_agent or ""
    browser = next((name for pattern, name in (
        (r"Edg/", "Edge"), (r"OPR/|Opera", "Opera"), (r"Firefox/", "Firefox"),
        (r"Chrome/|Chromium/|HeadlessChrome/", "Chrome"), (r"Safari/", "Safari"),
        (r"curl/", "curl"), (r"python|Werkzeug", "a program"),
    ) if re.search(pattern, ua)), "")
    system = next((name for pattern, name in (
        (r"Android", "Android"), (r"iPhone|iPad|iOS", "iOS"), (r"Windows", "Windows"),
        (r"Mac OS X|Macintosh", "macOS"), (r"CrOS", "ChromeOS"), (r"Linux|X11", "Linux"),
    ) if re.search(pattern, ua)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "An unknown browser"


def begin(person: Practitioner, user_agent: str = "", remember: bool = False) -> str:
    """Start a login session; sets person.session_key, which login_user() then stores."""
    key = secret_tokens.new_token("")
    now = wall_now()
    db.session.add(LoginSession(practitioner_id=person.id, key_hash=secret_tokens.digest(key),
                                device=describe_device(user_agent)[:120], remember=bool(remember),
                                created_at=now, last_seen_at=now))
    db.session.flush()
    person.session_key = key
    return key


def _row_for(person_id: int, key: str) -> LoginSession | None:
    row = db.session.scalar(select(LoginSession).where(LoginSession.key_hash == secret_tokens.digest(key)))
    if row is None or row.practitioner_id != person_id:
        return None
    return row


def load(user_id: str) -> tuple[Practitioner, LoginSession] | None:
    """The person and live session a cookie's user id names, or None (ended, expired, forged,
    or from before sessions were recorded)."""
    ident, _, key = (user_id or "").partition(":")
    if not ident.isdigit() or not key or len(key) > 100:
        return None
    row = _row_for(int(ident), key)
    if row is None or not is_live(row):
        return None
    person = db.session.get(Practitioner, row.practitioner_id)
    if person is None:
        return None
    person.session_key = key
    return person, row


def seen_due(row: LoginSession) -> bool:
    return wall_now() - row.last_seen_at >= SEEN_EVERY


def mark_seen(session_id: int) -> None:
    db.session.execute(update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=wall_now()))


def current_row(person: Practitioner) -> LoginSession | None:
    return _row_for(person.id, person.session_key) if person.session_key else None


def end_current(person: Practitioner) -> None:
    """Log out: this session ends wherever its cookie is used."""
    row = current_row(person)
    if row is not None and row.ended_at is None:
        row.ended_at = wall_now()


def live_sessions(person: Practitioner) -> list[LoginSession]:
    """One's live sessions, the most recently used first."""
    rows = db.session.scalars(select(LoginSession).where(
        LoginSession.practitioner_id == person.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc()))
    now = wall_now()
    return [row for row in rows if is_live(row, now)]


def end_one(person: Practitioner, session_id: int) -> LoginSession:
    """End one of one's sessions (another device's, or this one)."""
    row = db.session.get(LoginSession, session_id)
    if row is None or row.practitioner_id != person.id:
        raise NotFound("There is no such session.")
    if row.ended_at is None:
        row.ended_at = wall_now()
    return row


def end_others(person: Practitioner) -> int:
    """End every session of the person's but this one; how many were live."""
    keep = current_row(person)
    query = update(LoginSession).where(LoginSession.practitioner_id == person.id, LoginSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    return db.session.execute(query.values(ended_at=wall_now())).rowcount or 0


def end_all(person: Practitioner) -> None:
    """End every session, this one too (a password reset from an emailed link)."""
    db.session.execute(update(LoginSession).where(
        LoginSession.practitioner_id == person.id, LoginSession.ended_at.is_(None)).values(ended_at=wall_now()))


def revoke_all_tokens(person: Practitioner) -> int:
    """Revoke every API token of the person's; how many were live."""
    return db.session.execute(update(ApiToken).where(
        ApiToken.practitioner_id == person.id, ApiToken.revoked_at.is_(None)).values(revoked_at=wall_now())).rowcount or 0

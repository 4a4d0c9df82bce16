"""What every private answer shares (SECURITY.md "Sessions"): `Cache-Control: no-store`, so
that neither a shared cache nor the browser's history keeps a page or answer meant for one
person; and the login session's "last used" time, for the list of one's sessions."""

from __future__ import annotations

from flask import Flask, Response, g, request, session
from sqlalchemy.exc import SQLAlchemyError

from ipn.extensions import db


def is_private() -> bool:
    """Private: rendered for a logged-in person or a bearer token, the answer to a change
    (which may carry a new token or a follow link), or an address that holds a secret token."""
    return ("_user_id" in session
            or "Authorization" in request.headers
            or request.method not in ("GET", "HEAD", "OPTIONS")
            or any("token" in name for name in (request.view_args or {})))


def register_private_responses(app: Flask) -> None:
    @app.after_request
    def no_store_when_private(response: Response) -> Response:
        if is_private():
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.after_request
    def note_session_use(response: Response) -> Response:
        from ipn.services import login_sessions

        seen = g.pop("login_session_seen", None)
        if seen is None or response.status_code >= 500:
            return response
        try:
            # The view has committed its own change (or had none): this one is separate.
            db.session.rollback()
            login_sessions.mark_seen(seen)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
        return response


def log_in(person, remember: bool = False) -> None:
    """Start a login session for the person on this device and commit it, then hand its id to
    Flask-Login (which puts it in the session cookie, and the remember-me cookie if asked)."""
    from flask_login import login_user

    from ipn.services import login_sessions

    login_sessions.begin(person, request.user_agent.string, remember=remember)
    db.session.commit()
    login_user(person, remember=remember)

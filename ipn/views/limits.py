"""Rate limits that web pages and the API share, so that one budget covers both doors
(SPEC "Web conventions": counted per account and per address)."""

from __future__ import annotations

from flask import current_app, g, request
from flask_login import current_user

from ipn.extensions import limiter
from ipn.models import normalise_email
from ipn.views.bearer import current_practitioner

INVITE_MESSAGE = "You have sent many invitations in a short time. Please wait a while and try again."
ACCOUNT_MESSAGE = ("There have been many failed attempts to log in to this account. To keep it safe, "
                   "logging in is paused for a while. Please try again in 15 minutes.")


def _account_id() -> str:
    """The acting practitioner: the bearer token's under /api/, else the logged-in one."""
    if request.path.startswith("/api/"):
        person = current_practitioner()
    else:
        person = current_user if current_user.is_authenticated else None
    # The practitioner's id, not get_id(), which also names the login session.
    return f"account:{person.id if person is not None else 'anonymous'}"


def invite_limited(view):
    """Invitations: per address and per account, one bucket for pages and API."""
    per_address = limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_INVITE"], scope="invite-address",
                                       methods=["POST"], error_message=INVITE_MESSAGE)
    per_account = limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_INVITE"], scope="invite-account",
                                       key_func=_account_id, methods=["POST"], error_message=INVITE_MESSAGE)
    return per_address(per_account(view))


def failed_login_limited(email_of):
    """Failed logins counted per account, whether through /login or POST /api/v1/tokens.
    `email_of()` reads the email from the request; only failures (g.login_failed) count."""

    def key() -> str:
        email = email_of()
        return "email:" + (normalise_email(email)[:254] if isinstance(email, str) else "")

    return limiter.shared_limit(
        lambda: current_app.config["RATE_LIMIT_LOGIN_ACCOUNT"], scope="login-account", key_func=key,
        methods=["POST"], deduct_when=lambda response: bool(g.get("login_failed")), error_message=ACCOUNT_MESSAGE)


CONCERN_MESSAGE = ("Several concerns have come from your connection in a short time. "
                   "Please wait a while and try again.")


def concern_limited(view):
    """Raising a concern (R15: rate-limited): per address, one budget for the page and the API."""
    return limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_CONCERN"], scope="concern",
                                methods=["POST"], error_message=CONCERN_MESSAGE)(view)

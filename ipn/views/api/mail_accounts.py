"""Accounts by email through the API: the same services as the pages (ipn.services.email_accounts).
Links in messages carry a token; a program posts it back here (an expired or used one is a 404)."""

from __future__ import annotations

from ipn.extensions import limiter
from ipn.services import email_accounts, outbox
from ipn.services.errors import Invalid
from ipn.views.actions import perform
from ipn.views.api import body, bp, text_field
from ipn.views.bearer import caller, token_required
from ipn.views.email_accounts import _reset_email_json, _token_request_limit
from ipn.views.limits import _account_id

LIMITED = dict(error_message="There have been many requests for links. Please wait a while and try again.")
SENT_IF_KNOWN = "If an account has that address, we have sent it a link to choose a new password."


@bp.post("/me/confirmation")
@token_required
@limiter.limit(_token_request_limit, key_func=_account_id, **LIMITED)
def send_confirmation():
    """Send the link that confirms one's address again (409 once confirmed)."""
    perform(email_accounts.request_confirmation, caller())
    return {"sent": True}, 202


@bp.post("/confirmations")
def confirm():
    """Confirm an address with the token from the link (works once, expires)."""
    person = perform(email_accounts.confirm_email, text_field(body(), "token", max_length=200))
    return {"confirmed": True, "practitioner_id": person.id}


@bp.post("/password-resets")
@limiter.limit(_token_request_limit, **LIMITED)
@limiter.limit(_token_request_limit, key_func=_reset_email_json, **LIMITED)
def request_reset():
    """Ask for a password reset link; the answer is the same whether or not the address is known."""
    perform(email_accounts.request_password_reset, text_field(body(), "email", max_length=1000))
    return {"message": SENT_IF_KNOWN}, 202


@bp.post("/password-resets/confirm")
def reset():
    """Set a new password with the token from the reset link."""
    data = body()
    token, password = text_field(data, "token", max_length=200), text_field(data, "password", max_length=1000)
    person = perform(email_accounts.reset_password, token, password)
    return {"reset": True, "practitioner_id": person.id}


@bp.post("/me/email")
@token_required
@limiter.limit(_token_request_limit, key_func=_account_id, **LIMITED)
def change_email():
    """Ask to use another address: a link goes to it; the address changes once it is followed."""
    data = body()
    perform(email_accounts.request_email_change, caller(), text_field(data, "email", max_length=1000),
            text_field(data, "password", max_length=1000))
    return {"sent": True}, 202


@bp.post("/me/email/confirm")
def confirm_change():
    """Use the new address, with the token from the link sent to it."""
    person = perform(email_accounts.confirm_email_change, text_field(body(), "token", max_length=200))
    return {"email_changed": True, "practitioner_id": person.id}


def _preferences() -> dict:
    person = caller()
    return {setting: getattr(person, setting) for setting in outbox.PREFERENCES}


@bp.get("/me/mail")
@token_required
def preferences():
    """Which kinds of email one receives."""
    return _preferences()


@bp.put("/me/mail")
@token_required
def set_preferences():
    """Choose which kinds of email one receives (any of the settings; the rest stay)."""
    data = body()
    unknown = sorted(set(data) - set(outbox.PREFERENCES))
    wrong = sorted(k for k in outbox.PREFERENCES if k in data and not isinstance(data[k], bool))
    if unknown or wrong:
        raise Invalid("Some choices are not understood.", {
            **{k: ["Not a kind of email."] for k in unknown}, **{k: ["Give true or false."] for k in wrong}})
    perform(email_accounts.set_mail_preferences, caller(), data)
    return _preferences()

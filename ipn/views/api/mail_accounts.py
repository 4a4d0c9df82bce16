"""Accounts by email through the API: the same services as the pages (ipn.services.email_accounts).
Links in messages carry a token; a program posts it back here (an expired or used one is a 404)."""

from __future__ import annotations

from ipn.extensions import limiter
from ipn.services import email_accounts, outbox
from ipn.views.actions import perform
from ipn.views.api.models import (
    Confirmed,
    EmailChanged,
    EmailOnly,
    LinkToken,
    MailChoices,
    MailPreferences,
    Message,
    NewEmail,
    NewPassword,
    ResetDone,
    Sent,
)
from ipn.views.api.spec import operation
from ipn.views.bearer import caller
from ipn.views.email_accounts import _reset_email_json, _token_request_limit
from ipn.views.limits import _account_id

LIMITED = dict(error_message="There have been many requests for links. Please wait a while and try again.")
SENT_IF_KNOWN = "If an account has that address, we have sent it a link to choose a new password."


@operation("/me/confirmation", "POST", answer=Sent, status=202, token=True, errors=(409, 429), tag="accounts")
@limiter.limit(_token_request_limit, key_func=_account_id, **LIMITED)
def send_confirmation():
    """Send the link that confirms one's address again (409 once confirmed)."""
    perform(email_accounts.request_confirmation, caller())
    return Sent(sent=True)


@operation("/confirmations", "POST", body=LinkToken, answer=Confirmed, errors=(404, 422), tag="accounts")
def confirm(data: LinkToken):
    """Confirm an address with the token from the link (works once, expires; else a 404)."""
    return Confirmed(confirmed=True, practitioner_id=perform(email_accounts.confirm_email, data.token).id)


@operation("/password-resets", "POST", body=EmailOnly, answer=Message, status=202, errors=(422, 429),
           tag="accounts",
           outer=(limiter.limit(_token_request_limit, **LIMITED),
                  limiter.limit(_token_request_limit, key_func=_reset_email_json, **LIMITED)))
def request_reset(data: EmailOnly):
    """Ask for a password reset link; the answer is the same whether or not the address is known."""
    perform(email_accounts.request_password_reset, data.email)
    return Message(message=SENT_IF_KNOWN)


@operation("/password-resets/confirm", "POST", body=NewPassword, answer=ResetDone, errors=(404, 422),
           tag="accounts")
def reset(data: NewPassword):
    """Set a new password with the token from the reset link (an expired or used one is a 404)."""
    person = perform(email_accounts.reset_password, data.token, data.password)
    return ResetDone(reset=True, practitioner_id=person.id)


@operation("/me/email", "POST", body=NewEmail, answer=Sent, status=202, token=True, errors=(409, 422, 429),
           tag="accounts")
@limiter.limit(_token_request_limit, key_func=_account_id, **LIMITED)
def change_email(data: NewEmail):
    """Ask to use another address: a link goes to it; the address changes once it is followed."""
    perform(email_accounts.request_email_change, caller(), data.email, data.password)
    return Sent(sent=True)


@operation("/me/email/confirm", "POST", body=LinkToken, answer=EmailChanged, errors=(404, 409, 422),
           tag="accounts")
def confirm_change(data: LinkToken):
    """Use the new address, with the token from the link sent to it."""
    person = perform(email_accounts.confirm_email_change, data.token)
    return EmailChanged(email_changed=True, practitioner_id=person.id)


def _preferences() -> dict:
    person = caller()
    return {setting: getattr(person, setting) for setting in outbox.PREFERENCES}


@operation("/me/mail", answer=MailPreferences, token=True, tag="accounts")
def preferences():
    """Which kinds of email one receives."""
    return _preferences()


@operation("/me/mail", "PUT", body=MailChoices, answer=MailPreferences, token=True, errors=(422,), tag="accounts")
def set_preferences(data: MailChoices):
    """Choose which kinds of email one receives (any of the settings; the rest stay)."""
    perform(email_accounts.set_mail_preferences, caller(), data.model_dump(exclude_none=True))
    return _preferences()

"""Which email addresses the registry accepts: one rule (email-validator's, without a DNS
lookup), used by the services and, for early feedback, by the forms; stored lower-cased."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from ipn.models import normalise_email
from ipn.services.errors import Invalid

MAX_EMAIL = 254
MESSAGE = "Enter an email address such as name@example.org."


def checked(email: object) -> str | None:
    """The address as stored (lower-cased), or None when it is not one we accept."""
    if not isinstance(email, str):
        return None
    email = email.strip()
    if not email or len(email) > MAX_EMAIL:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    return normalise_email(email)


def require(email: object, message: str = MESSAGE, field: str = "email") -> str:
    """The address as stored, or Invalid naming the field."""
    address = checked(email)
    if address is None:
        raise Invalid(message, {field: [message]})
    return address

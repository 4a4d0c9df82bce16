"""Forms for accounts: registering, logging in, the profile and API tokens.

The forms check shape (present, not too long, a plausible email); the network's own
rules about accounts live in ipn.services.accounts, whose messages the views put back
on these fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    Optional,
    ValidationError,
)

from ipn.forms import ValidEmail
from ipn.services.accounts import MIN_PASSWORD_LENGTH

# Generous, but bounded: a pasted novel is refused with a message, never a 500.
MAX_PASSWORD_LENGTH = 1000
MAX_PRACTICE_LENGTH = 4000


def storable(form, field) -> None:
    """Refuse control characters (NUL above all, which PostgreSQL cannot store or even
    compare) with a message, instead of letting them reach the database."""
    if any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in field.data or ""):
        raise ValidationError("This contains invisible control characters. Please retype it.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _email_field() -> EmailField:
    return EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address."),
            storable,
            Length(max=254, message="An email address has at most 254 characters."),
            ValidEmail("Enter an email address such as name@example.org."),
        ],
        filters=[_strip],  # a pasted address often brings a space along
        render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"},
    )


class ProfileFields:
    """The details a practitioner shows the network, shared by registering and the profile."""

    name = StringField(
        "Your name",
        description="As your clients and colleagues know you. It is shown publicly.",
        validators=[
            DataRequired("Enter your name as clients know you."),
            storable,
            Length(max=120, message="Keep your name to 120 characters."),
        ],
        render_kw={"autocomplete": "name"},
    )
    region = StringField(
        "Region",
        description="Where you practise, for example “Bristol” or “West Yorkshire”.",
        validators=[Optional(), storable, Length(max=80, message="Keep the region to 80 characters.")],
        render_kw={"autocomplete": "address-level2"},
    )
    practice = TextAreaField(
        "Your practice",
        description="A few words on how you work: approach, clients, languages.",
        validators=[
            Optional(),
            storable,
            Length(max=MAX_PRACTICE_LENGTH, message=f"Keep this to {MAX_PRACTICE_LENGTH} characters."),
        ],
        render_kw={"rows": 4},
    )
    looking_for_group = BooleanField(
        "I am looking for a group",
        description="Groups that are forming or open to new members can find you by region.",
    )


class RegisterForm(ProfileFields, FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.",
        validators=[
            DataRequired("Choose a password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Choose a password of {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        "Password again",
        validators=[
            DataRequired("Type your password again."),
            EqualTo("password", "The two passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password."),
            Length(max=MAX_PASSWORD_LENGTH, message="That is longer than any password here."),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")


class ProfileForm(ProfileFields, FlaskForm):
    """What a practitioner may change about themselves (email and password stay as they are)."""


class TokenForm(FlaskForm):
    label = StringField(
        "What is this token for?",
        description="A label you will recognise later, such as “Group spreadsheet”.",
        validators=[
            DataRequired("Give the token a label."),
            storable,
            Length(max=80, message="Keep the label to 80 characters."),
        ],
    )


class PasswordChangeForm(FlaskForm):
    """A new password; the current one proves it is the account's owner at the keyboard."""

    current = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."),
                    Length(max=MAX_PASSWORD_LENGTH, message="That is longer than any password here.")],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        "New password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters, not a common one. Your other sessions "
                    "end and your API tokens are revoked.",
        validators=[
            DataRequired("Choose a new password."),
            Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                   message=f"Choose a password of {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Type your new password again."),
                    EqualTo("password", "The two passwords are not the same.")],
        render_kw={"autocomplete": "new-password"},
    )

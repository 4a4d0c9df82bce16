"""Forms for accounts by email: a forgotten password, a new password, a new address, and
which kinds of email one receives."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ipn.forms.auth import MAX_PASSWORD_LENGTH, _email_field
from ipn.services.accounts import MIN_PASSWORD_LENGTH
from ipn.services.outbox import PREFERENCES


class ForgotForm(FlaskForm):
    email = _email_field()


class ResetForm(FlaskForm):
    password = PasswordField(
        "New password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.",
        validators=[DataRequired("Choose a password."),
                    Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                           message=f"Choose a password of {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.")],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Type your password again."),
                    EqualTo("password", "The two passwords are not the same.")],
        render_kw={"autocomplete": "new-password"},
    )


class EmailChangeForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password."),
                    Length(max=MAX_PASSWORD_LENGTH, message="That is longer than any password here.")],
        render_kw={"autocomplete": "current-password"},
    )


class PreferencesForm(FlaskForm):
    pass


for _setting, _label in PREFERENCES.items():
    setattr(PreferencesForm, _setting, BooleanField(_label))

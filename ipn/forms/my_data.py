"""Deleting one's account: confirmed with one's password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired(message="Enter your password to confirm.")],
        render_kw={"autocomplete": "current-password"},
    )

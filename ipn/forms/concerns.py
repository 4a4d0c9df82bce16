"""Forms for concerns (SPEC R15): raising one, a group's response, and the buttons.

They check shape only (present, not too long, a plausible email); what a concern must be and
whom it reaches live in ipn.services.concerns, whose refusals the views put on these fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ipn.forms import ValidEmail
from ipn.forms.auth import storable
from ipn.services.concerns import MAX_NAME, MAX_RESPONSE, MAX_TEXT
from ipn.services.email_addresses import MAX_EMAIL


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ConcernForm(FlaskForm):
    name = StringField(
        "Your name",
        description="So that the group knows who is raising this. It is never published.",
        validators=[DataRequired("Please tell us your name."), storable,
                    Length(max=MAX_NAME, message=f"Please keep your name to {MAX_NAME} characters.")],
        filters=[_strip],
        render_kw={"autocomplete": "name", "maxlength": MAX_NAME},
    )
    email = EmailField(
        "Your email address",
        description="Kept private: the group does not see it, and it is never shown on any page.",
        validators=[DataRequired("Please enter your email address."), storable,
                    Length(max=MAX_EMAIL, message=f"An email address has at most {MAX_EMAIL} characters."),
                    ValidEmail("Please enter an email address such as name@example.org.")],
        filters=[_strip],
        render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none",
                   "maxlength": MAX_EMAIL},
    )
    text = TextAreaField(
        "Your concern",
        description="In your own words: what happened, and when, if you can. "
                    "There is no right way to write this.",
        validators=[DataRequired("Please describe your concern."), storable,
                    Length(max=MAX_TEXT, message=f"Please keep your concern to {MAX_TEXT:,} characters.")],
        filters=[_strip],
        render_kw={"rows": 10},
    )
    # A honeypot: hidden from people (and screen readers) by the page, filled in by bots.
    website = StringField("Leave this empty", render_kw={"autocomplete": "off", "tabindex": "-1"})


class ResponseForm(FlaskForm):
    """The group's response to one concern; each concern on the page has its own prefix."""

    text = TextAreaField(
        "The group's response",
        description="The person who raised the concern will read this (without your name).",
        validators=[DataRequired("Please write the group's response."), storable,
                    Length(max=MAX_RESPONSE, message=f"Please keep the response to {MAX_RESPONSE:,} characters.")],
        filters=[_strip],
        render_kw={"rows": 5},
    )


class OutcomeForm(FlaskForm):
    """How the concern was resolved or ended, recorded by the group concerned; it closes it."""

    text = TextAreaField(
        "The outcome",
        description="How the concern was resolved or ended. The person who raised it will read this "
                    "(without your name); recording it closes the concern.",
        validators=[DataRequired("Please write the outcome."), storable,
                    Length(max=MAX_RESPONSE, message=f"Please keep the outcome to {MAX_RESPONSE:,} characters.")],
        filters=[_strip],
        render_kw={"rows": 4},
    )


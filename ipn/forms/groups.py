"""Forms for a group's workspace: founding, inviting, finding people, withdrawing a stand-by.

They check shape only (present, not too long); the network's rules live in
ipn.services.groups, whose refusals the views put back on these fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from ipn.forms import QueryForm, ValidEmail, search_field
from ipn.services.groups import MAX_NAME, MAX_REASON, MAX_REGION


class FoundGroupForm(FlaskForm):
    name = StringField(
        "Name of the group",
        description="How the network and the public will know the group. It must be unique.",
        validators=[DataRequired("Give the group a name."),
                    Length(max=MAX_NAME, message=f"Keep the name to {MAX_NAME} characters.")],
    )
    region = StringField(
        "Region",
        description="Where the group meets, for example “Bristol” or “West Yorkshire”.",
        validators=[Optional(), Length(max=MAX_REGION, message=f"Keep the region to {MAX_REGION} characters.")],
        render_kw={"autocomplete": "address-level2"},
    )


class InviteByEmailForm(FlaskForm):
    email = EmailField(
        "Their email address",
        description="They need an account in the registry. Nobody else sees the address.",
        validators=[DataRequired("Enter the email address they registered with."),
                    Length(max=254, message="An email address has at most 254 characters."),
                    ValidEmail("Enter an email address such as name@example.org.")],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"},
    )


class InvitePersonForm(FlaskForm):
    """Invite someone found by name: the button carries their id."""

    practitioner_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class FindPeopleForm(QueryForm):
    find = search_field("Search by name",
                        "Registered practitioners whose name contains these words; their region is shown.")


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why do you withdraw your stand-by?",
        description="Only the people in this group can read this. Until you stand by them again, "
                    "the group's standing-by is broken.",
        validators=[DataRequired("Say why you withdraw; only the group's people see it."),
                    Length(max=MAX_REASON, message=f"Keep the reason to {MAX_REASON} characters.")],
        render_kw={"rows": 4},
    )


class OpenForm(FlaskForm):
    """The open-to-new-members switch: the button says which way."""

    open = HiddenField(validators=[DataRequired()])

"""Forms for Gatherings, proposals, positions and NetCom (SPEC R16). They check shape only;
ipn.services.gatherings and ipn.services.proposals apply the rules and their refusals are put
back on these fields."""

from __future__ import annotations

from fractions import Fraction

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
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

from ipn import governance_rules as gov
from ipn import rules
from ipn.services import gatherings, netcom, proposals


class GatheringForm(FlaskForm):
    date = DateField("Date", description="The day the Gathering meets.",
                     validators=[InputRequired("Give the day of the Gathering.")])
    place = StringField("Place", description="Where it meets, for example “Friends Meeting House, Bristol”.",
                        validators=[DataRequired("Say where the Gathering meets."),
                                    Length(max=gatherings.MAX_PLACE,
                                           message=f"Keep the place to {gatherings.MAX_PLACE} characters.")])
    description = TextAreaField(
        "What it is about", render_kw={"rows": 4},
        validators=[Optional(), Length(max=gatherings.MAX_DESCRIPTION,
                                       message=f"Keep it to {gatherings.MAX_DESCRIPTION:,} characters.")])


class ProposalFormBase(FlaskForm):
    title = StringField("Title", description="For example “Groups of four”.",
                        validators=[DataRequired("Give the proposal a title."),
                                    Length(max=proposals.MAX_TITLE,
                                           message=f"Keep the title to {proposals.MAX_TITLE} characters.")])
    text = TextAreaField("The proposal", description="What it changes and why. Markdown works: **bold**, lists.",
                         render_kw={"rows": 8},
                         validators=[DataRequired("Say what the proposal is and why."),
                                     Length(max=proposals.MAX_TEXT,
                                            message=f"Keep the text to {proposals.MAX_TEXT:,} characters.")])
    immediate = BooleanField(
        "A decision this Gathering judges immediately necessary",
        description="In force at once on consensus here, without waiting for a later Gathering; it says so.")

    def changes(self) -> dict:
        """The rules given a new value (blank fields change nothing)."""
        result = {}
        for name in rules.Settings.names():
            value = self[f"rule_{name}"].data
            if value not in (None, ""):
                result[name] = value
        return result


def _rule_field(name: str, current):
    label = gov.rule_words(name)
    hint = f"Now: {gov.value_words(current)}. Leave blank to keep it."
    if isinstance(current, bool):
        return SelectField(label, description=hint, choices=[SelectChoice("", "No change"),
                                                            SelectChoice("on", "On"), SelectChoice("off", "Off")],
                           validators=[Optional()])
    if isinstance(current, Fraction):
        return StringField(label, description=hint + " Write a share such as 1/2.",
                           validators=[Optional(), Length(max=20)])
    if isinstance(current, str):
        return StringField(label, description=hint + " Name every version in force, such as cci-member@1.",
                           validators=[Optional(), Length(max=300)])
    return IntegerField(label, description=hint,
                        validators=[Optional(), NumberRange(min=1, max=1000, message="Give a number from 1 to 1000.")])


def proposal_form(current: rules.Settings, **kwargs) -> ProposalFormBase:
    """The proposal form, with one field for every rule of rules.Settings (so a new rule
    appears here by itself)."""
    fields = {f"rule_{name}": _rule_field(name, getattr(current, name)) for name in rules.Settings.names()}
    form_class = type("ProposalForm", (ProposalFormBase,), fields)
    return form_class(**kwargs)


class PositionForm(FlaskForm):
    position = RadioField("Where you stand",
                          choices=[SelectChoice(gov.AGREE, "Agree"),
                                   SelectChoice(gov.STAND_ASIDE, "Stand aside: I do not agree, but I will not stop it"),
                                   SelectChoice(gov.BLOCK, "Block: I cannot let this go ahead")],
                          validators=[InputRequired("Choose agree, stand aside or block.")])
    reason = TextAreaField("Your reason", description="Needed for a block; public with your position.",
                           render_kw={"rows": 3},
                           validators=[Optional(), Length(max=proposals.MAX_REASON,
                                                          message=f"Keep it to {proposals.MAX_REASON:,} characters.")])


class NetcomForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the issue a title."),
                                             Length(max=netcom.MAX_TITLE)])
    text = TextAreaField("The issue", description="Markdown works: headings, **bold**, lists, links.",
                         render_kw={"rows": 14},
                         validators=[DataRequired("Write the issue."), Length(max=netcom.MAX_TEXT)])
    publish = BooleanField("Publish it now", description="Published issues are public and cannot be changed.")

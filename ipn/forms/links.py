"""Forms for links between groups and the visits recorded on them (SPEC R9, R10)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ipn.forms import QueryForm, search_field
from ipn.services.groups import MAX_REASON
from ipn.services.links import MAX_NOTE


class FindGroupsForm(QueryForm):
    find = search_field("Find a member group", "By name or region. Only member and full member groups can link.")


class ProposeForm(FlaskForm):
    partner_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class EndLinkForm(FlaskForm):
    reason = TextAreaField(
        "Why does the link end?",
        description="Both groups' people are told. Validations on this link stop counting at once.",
        validators=[DataRequired("Say why the link ends."),
                    Length(max=MAX_REASON, message=f"Keep the reason to {MAX_REASON} characters.")],
        render_kw={"rows": 3},
    )


class AtLeastOne:
    """Some box must be ticked. Unlike DataRequired it sets no `required` flag, which would put
    `required` on every checkbox and ask for all of them."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(self.message)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VisitForm(FlaskForm):
    date = DateField(
        "Date of the visit",
        description="The day of the visit or joint meeting; not in the future.",
        validators=[InputRequired("Give the date of the visit.")],
    )
    visitors = CheckboxesField(
        "Who went",
        description="Members of your group who took part.",
        coerce=int,
        choices=[],
        invalid_choice_message="Tick only members of your group: they are the ones who can visit.",
        validators=[AtLeastOne("Tick at least one person who went.")],
    )
    outcome = RadioField(
        "Outcome for the other group",
        choices=[SelectChoice("validated", "Validated: we affirm their standing-by process"),
                 SelectChoice("concerns", "Concerns: we challenge it (this is not a validation)")],
        validators=[InputRequired("Choose validated or concerns.")],
    )
    note = TextAreaField(
        "Private note",
        description="Seen only by the people of the two groups.",
        validators=[Optional(), Length(max=MAX_NOTE, message=f"Keep the note to {MAX_NOTE} characters.")],
        render_kw={"rows": 3},
    )

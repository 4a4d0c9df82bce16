"""Forms for a group's meetings, the rounds run in them and its own formats (SPEC R18).

They check shape only; ipn.services.meetings holds the rules and its refusals come back onto
these fields. Their words say plainly that nothing identifying a client is written here."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from ipn.forms import QueryForm
from ipn.forms.links import AtLeastOne, CheckboxesField
from ipn.services.meetings import MAX_AGENDA, MAX_NAME, MAX_NOTES

CONFIDENTIAL = ("Nothing that could identify a client is written here: no names, no initials, no details "
                "of a case. A case brought to a round is recorded only as “a case brought by” the member "
                "who brought it.")


class MeetingForm(FlaskForm):
    date = DateField("Date of the meeting", description="Not in the future: record a meeting once it has happened.",
                     validators=[InputRequired("Give the date of the meeting.")])
    online = RadioField("Where", choices=[SelectChoice("no", "In person"), SelectChoice("yes", "Online")],
                        default="no", validators=[InputRequired("Say whether you met in person or online.")])
    attended = CheckboxesField("Who came", description="The people of the group who were there.", coerce=int,
                               choices=[], invalid_choice_message="Tick only people in the group.",
                               validators=[AtLeastOne("Tick who came.")])
    agenda = TextAreaField(
        "Agenda", description="A few words an item, for the group itself; no client's name or details.",
        validators=[Optional(), Length(max=MAX_AGENDA, message=f"Keep the agenda to {MAX_AGENDA} characters.")],
        render_kw={"rows": 4})
    notes = TextAreaField(
        "Notes for the group", description="Decisions, dates, who does what. Only the people in the group read them.",
        validators=[Optional(), Length(max=MAX_NOTES, message=f"Keep the notes to {MAX_NOTES} characters.")],
        render_kw={"rows": 4})
    next_date = DateField("Next meeting", description="The date you agreed, if you did.", validators=[Optional()])
    visiting = SelectField("A link group joined this meeting", coerce=str, choices=[],
                           description="Its members then record their visit from this meeting (its outcome is "
                                       "theirs to give), and those who came can read this record.",
                           validators=[Optional()], validate_choice=False)


class StartRoundForm(QueryForm):
    """Choose the format and who presents, then run the round (a GET form: nothing changes)."""

    format = SelectField("Format", choices=[], validate_choice=False, validators=[DataRequired("Choose a format.")])
    presenter = SelectField("Who presents", choices=[], coerce=str, validate_choice=False, validators=[Optional()],
                            description="Only their name is recorded, never what they bring.")


class RoundForm(FlaskForm):
    format = HiddenField(validators=[DataRequired()])
    presenter = HiddenField(validators=[Optional(), Regexp(r"^\d{1,10}$")])
    phases = CheckboxesField("Phases that ran", coerce=str, choices=[], validate_choice=False,
                             validators=[AtLeastOne("Tick the phases that ran.")])


class MeetingVisitForm(FlaskForm):
    visitors = CheckboxesField("Who went", description="Members of your group who took part.", coerce=int,
                               choices=[], invalid_choice_message="Tick only members of your group.",
                               validators=[AtLeastOne("Tick at least one person who went.")])
    outcome = RadioField(
        "Outcome for the group you visited",
        choices=[SelectChoice("validated", "Validated: we affirm their standing-by process"),
                 SelectChoice("concerns", "Concerns: we challenge it (this is not a validation)")],
        validators=[InputRequired("Choose validated or concerns.")])
    note = TextAreaField("Private note", description="Seen only by the people of the two groups. " + CONFIDENTIAL,
                         validators=[Optional(), Length(max=5000, message="Keep the note to 5000 characters.")],
                         render_kw={"rows": 3})


class RhythmForm(FlaskForm):
    show = HiddenField(validators=[DataRequired()])


class CopyFormatForm(FlaskForm):
    format = HiddenField(validators=[DataRequired()])


class FormatForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the format a name."),
                                           Length(max=MAX_NAME, message=f"Keep the name to {MAX_NAME} characters.")])
    purpose = TextAreaField("Purpose", validators=[Optional(), Length(max=MAX_AGENDA)], render_kw={"rows": 2})
    ground_rules = TextAreaField("Ground rules", description="One a line.", validators=[Optional(), Length(max=MAX_AGENDA)],
                                 render_kw={"rows": 4})
    phases = TextAreaField(
        "Phases", description="One a line, in order: minutes | name | who speaks | the rule in one sentence.",
        validators=[DataRequired("Give at least one phase.")], render_kw={"rows": 12, "spellcheck": "true"})

"""Forms for practice records (SPEC R19). They check shape only; ipn.services.practice applies
the rules and its refusals are put back on these fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ipn.forms import QueryForm, search_field
from ipn.services.practice import MAX_HOURS, MAX_SESSIONS, NOTE_HINT
from ipn.states import PracticeKind


class FindAttesterForm(QueryForm):
    find = search_field("Who can attest it?",
                        "Type part of the name of your teacher, group leader or supervisor, registered here.")


class RecordForm(FlaskForm):
    find = HiddenField()
    kind = SelectField(
        "What kind of practice",
        choices=[SelectChoice("", "Choose a kind"), *(SelectChoice(k.value, k.label) for k in PracticeKind)],
        validators=[InputRequired("Choose what kind of practice this was.")],
    )
    pathway = SelectField("The accreditation you held", description="Only for “accredited before these records”.",
                          choices=[], validators=[Optional()])
    started = DateField("From", validators=[InputRequired("Give the day it began.")])
    ended = DateField("To", description="The same day for a single session or course day.",
                      validators=[InputRequired("Give the day it ended, or the last session so far.")])
    hours = DecimalField("Hours", places=None, validators=[Optional(), NumberRange(
        min=0.25, max=MAX_HOURS, message=f"Give the hours as a number from 0.25 to {MAX_HOURS:,}.")],
        description="Hours of practice, training or seminars. Half hours are fine (7.5).")
    sessions = IntegerField("Sessions", validators=[Optional(), NumberRange(
        min=1, max=MAX_SESSIONS, message=f"Give a whole number from 1 to {MAX_SESSIONS:,}.")],
        description="Seminars, course, or sessions of your own therapy, where a pathway counts them.")
    attester = RadioField("Who attests it", coerce=int, choices=[],
                          validators=[InputRequired("Choose who can attest it: search for them above.")])
    note = TextAreaField("A note for the attester", description=NOTE_HINT,
                         validators=[Optional(), Length(max=500, message="Keep the note to 500 characters.")],
                         render_kw={"rows": 3})

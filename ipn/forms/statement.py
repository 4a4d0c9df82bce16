"""Forms for the group's ethical statement: drafting with a preview, endorsing, comparing."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ipn.forms import QueryForm
from ipn.services.statements import MAX_TEXT


class StatementForm(FlaskForm):
    text = TextAreaField(
        "The statement",
        description="Write in Markdown: a blank line between paragraphs, # for a heading, "
                    "* or - for a list, *emphasis*. Saving a change asks every member to endorse afresh.",
        validators=[DataRequired("Write the statement before saving it."),
                    Length(max=MAX_TEXT, message=f"Keep the statement to {MAX_TEXT:,} characters.")],
        render_kw={"rows": 14},
    )
    version = HiddenField()
    preview = SubmitField("Preview")
    save = SubmitField("Save the draft")


class EndorseForm(FlaskForm):
    """Endorse the version the person read: `version` is the draft's revision."""

    version = HiddenField(validators=[DataRequired()])


class CompareForm(QueryForm):
    # Not marked required: a select always sends one of its options, and HTML forbids a
    # required select whose first option has a value (the choices are checked all the same).
    old = SelectField("Earlier version", coerce=str, choices=[])
    new = SelectField("Later version", coerce=str, choices=[])

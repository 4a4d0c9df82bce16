"""FlaskForm classes, one module per area of the site; ButtonForm, shared by them all."""

from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import DataRequired, Length, ValidationError

from ipn.services import email_addresses


class ButtonForm(FlaskForm):
    """An empty form: POST-only buttons (stand by, accept, leave, log out, revoke) carry its CSRF token."""


class ValidEmail:
    """The service's rule for email addresses (ipn.services.email_addresses), told early."""

    def __init__(self, message: str = email_addresses.MESSAGE):
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data and email_addresses.checked(field.data) is None:
            raise ValidationError(self.message)


class QueryForm(FlaskForm):
    """A form sent with GET that only asks (a search, a comparison): no CSRF, nothing changes."""

    class Meta:
        csrf = False


def search_field(label: str, description: str) -> SearchField:
    return SearchField(label, description=description, validators=[
        DataRequired("Type a few letters to search for."),
        Length(max=80, message="Search with at most 80 characters.")])

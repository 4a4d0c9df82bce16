"""Accounts by email: confirming an address, a forgotten password, a new address, and which
kinds of email one receives. Links in messages open a page with a button or a form (a GET
never spends a token, so a mail scanner that follows links spends nothing)."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from ipn.extensions import limiter
from ipn.forms import ButtonForm
from ipn.forms.email_accounts import (
    EmailChangeForm,
    ForgotForm,
    PreferencesForm,
    ResetForm,
)
from ipn.models import normalise_email
from ipn.services import email_accounts, outbox
from ipn.services.errors import Conflict, NotFound, ServiceError
from ipn.views.access import me
from ipn.views.actions import attempt, form_status, perform, show_errors
from ipn.views.limits import _account_id
from ipn.views.private import log_in

bp = Blueprint("mail_accounts", __name__)

TOKEN_LIMIT = dict(
    methods=["POST"],
    error_message="There have been many requests for links from your connection. Please wait a while and try again.",
)


def _token_request_limit():
    return current_app.config["RATE_LIMIT_TOKEN_REQUEST"]


def _per_account(view):
    """Link requests are counted per address (connection) and per account (SPEC "Web conventions")."""
    per_address = limiter.limit(_token_request_limit, **TOKEN_LIMIT)
    per_account = limiter.limit(_token_request_limit, key_func=_account_id, **TOKEN_LIMIT)
    return per_address(per_account(view))


def _reset_email() -> str:
    return "reset-email:" + normalise_email(str(request.form.get("email", "")))[:254]


def _reset_email_json() -> str:
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else ""
    return "reset-email:" + normalise_email(email if isinstance(email, str) else "")[:254]


def _spent(message: str = email_accounts.LINK_SPENT):
    return render_template("mail_accounts/spent.html", message=message), 404


# --- Confirming an address ---------------------------------------------------------------

@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link in the confirmation message: a button that confirms the address."""
    try:
        email_accounts.token_for(token, "confirm")
    except NotFound:
        return _spent()
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            perform(email_accounts.confirm_email, token)
        except NotFound:
            return _spent()
        flash("Thank you: your email address is confirmed.", "success")
        return redirect(url_for("auth.profile") if current_user.is_authenticated else url_for("auth.login"))
    return render_template("mail_accounts/confirm.html", form=form, token=token)


@bp.post("/profile/confirmation")
@login_required
@_per_account
def send_confirmation():
    """Send the confirmation link again (a new one; the old one stops working)."""
    if ButtonForm().validate_on_submit():
        try:
            perform(email_accounts.request_confirmation, me())
        except Conflict as error:
            flash(error.message, "info")
        else:
            flash(f"We have sent a new link to {me().email}. Open it to confirm your address.", "success")
    return redirect(url_for("auth.profile"))


# --- A forgotten password ----------------------------------------------------------------

@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_token_request_limit, **TOKEN_LIMIT)
@limiter.limit(_token_request_limit, key_func=_reset_email, **TOKEN_LIMIT)
def forgot():
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        perform(email_accounts.request_password_reset, form.email.data)
        flash("If an account has that address, we have sent it a link to choose a new password. "
              f"The link works once, for {current_app.config['PASSWORD_RESET_MINUTES']} minutes.", "success")
        return redirect(url_for("auth.login"))
    return render_template("mail_accounts/forgot.html", form=form), form_status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """The link in the reset message: choose a new password; then one is logged in."""
    try:
        email_accounts.token_for(token, "reset")
    except NotFound:
        return _spent()
    form = ResetForm()
    if form.validate_on_submit():
        try:
            person = perform(email_accounts.reset_password, token, form.password.data)
        except NotFound:
            return _spent()
        except ServiceError as error:
            show_errors(form, error)
        else:
            log_in(person)  # the reset ended every other session and token
            flash("Your new password is set, and you are logged in.", "success")
            return redirect(url_for("me.needs"))
    return render_template("mail_accounts/reset.html", form=form, token=token), form_status(form)


# --- A new address ------------------------------------------------------------------------

@bp.route("/profile/email", methods=["GET", "POST"])
@login_required
@_per_account
def change_email():
    """Ask to use another address: a link goes to it, and the address changes once it is opened."""
    form = EmailChangeForm()
    form.email.label.text = "New email address"
    if form.validate_on_submit():
        if attempt(form, email_accounts.request_email_change, me(), form.email.data, form.password.data).done:
            flash(f"We have sent a link to {form.email.data}. Your address changes once you open it.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("mail_accounts/change_email.html", form=form), form_status(form)


@bp.route("/profile/email/confirm/<token>", methods=["GET", "POST"])
def confirm_change(token: str):
    try:
        row = email_accounts.token_for(token, "email_change")
    except NotFound:
        return _spent()
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            perform(email_accounts.confirm_email_change, token)
        except NotFound:
            return _spent()
        except Conflict as error:
            return _spent(error.message)
        flash("Your new email address is confirmed; log in with it from now on.", "success")
        return redirect(url_for("auth.profile") if current_user.is_authenticated else url_for("auth.login"))
    return render_template("mail_accounts/confirm_change.html", form=form, token=token, new_email=row.new_email)


# --- Which kinds of email -----------------------------------------------------------------

@bp.route("/profile/mail", methods=["GET", "POST"])
@login_required
def preferences():
    """Choose which kinds of email one receives (concern and account messages always go)."""
    person = me()
    form = PreferencesForm(obj=person)
    if form.validate_on_submit():
        perform(email_accounts.set_mail_preferences, person,
                {setting: getattr(form, setting).data for setting in outbox.PREFERENCES})
        flash("Your choice of emails is saved.", "success")
        return redirect(url_for("mail_accounts.preferences"))
    return render_template("mail_accounts/preferences.html", form=form, person=person,
                           settings=list(outbox.PREFERENCES))

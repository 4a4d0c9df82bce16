"""Accounts: registering, logging in and out, one's own profile and API tokens (SPEC R1,
"Web conventions"). Thin: validate the form, call one service, commit once, redirect."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ipn.extensions import limiter
from ipn.forms import ButtonForm
from ipn.forms.auth import LoginForm, ProfileForm, RegisterForm, TokenForm
from ipn.services import accounts, email_accounts
from ipn.services.errors import Conflict, ServiceError
from ipn.views.access import me, safe_next
from ipn.views.actions import attempt, form_status, perform, refused
from ipn.views.limits import failed_login_limited

bp = Blueprint("auth", __name__)
bp.register_error_handler(ServiceError, refused)

NEW_TOKEN_KEY = "new_api_token"
LOGIN_FAILED = "That email address and password do not match an account here. Please check both and try again."
EMAIL_TAKEN = "An account with that email address already exists."


# --- Registering, logging in and out ---------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATE_LIMIT_REGISTER"],
    methods=["POST"],
    error_message="There have been many registrations from your connection in a short time. "
    "Please wait a few minutes and try again.",
)
def register():
    """Anyone may register as a practitioner (SPEC R1); they are logged in straight away."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.profile"))
    form = RegisterForm()
    if form.validate_on_submit():

        def email_taken_meanwhile() -> Conflict | None:
            # Two registrations with one email raced past the service's check.
            return Conflict(EMAIL_TAKEN, {"email": [EMAIL_TAKEN]}) if accounts.email_taken(form.email.data) else None

        registered = attempt(form, email_accounts.register, email=form.email.data, password=form.password.data,
                             name=form.name.data, region=form.region.data or "", practice=form.practice.data or "",
                             looking_for_group=form.looking_for_group.data, clash=email_taken_meanwhile)
        if registered.done:
            person = registered.result
            login_user(person)
            flash(f"Welcome to the network, {person.name}. Your account is ready: start below by founding "
                  "a group or finding one to join. We have sent you a link: open it to confirm your email "
                  "address, so that groups can invite you.", "success")
            return redirect(url_for("me.needs"))
    return render_template("auth/register.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATE_LIMIT_LOGIN"],
    methods=["POST"],
    error_message="There have been many attempts to log in from your connection. "
    "Please wait a few minutes and try again.",
)
@failed_login_limited(lambda: request.form.get("email", ""))
def login():
    """Log in with email and password; then go where the person was heading, if on this site."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("auth.profile"))
    form = LoginForm()
    if form.validate_on_submit():
        person = accounts.authenticate(form.email.data, form.password.data)
        if person is None:
            g.login_failed = True  # counted against the account (see the limit above)
            form.form_errors.append(LOGIN_FAILED)
        else:
            login_user(person, remember=form.remember.data)
            flash(f"Welcome back, {person.name}.", "success")
            return redirect(next_url or "/me")
    return render_template("auth/login.html", form=form, next_url=next_url), form_status(form)


@bp.post("/logout")
def logout():
    """Log out (POST only, so that no link or image elsewhere can log anyone out)."""
    logout_user()
    session.pop(NEW_TOKEN_KEY, None)
    flash("You have logged out.", "info")
    return redirect(url_for("public.home"))


# --- The profile and API tokens --------------------------------------------------------------


def _render_profile(profile_form: ProfileForm | None = None, token_form: TokenForm | None = None):
    person = me()
    profile_form = profile_form or ProfileForm(obj=person, formdata=None)
    token_form = token_form or TokenForm(formdata=None)
    tokens = accounts.tokens_of(person)
    status = max(form_status(profile_form), form_status(token_form))
    return render_template(
        "auth/profile.html",
        person=person,
        form=profile_form,
        token_form=token_form,
        action_form=ButtonForm(formdata=None),
        tokens=tokens,
        new_token=session.pop(NEW_TOKEN_KEY, None),
    ), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """One's own profile: what the network sees, a form to change it, and API tokens."""
    form = ProfileForm() if request.method == "POST" else None
    if form is not None and form.validate_on_submit():
        if attempt(form, accounts.update_profile, me(), name=form.name.data, region=form.region.data or "",
                   practice=form.practice.data or "", looking_for_group=form.looking_for_group.data).done:
            flash("Your details are saved.", "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(profile_form=form)


@bp.post("/profile/tokens")
@login_required
def create_token():
    """Issue an API token; it is shown once, on the page that follows."""
    form = TokenForm()
    if form.validate_on_submit():
        token = perform(accounts.create_token, me(), form.label.data)
        session[NEW_TOKEN_KEY] = {"label": form.label.data.strip(), "token": token}
        flash("Your new token is ready. Copy it now: it will not be shown again.", "success")
        return redirect(url_for("auth.profile", _anchor="tokens"))
    return _render_profile(token_form=form)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of one's own API tokens; anything using it loses access at once."""
    label = perform(accounts.revoke_token, me(), token_id).label
    flash(f"The token “{label or 'without a label'}” is revoked. Nothing can use it any more.", "success")
    return redirect(url_for("auth.profile", _anchor="tokens"))

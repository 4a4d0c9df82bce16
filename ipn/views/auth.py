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
    url_for,
)
from flask_login import current_user, login_required, logout_user

from ipn.extensions import limiter
from ipn.forms import ButtonForm
from ipn.forms.auth import (
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegisterForm,
    TokenForm,
)
from ipn.services import accounts, email_accounts, login_sessions
from ipn.services.errors import Conflict, ServiceError
from ipn.views.access import me, safe_next
from ipn.views.actions import attempt, form_status, perform, refused
from ipn.views.limits import failed_login_limited
from ipn.views.private import log_in

bp = Blueprint("auth", __name__)
bp.register_error_handler(ServiceError, refused)

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
            log_in(person)
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
            log_in(person, remember=form.remember.data)
            flash(f"Welcome back, {person.name}.", "success")
            return redirect(next_url or "/me")
    return render_template("auth/login.html", form=form, next_url=next_url), form_status(form)


@bp.post("/logout")
def logout():
    """Log out (POST only, so that no link or image elsewhere can log anyone out). The session
    ends on the server too: a copy of its cookie (or of the remember-me cookie) opens nothing."""
    if current_user.is_authenticated:
        perform(login_sessions.end_current, me())
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("public.home"))


# --- The profile, sessions and API tokens ----------------------------------------------------


def _render_profile(profile_form: ProfileForm | None = None, token_form: TokenForm | None = None,
                    password_form: PasswordChangeForm | None = None, new_token: dict | None = None):
    """The profile page. A new token is rendered into this very answer (to the POST that made
    it), never kept in the session cookie, so it is shown once and stored nowhere."""
    person = me()
    profile_form = profile_form or ProfileForm(obj=person, formdata=None)
    token_form = token_form or TokenForm(formdata=None)
    password_form = password_form or PasswordChangeForm(formdata=None)
    this = login_sessions.current_row(person)
    status = max(form_status(profile_form), form_status(token_form), form_status(password_form))
    return render_template(
        "auth/profile.html",
        person=person,
        form=profile_form,
        token_form=token_form,
        password_form=password_form,
        action_form=ButtonForm(formdata=None),
        tokens=accounts.tokens_of(person),
        token_state=accounts.token_state,
        token_expires=accounts.expires_at,
        sessions=login_sessions.live_sessions(person),
        this_session_id=this.id if this is not None else None,
        new_token=new_token,
    ), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """One's own profile: what the network sees, a form to change it, sessions and API tokens."""
    form = ProfileForm() if request.method == "POST" else None
    if form is not None and form.validate_on_submit():
        if attempt(form, accounts.update_profile, me(), name=form.name.data, region=form.region.data or "",
                   practice=form.practice.data or "", looking_for_group=form.looking_for_group.data).done:
            flash("Your details are saved.", "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(profile_form=form)


@bp.post("/profile/password")
@login_required
def change_password():
    """Change one's password; every other session ends and every API token is revoked."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if attempt(form, accounts.change_password, me(), form.current.data, form.password.data).done:
            flash("Your new password is set. Your other sessions have ended and your API tokens are "
                  "revoked: log in again on your other devices.", "success")
            return redirect(url_for("auth.profile", _anchor="sessions"))
    return _render_profile(password_form=form)


@bp.post("/profile/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """End one of one's sessions; ending this one logs out here."""
    ended = perform(login_sessions.end_one, me(), session_id)
    if ended.id == getattr(login_sessions.current_row(me()), "id", None):
        logout_user()
        flash("You have logged out.", "info")
        return redirect(url_for("public.home"))
    flash(f"The session on {ended.device} has ended.", "success")
    return redirect(url_for("auth.profile", _anchor="sessions"))


@bp.post("/profile/sessions/end-others")
@login_required
def end_other_sessions():
    """End every session of one's own but this one."""
    count = perform(login_sessions.end_others, me())
    flash("Your other sessions have ended." if count else "You had no other sessions.", "success")
    return redirect(url_for("auth.profile", _anchor="sessions"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Log out everywhere: every session of one's own ends, this one too."""
    perform(login_sessions.end_all, me())
    logout_user()
    flash("You have logged out everywhere.", "info")
    return redirect(url_for("public.home"))


@bp.post("/profile/tokens")
@login_required
def create_token():
    """Issue an API token; it is shown once, in this answer."""
    form = TokenForm()
    if form.validate_on_submit():
        token = perform(accounts.create_token, me(), form.label.data)
        flash("Your new token is ready. Copy it now: it will not be shown again.", "success")
        return _render_profile(new_token={"label": form.label.data.strip(), "token": token})
    return _render_profile(token_form=form)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of one's own API tokens; anything using it loses access at once."""
    label = perform(accounts.revoke_token, me(), token_id).label
    flash(f"The token “{label or 'without a label'}” is revoked. Nothing can use it any more.", "success")
    return redirect(url_for("auth.profile", _anchor="tokens"))


@bp.post("/profile/tokens/revoke-all")
@login_required
def revoke_all_tokens():
    """Revoke every API token of one's own."""
    count = perform(accounts.revoke_all_tokens, me())
    flash(f"{count} token{'s' if count != 1 else ''} revoked." if count else "You had no live tokens.", "success")
    return redirect(url_for("auth.profile", _anchor="tokens"))


@bp.post("/profile/tokens/<int:token_id>/renew")
@login_required
def renew_token(token_id: int):
    """Make one of one's tokens work for another API_TOKEN_DAYS."""
    row = perform(accounts.renew_token, me(), token_id)
    flash(f"The token “{row.label or 'without a label'}” now works until "
          f"{row.expires_at:%d %B %Y}.", "success")
    return redirect(url_for("auth.profile", _anchor="tokens"))

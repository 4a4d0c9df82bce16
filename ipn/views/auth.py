"""Accounts: registering, logging in and out, one's own profile and API tokens (SPEC R1,
"Web conventions"). Thin: validate the form, call one service, commit once, redirect."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
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
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ipn import clock
from ipn.extensions import db, limiter
from ipn.forms.auth import ButtonForm, LoginForm, ProfileForm, RegisterForm, TokenForm
from ipn.models import ApiToken, Practitioner
from ipn.services import accounts, email_accounts
from ipn.services.errors import Conflict, NotFound, ServiceError
from ipn.views.limits import failed_login_limited

bp = Blueprint("auth", __name__)

NEW_TOKEN_KEY = "new_api_token"
LOGIN_FAILED = "That email address and password do not match an account here. Please check both and try again."
EMAIL_TAKEN = "An account with that email address already exists."


# --- Helpers ---------------------------------------------------------------------------------


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: a login link must never send
    someone to another site (//evil.example and /\\evil.example are other sites to a browser)."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def show_errors(form: FlaskForm, error: ServiceError) -> None:
    """Put a service's refusal next to the fields it names; the rest above the form."""
    if not error.fields:
        form.form_errors.append(error.message)
    for name, messages in error.fields.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


def me() -> Practitioner:
    """The logged-in practitioner as a plain model object (not the proxy)."""
    return current_user._get_current_object()


def _form_status(form: FlaskForm) -> int:
    return 422 if request.method == "POST" and (form.errors or form.form_errors) else 200


@bp.app_template_filter("local_time")
def local_time(moment: dt.datetime | None) -> str:
    """An aware moment as the network's wall-clock time, e.g. "3 Mar 2026, 14:05"."""
    if moment is None:
        return ""
    local = moment.astimezone(clock.network_timezone())
    return f"{local.day} {local:%b %Y, %H:%M}"


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
        try:
            person = email_accounts.register(
                email=form.email.data,
                password=form.password.data,
                name=form.name.data,
                region=form.region.data or "",
                practice=form.practice.data or "",
                looking_for_group=form.looking_for_group.data,
            )
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            show_errors(form, error)
        except IntegrityError:
            # Two registrations with one email raced past the service's check.
            db.session.rollback()
            if not accounts.email_taken(form.email.data):
                raise
            show_errors(form, Conflict(EMAIL_TAKEN, {"email": [EMAIL_TAKEN]}))
        except Exception:
            db.session.rollback()
            raise
        else:
            login_user(person)
            flash(f"Welcome to the network, {person.name}. Your account is ready: start below by founding "
                  "a group or finding one to join. We have sent you a link: open it to confirm your email "
                  "address, so that groups can invite you.", "success")
            return redirect(url_for("me.needs"))
    return render_template("auth/register.html", form=form), _form_status(form)


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
    return render_template("auth/login.html", form=form, next_url=next_url), _form_status(form)


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
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.practitioner_id == person.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()
    status = max(_form_status(profile_form), _form_status(token_form))
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
        try:
            accounts.update_profile(
                me(),
                name=form.name.data,
                region=form.region.data or "",
                practice=form.practice.data or "",
                looking_for_group=form.looking_for_group.data,
            )
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            show_errors(form, error)
        except Exception:
            db.session.rollback()
            raise
        else:
            flash("Your details are saved.", "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(profile_form=form)


@bp.post("/profile/tokens")
@login_required
def create_token():
    """Issue an API token; it is shown once, on the page that follows."""
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token = accounts.create_token(me(), form.label.data)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        session[NEW_TOKEN_KEY] = {"label": form.label.data.strip(), "token": token}
        flash("Your new token is ready. Copy it now: it will not be shown again.", "success")
        return redirect(url_for("auth.profile", _anchor="tokens"))
    return _render_profile(token_form=form)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of one's own API tokens; anything using it loses access at once."""
    try:
        accounts.revoke_token(me(), token_id)
        label = db.session.get(ApiToken, token_id).label
        db.session.commit()
    except NotFound:
        db.session.rollback()
        abort(404)
    except Exception:
        db.session.rollback()
        raise
    flash(f"The token “{label or 'without a label'}” is revoked. Nothing can use it any more.", "success")
    return redirect(url_for("auth.profile", _anchor="tokens"))

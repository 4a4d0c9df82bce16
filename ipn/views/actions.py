"""What every view that changes something shares: run one service inside the request's
transaction, commit once on success, roll back on any refusal or error; and show a refusal
where the person will read it (beside the form's fields, or as a page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, request
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError, OperationalError

from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.services.errors import Conflict, NotAllowed, NotFound, ServiceError
from ipn.views.access import back
from ipn.views.errors import error_response

T = TypeVar("T")


def perform(action: Callable[..., T], *args, clash: Callable[[], ServiceError | None] | None = None,
            **kwargs) -> T:
    """Call a service and commit; a refusal (ServiceError) rolls back and is re-raised.

    A database conflict with a concurrent request (a unique index, a lock that timed out)
    becomes a Conflict, so nothing a client sends ends in a 500 or a half-done change; `clash`,
    asked after the rollback, may name the conflict better (e.g. an email taken meanwhile)."""
    try:
        result = action(*args, **kwargs)
        db.session.commit()
        return result
    except ServiceError:
        db.session.rollback()
        raise
    except (IntegrityError, OperationalError) as error:
        db.session.rollback()
        if isinstance(error, OperationalError) and not _is_contention(error):
            raise
        named = clash() if clash is not None and isinstance(error, IntegrityError) else None
        if named is not None:
            raise named from None
        raise Conflict("Someone else changed this at the same moment. Please reload and try again.",
                       code="concurrent_change") from None
    except Exception:
        db.session.rollback()
        raise


def _is_contention(error: OperationalError) -> bool:
    """A clash with a concurrent request (409). A SQLite file still locked after
    IPN_SQLITE_LOCK_TIMEOUT is not one: the database is not answering (503, views/outage.py)."""
    text = str(error.orig).lower()
    return any(word in text for word in ("deadlock", "could not serialize", "lock timeout"))


@dataclass(frozen=True)
class Attempt:
    done: bool
    result: Any = None


def attempt(form: FlaskForm, action: Callable[..., T], *args, **kwargs) -> Attempt:
    """perform() for a form: a refusal about what was typed is shown beside the fields and the
    page is shown again (done is False); not allowed and not found still become pages."""
    try:
        return Attempt(True, perform(action, *args, **kwargs))
    except (NotAllowed, NotFound):
        raise
    except ServiceError as error:
        show_errors(form, error)
        return Attempt(False)


def button_pressed() -> None:
    """A POST-only button (an empty ButtonForm) was pressed with its CSRF token; else a 400."""
    if not ButtonForm().validate_on_submit():
        abort(400)


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


def form_status(*forms: FlaskForm | None) -> int:
    """422 when a form sent has errors to show, else 200."""
    return 422 if request.method == "POST" and any(f.errors or f.form_errors for f in forms if f) else 200


def refused(error: ServiceError):
    """A service said no: not allowed -> 403 page, not found -> 404 page; anything else
    (a conflict with the rules, a value that will not do) -> the message, back where they were."""
    if isinstance(error, NotAllowed):
        return error_response(403, error.message)
    if isinstance(error, NotFound):
        return error_response(404, error.message)
    flash(error.message, "error")
    return redirect(back())


@login_required
def _require_login() -> None:
    """Every page of a practitioners' blueprint is for a logged-in practitioner."""


def practitioners_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint of pages for logged-in practitioners (a group's workspace, meetings, links,
    statement, practice records): every page asks for a login first, and a service's refusal
    becomes a page or a message where the person will read it (`refused`)."""
    bp = Blueprint(name, import_name)
    bp.register_error_handler(ServiceError, refused)
    bp.before_request(_require_login)
    return bp

"""The JSON API v1 (API.md): every action of the web pages, through the same services.

This module holds the blueprint and what every endpoint shares: reading a JSON body and its
fields without ever trusting their types, paged lists, and the error object (bearer tokens are
ipn.views.bearer's). The endpoints live in one module per area and register on `bp` on import."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g, request
from sqlalchemy import func, select
from sqlalchemy.sql import Select
from werkzeug.exceptions import HTTPException

from ipn import clock
from ipn.extensions import csrf, db
from ipn.models import Group
from ipn.models.base import row_id_in_range
from ipn.services.errors import Invalid, NotFound, ServiceError
from ipn.services.groups import by_slug
from ipn.views.errors import CODES, MESSAGES, json_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are not sent by browsers on their own, so they need no CSRF token; cookie
# sessions are never accepted here (see ipn.views.bearer), so nothing else can ride on it.
csrf.exempt(bp)

# A generous bound on any one text field; services apply the real limits.
MAX_TEXT = 100_000


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Malformed(ServiceError):
    """The request cannot be read at all (400): not JSON, or not a JSON object."""

    status = 400
    code = "malformed"


# --- Errors ----------------------------------------------------------------------------------


@bp.errorhandler(ServiceError)
def service_error(error: ServiceError):
    db.session.rollback()
    return json_error(error.status, error.code, error.message, error.fields)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    status = error.code or 500
    message = error.description if error.description != type(error).description else None
    response = json_error(status, CODES.get(status, "error"), message or MESSAGES.get(status, "Something went wrong."))
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if status == 429:
        retry = getattr(error, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(retry)
    return response


# --- Reading what the client sent ------------------------------------------------------------


def body() -> dict[str, Any]:
    """The request's JSON object ({} when there is no body). Whatever the content type says,
    a body is read as JSON: a non-empty body that is not a JSON object is a 400."""
    if "api_body" in g:
        return g.api_body
    if request.form or request.files or (request.mimetype in FORM_TYPES and request.content_length):
        # Parsed as a form already (by its content type), so not JSON.
        raise Malformed("Send the body as a JSON object, not as a form.")
    raw = request.get_data(cache=True)
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise Malformed("The body is not valid JSON (UTF-8).") from None
        if not isinstance(data, dict):
            raise Malformed("The body must be a JSON object, such as {\"name\": \"River Group\"}.")
    g.api_body = data
    return data


def _invalid(name: str, problem: str):
    return Invalid(f"{name}: {problem}", {name: [problem]})


def text_field(data: dict, name: str, required: bool = True, max_length: int = MAX_TEXT) -> str:
    """A text field; missing or null is "" unless required."""
    value = data.get(name)
    if value is None:
        if required:
            raise _invalid(name, "This field is required.")
        return ""
    if not isinstance(value, str):
        raise _invalid(name, "Give this as text.")
    check_text(name, value, max_length)
    if required and not value.strip():
        raise _invalid(name, "This field is required.")
    return value


def text_fields(data: dict, required: dict[str, int], optional: dict[str, int] | None = None) -> dict[str, str]:
    """Several text fields at once ({name: max length}); every problem is reported together."""
    values: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for names, is_required in ((required, True), (optional or {}, False)):
        for name, max_length in names.items():
            try:
                values[name] = text_field(data, name, is_required, max_length)
            except Invalid as error:
                problems.update(error.fields)
    if problems:
        raise Invalid("Some values need correcting: " + ", ".join(problems) + ".", problems)
    return values


def check_text(name: str, value: str, max_length: int = MAX_TEXT) -> str:
    if "\x00" in value:
        raise _invalid(name, "Text cannot contain NUL characters.")
    if len(value) > max_length:
        raise _invalid(name, f"Keep this to {max_length:,} characters.")
    return value


def id_field(data: dict, name: str, required: bool = True) -> int | None:
    value = data.get(name)
    if value is None:
        if required:
            raise _invalid(name, "This field is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(name, "Give this as a whole number (an id).")
    return value


def fetch(model, ident: int | None):
    """The row with this id, or None; ids the database cannot hold name nothing."""
    return db.session.get(model, ident) if row_id_in_range(ident) else None


def get_or_404(model, ident: int, what: str):
    row = fetch(model, ident)
    if row is None:
        raise NotFound(f"There is no {what} with id {ident}.")
    return row


def group_or_404(slug: str) -> Group:
    group = by_slug(slug)
    if group is None:
        raise NotFound("There is no group with that slug.")
    return group


def query_text(name: str, max_length: int = 200) -> str:
    value = request.args.get(name, "")
    return check_text(name, value.strip(), max_length)


def parse_day(value: Any, name: str) -> dt.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise _invalid(name, "Give the date as YYYY-MM-DD.")
    try:
        return clock.parse_day(value)
    except ValueError:
        raise _invalid(name, "Give a real date as YYYY-MM-DD.") from None


# --- Output ----------------------------------------------------------------------------------


def iso(moment: dt.datetime | dt.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def page_params() -> tuple[int, int]:
    """page (from 1) and per_page (at most API_MAX_PER_PAGE); anything else is a 422."""
    config = current_app.config
    values = {}
    for name, default in (("page", 1), ("per_page", config["API_PER_PAGE"])):
        raw = request.args.get(name)
        if raw is None:
            values[name] = default
            continue
        raw = raw.strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or int(raw) < 1:
            raise _invalid(name, "Give a whole number from 1 upwards.")
        values[name] = int(raw)
    return values["page"], min(values["per_page"], config["API_MAX_PER_PAGE"])


def paged(query: Select, serialise: Callable[[Any], dict]) -> dict:
    """One page of a query's rows as the API's list object."""
    page, per_page = page_params()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    offset = (page - 1) * per_page
    rows = list(db.session.scalars(query.limit(per_page).offset(offset))) if offset < total else []
    return page_of([serialise(r) for r in rows], total, page, per_page)


def paged_list(items: list, serialise: Callable[[Any], dict]) -> dict:
    """One page of an already loaded list."""
    page, per_page = page_params()
    offset = (page - 1) * per_page
    chunk = items[offset:offset + per_page] if offset < len(items) else []
    return page_of([serialise(r) for r in chunk], len(items), page, per_page)


def page_of(items: list, total: int, page: int, per_page: int) -> dict:
    return {"items": items, "total": total, "page": page, "per_page": per_page}


from ipn.views.api import (  # noqa: E402,F401  (each module adds its routes to bp)
    concerns,
    gatherings,
    governance,
    groups,
    links,
    mail_accounts,
    openapi,
    people,
    statements,
    tokens,
)

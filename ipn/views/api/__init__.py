"""The JSON API v1 (API.md): every action of the web pages, through the same services.

How an endpoint is made (one module per area; each registers on `bp` when imported below):

1. Declare its models in ipn.views.api.models: a `Body` subclass for a JSON body, a `Query`
   (or `Paging`, for a list) subclass for the query string, an `Answer` subclass for what it
   answers, with an `of(row)` that builds it. Give bodies an example (json_schema_extra).
2. Write the view with ipn.views.api.spec.operation, which parses and validates the request
   with the models (a field problem is API.md's 422 error object), checks the bearer token,
   builds the answer and records everything for the OpenAPI document:

       @operation("/groups/<slug>/meetings", "POST", body=NewMeeting, answer=MeetingOut,
                  status=201, token=True, errors=(403, 409, 422), tag="meetings")
       def record_meeting(slug: str, data: NewMeeting):
           \"\"\"Record a meeting (first line: the summary).\"\"\"
           return MeetingOut.of(perform(meetings.record, caller(), group_or_404(slug), ...))

   A list answers `Page[ItemOut]` from `paged(...)`/`paged_list(...)` with a `Paging` query.
3. List every status it can answer in `errors`; tests/test_api_schema.py fuzzes the server
   against the generated document, so the document must be true.

This module holds the blueprint and what every endpoint shares: reading a JSON body, finding
rows, paged lists, and the error object (bearer tokens are ipn.views.bearer's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, g, request
from sqlalchemy import func, select
from sqlalchemy.sql import Select
from werkzeug.exceptions import HTTPException

from ipn.extensions import csrf, db
from ipn.models import Group
from ipn.models.base import row_id_in_range
from ipn.services.errors import Invalid, NotFound, ServiceError
from ipn.services.groups import by_slug
from ipn.views.api.spec import Paging
from ipn.views.errors import CODES, MESSAGES, json_error

T = TypeVar("T")

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are not sent by browsers on their own, so they need no CSRF token; cookie
# sessions are never accepted here (see ipn.views.bearer), so nothing else can ride on it.
csrf.exempt(bp)

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


def read_body() -> dict[str, Any]:
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


def fetch(model, ident: int | None):
    """The row with this id, or None; ids the database cannot hold name nothing."""
    return db.session.get(model, ident) if row_id_in_range(ident) else None


def named(row: T | None, field: str, words: str, message: str | None = None) -> T:
    """`row`, which the body's `field` names; None (an id or a slug that names nothing) is a 422
    `unknown_reference` on that field, with `words` (and `message`, or the same words, on top)."""
    if row is None:
        raise Invalid(message or words, {field: [words]}, code="unknown_reference")
    return row


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


# --- Output ----------------------------------------------------------------------------------


def paged(query: Select, paging: Paging, build: Callable[[Any], Any],
          prepare: Callable[[list], None] | None = None, total: int | None = None) -> dict:
    """One page of a query's rows as the API's list object; `prepare` loads what building the
    rows reads, for the whole page at once; `total`, when known, spares counting the rows."""
    page, per_page = paging.limits()
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    offset = (page - 1) * per_page
    rows = list(db.session.scalars(query.limit(per_page).offset(offset))) if offset < total else []
    if prepare is not None:
        prepare(rows)
    return {"items": [build(r) for r in rows], "total": total, "page": page, "per_page": per_page}


def paged_list(items: list, paging: Paging, build: Callable[[Any], Any]) -> dict:
    """One page of an already loaded list."""
    page, per_page = paging.limits()
    offset = (page - 1) * per_page
    chunk = items[offset:offset + per_page] if offset < len(items) else []
    return {"items": [build(r) for r in chunk], "total": len(items), "page": page, "per_page": per_page}


from ipn.views.api import (  # noqa: E402,F401  (each module adds its routes to bp)
    concerns,
    gatherings,
    governance,
    groups,
    links,
    mail_accounts,
    meetings,
    openapi,
    people,
    practice,
    statements,
    tokens,
)

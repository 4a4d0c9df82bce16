"""Bearer-token authentication for the JSON API (API.md "Conventions"): who is calling, and
the decorator for endpoints that need a token. Shared with the rate limits, which count
per account whether a person comes through the pages or the API."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import g, request

from ipn.models import Practitioner
from ipn.services import accounts
from ipn.services.errors import ServiceError


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


def current_practitioner() -> Practitioner | None:
    """The practitioner whose bearer token came with the request, or None. Only bearer tokens
    count: a browser's session cookie is never enough for the API, which skips CSRF."""
    if "api_user" in g:
        return g.api_user
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    person = None
    token = token.strip()
    if scheme.lower() == "bearer" and token and len(token) <= 200 and token.isprintable():
        person = accounts.practitioner_for_token(token)
    g.api_user = person
    return person


def token_required(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_practitioner() is None:
            raise Unauthorized("Send a valid API token as 'Authorization: Bearer <token>'. "
                               "POST /api/v1/tokens issues one.")
        return view(*args, **kwargs)

    wrapped.token_required = True  # type: ignore[attr-defined]
    return wrapped


def caller() -> Practitioner:
    """The token's practitioner, in an endpoint behind token_required."""
    person = current_practitioner()
    assert person is not None  # token_required ran first
    return person

"""What a service raises when it refuses; views turn these into messages or API errors."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class NotAllowed(ServiceError):
    """The person may not do this (403)."""

    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    """The network's rules or the current state forbid it (409)."""

    status = 409
    code = "conflict"


class Invalid(ServiceError):
    """A value is not acceptable (422); `fields` says which and why."""

    status = 422
    code = "invalid"

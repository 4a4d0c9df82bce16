"""Error pages in the site's layout, and the API's error object for /api/ paths."""

from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from ipn.extensions import db
from ipn.views.outage import is_outage

MESSAGES = {
    400: "The request could not be understood.",
    401: "You need to log in for that.",
    403: "You are not allowed to do that.",
    404: "There is nothing here.",
    405: "That method is not allowed here.",
    409: "That conflicts with the network's rules or with what has changed meanwhile.",
    413: "That is more than we accept in one request.",
    422: "Some values are not valid.",
    429: "Too many requests. Please wait a little and try again.",
    500: "Something went wrong on our side. Nothing was changed.",
    503: "The registry's database is not answering at the moment. Nothing was changed; "
         "please try again in a minute.",
}

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}

# How long a client is told to wait before trying again when the database does not answer.
RETRY_AFTER_SECONDS = 30


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    """API.md's error object; it always carries `fields` ({} when no field is at fault)."""
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ipn"'
    return response


def error_response(status: int, message: str | None = None, code: str | None = None, fields=None):
    message = message or MESSAGES.get(status, "Something went wrong.")
    if wants_json():
        return json_error(status, code or CODES.get(status, "error"), message, fields), status
    template = f"errors/{status}.html" if status in (403, 404, 500, 503) else "errors/generic.html"
    return make_response(render_template(template, status=status, message=message)), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "The form had expired or was sent from elsewhere. "
                                   "Please go back, reload the page and try again.", "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        description = error.description if status not in (500,) else None
        if description and description == type(error).description:
            description = None
        body, status = error_response(status, description)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            body.headers["Allow"] = ", ".join(error.valid_methods)
        return body, status

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        if is_outage(error):
            return unavailable(error)
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def internal(error: InternalServerError):
        db.session.rollback()
        return error_response(500)

    def unavailable(error: Exception):
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001  (the connection is gone; the pool drops it)
            pass
        app.logger.warning("The database did not answer: %s", str(error).splitlines()[0])
        body, status = error_response(503)
        body.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return body, status


"""Security headers on every response (SPEC "Web conventions")."""

from flask import Flask, Response

from ipn.config import flag

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# A year, the least that browsers' preload lists accept.
HSTS = "max-age=31536000; includeSubDomains"


def register_security_headers(app: Flask) -> None:
    """HSTS only when IPN_HSTS says the registry is served over HTTPS alone: once a browser has
    seen it, it refuses plain HTTP to the host for a year."""
    hsts = flag(app.config.get("HSTS", False))

    @app.after_request
    def set_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

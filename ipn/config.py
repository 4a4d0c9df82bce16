"""Configuration defaults. Everything can be overridden by the instance folder's
config.py and then by environment variables prefixed IPN_ (IPN_DATABASE_URL,
IPN_SECRET_KEY, IPN_RATELIMIT_ENABLED, IPN_NETWORK_MIN_MEMBERS, ...)."""

from __future__ import annotations

DEV_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    SECRET_KEY = DEV_SECRET_KEY
    # DATABASE_URL defaults to a SQLite file in the instance folder (set in create_app).
    DATABASE_URL: str | None = None
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # The network's founding rules (SPEC.md, "The protocol"): in force until a Gathering ratifies
    # a change (R16). Read once, when the registry is first set up (ipn.services.rulebook);
    # changing them afterwards changes nothing.
    NETWORK_MIN_MEMBERS = 5
    NETWORK_MAX_MEMBERS = 9
    NETWORK_LINKS_NEEDED = 2
    NETWORK_VALIDATION_MONTHS = 24
    NETWORK_TRIANGLE_RULE = True
    NETWORK_QUORUM_FRACTION = "1/3"
    NETWORK_TIMEZONE = "Europe/London"

    # Sessions and cookies (SPEC "Web conventions"). Secure cookies outside debug: see create_app.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    # Rate limits (Flask-Limiter); IPN_RATELIMIT_ENABLED=false switches them off for load tests.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATE_LIMIT_LOGIN = "10 per minute;50 per hour"
    RATE_LIMIT_LOGIN_ACCOUNT = "10 per 15 minutes"
    RATE_LIMIT_REGISTER = "5 per minute;20 per hour"
    RATE_LIMIT_INVITE = "30 per hour"
    RATE_LIMIT_CONCERN = "3 per minute;10 per day"

    # Werkzeug's method string; scrypt is slow on purpose. Tests choose a fast one.
    PASSWORD_HASH_METHOD = "scrypt"

    # Behind a reverse proxy, how many proxies set X-Forwarded-For/-Proto (so that rate limits
    # count the real address and URLs say https). 0: no proxy in front.
    PROXY_COUNT = 0

    # No form or JSON body needs more (a statement is at most 20,000 characters).
    MAX_CONTENT_LENGTH = 1_000_000

    API_PER_PAGE = 20
    API_MAX_PER_PAGE = 100

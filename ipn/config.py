"""Configuration defaults. Everything can be overridden by the instance folder's
config.py and then by environment variables prefixed IPN_ (IPN_DATABASE_URL,
IPN_SECRET_KEY, IPN_RATELIMIT_ENABLED, IPN_NETWORK_MIN_MEMBERS, ...)."""

from __future__ import annotations

import datetime as dt

DEV_SECRET_KEY = "dev-only-not-secret"


def flag(value: object) -> bool:
    """A setting that is on or off, as configuration files and environment variables write
    it: False, 0 and the words 0, false, no and off (any letter case), or nothing, are off;
    anything else is on."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


class Defaults:
    SECRET_KEY = DEV_SECRET_KEY
    # DATABASE_URL defaults to a SQLite file in the instance folder (set in create_app).
    DATABASE_URL: str | None = None
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # When the database does not answer, pages and the API say so (503) within these many
    # seconds rather than hanging: PostgreSQL's connect timeout and the wait for a pooled
    # connection; on SQLite, how long a writer waits for another's lock.
    DATABASE_CONNECT_TIMEOUT = 5
    SQLITE_LOCK_TIMEOUT = 10

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

    # Login sessions (ipn.services.login_sessions): a login without "keep me logged in" ends
    # after this many hours unused; a remembered one lasts REMEMBER_COOKIE_DURATION (seconds
    # from the environment). Logging out, or ending it from the profile, ends either at once.
    LOGIN_SESSION_IDLE_HOURS = 24
    REMEMBER_COOKIE_DURATION = dt.timedelta(days=30)
    # API tokens work this many days after they are issued or renewed.
    API_TOKEN_DAYS = 90

    # Rate limits (Flask-Limiter); IPN_RATELIMIT_ENABLED=false switches them off for load tests.
    # memory:// counts in each process: with several workers (gunicorn) set
    # IPN_RATELIMIT_STORAGE_URI=redis://HOST:6379 so that every worker shares one count.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # Should Redis stop answering, each worker counts in its own memory meanwhile (limits still
    # hold, per worker) rather than failing every limited request; it goes back to Redis when
    # Redis answers again (Flask-Limiter tries it after 1, 2, 4 ... seconds).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATE_LIMIT_LOGIN = "10 per minute;50 per hour"
    RATE_LIMIT_LOGIN_ACCOUNT = "10 per 15 minutes"
    RATE_LIMIT_REGISTER = "5 per minute;20 per hour"
    RATE_LIMIT_INVITE = "30 per hour"
    RATE_LIMIT_CONCERN = "3 per minute;10 per day"

    # Rendered public pages are cached until the network changes (ipn.views.page_cache): in
    # each process's memory, or in the Redis that PAGE_CACHE_URL names (redis://host:6379/1),
    # shared by every worker. IPN_PAGE_CACHE=false renders every page (ETags and 304s stay).
    PAGE_CACHE = True
    PAGE_CACHE_URL: str | None = None
    # On PostgreSQL each process LISTENs for the network's new generations (one connection of
    # its own), so a kept page asks the database nothing; IPN_GENERATION_LISTEN=false reads the
    # generation on every request instead (as on SQLite).
    GENERATION_LISTEN = True

    # Werkzeug's method string; scrypt is slow on purpose. Tests choose a fast one.
    PASSWORD_HASH_METHOD = "scrypt"

    # Behind a reverse proxy, how many proxies set X-Forwarded-For/-Proto (so that rate limits
    # count the real address and URLs say https). 0: no proxy in front.
    PROXY_COUNT = 0

    # No form or JSON body needs more (a statement is at most 20,000 characters).
    MAX_CONTENT_LENGTH = 1_000_000

    # Email (Flask-Mailman reads the MAIL_* settings). With no MAIL_SERVER, messages are written
    # as .eml files to MAIL_OUTBOX_DIR (default: the instance folder's outbox/), so the registry
    # works offline. BASE_URL is the absolute address that links in messages start with
    # (default: the address of the request that sends them, else http://localhost:5000).
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "IPN Registry <registry@localhost>"
    MAIL_TIMEOUT = 10
    MAIL_OUTBOX_DIR: str | None = None
    BASE_URL: str | None = None
    # Strict-Transport-Security on every response: only for a registry served over HTTPS alone.
    HSTS = False
    # A failed message waits MAIL_RETRY_SECONDS, doubling each time up to MAIL_RETRY_MAX_SECONDS.
    MAIL_RETRY_SECONDS = 60
    MAIL_RETRY_MAX_SECONDS = 6 * 3600
    # A message claimed for sending this long ago by a process that never finished goes back
    # into the queue (the process died mid-send).
    MAIL_CLAIM_TIMEOUT_SECONDS = 900
    # How many messages a request sends after it commits; the rest wait for `ipn mail send`.
    MAIL_SEND_PER_REQUEST = 25
    # Unconfirmed addresses can be invited and receive mail only when this is on (the test
    # suite's older tests, which register people without reading their email, turn it on).
    MAIL_TRUST_UNCONFIRMED = False

    # Links in account messages: how long they work (each works once).
    CONFIRM_EMAIL_HOURS = 72
    PASSWORD_RESET_MINUTES = 60
    RATE_LIMIT_TOKEN_REQUEST = "5 per hour"

    API_PER_PAGE = 20
    API_MAX_PER_PAGE = 100
    # The directory's page counts the groups a search's words find up to this many, then says
    # "more than" (a word of nearly every statement would otherwise be counted group by group
    # on every search), in whole pages of 20; the API's lists count them all, as API.md promises.
    DIRECTORY_COUNT_UP_TO = 1000

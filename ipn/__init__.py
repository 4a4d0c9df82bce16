"""The IPN Registry: a Flask application factory."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask
from flask.logging import default_handler
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from ipn import config as config_module
from ipn.extensions import csrf, db, limiter, login_manager, mailman, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class InsecureSecretKey(RuntimeError):
    pass


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then the instance folder's config.py, then IPN_* environment variables,
    then `test_config` (tests only)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.from_object(config_module.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("IPN")
    if test_config:
        app.config.update(test_config)
    configure_database(app)
    check_secret_key(app)
    if not app.debug and not app.testing:
        # Cookies travel over HTTPS only in production (SPEC "Web conventions").
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_cli(app)
    return app


def configure_database(app: Flask) -> None:
    url = app.config.get("DATABASE_URL")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "ipn.sqlite")
    if url.startswith("postgres://"):  # the form some hosts hand out
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        # Writers wait for each other rather than failing at once, for a bounded time (then 503).
        options.setdefault("connect_args", {"timeout": float(app.config["SQLITE_LOCK_TIMEOUT"])})
    else:
        # A database that stopped or does not answer is a quick 503; pre-ping replaces the
        # pooled connections it dropped, so the registry recovers by itself when it returns.
        wait = int(app.config["DATABASE_CONNECT_TIMEOUT"])
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_timeout", wait)
        options.setdefault("connect_args", {"connect_timeout": wait})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def check_secret_key(app: Flask) -> None:
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY")
    if not key or key == config_module.DEV_SECRET_KEY or len(str(key)) < 16:
        raise InsecureSecretKey(
            "The IPN Registry needs a secret key of its own outside debug mode. Set one with\n"
            "  export IPN_SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_hex(32))')\"\n"
            "or put SECRET_KEY = '...' in the instance folder's config.py."
        )


def register_extensions(app: Flask) -> None:
    from ipn import models  # noqa: F401  (every table known before migrations run)
    from ipn.services import generation

    db.init_app(app)
    generation.register_listener(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mailman.init_app(app)
    # Flask-Limiter's own switch belongs to the one `limiter` object, shared by every app in a
    # process (tests make many); each app keeps its own switch and a request filter reads it.
    app.config["RATE_LIMITS_ON"] = config_module.flag(app.config.get("RATELIMIT_ENABLED", True))
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    warn_if_limits_per_process(app)
    # Flask-Limiter says in its own log when Redis stops answering and it counts in memory
    # meanwhile; the operator reads it where the app's own warnings go.
    limits_log = logging.getLogger("flask-limiter")
    if default_handler not in limits_log.handlers:
        limits_log.addHandler(default_handler)
    # Templates get Flask-Login's lazy proxy rather than its context processor, which loads
    # the user on every render: the 500 page must render even when the database is down.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from flask import g

        from ipn.services import login_sessions
        from ipn.services.account_deletion import is_former

        found = login_sessions.load(user_id)  # None when that login has ended (logged out)
        if found is None:
            return None
        person, row = found
        if is_former(person):  # a deleted account's cookie logs no one in
            return None
        if login_sessions.seen_due(row):
            g.login_session_seen = row.id
        return person


def warn_if_limits_per_process(app: Flask) -> None:
    """memory:// keeps each process's own counts: under gunicorn's N workers every limit is
    about N times what it says. Shared storage (Redis) is for production."""
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if app.config["RATE_LIMITS_ON"] and storage.startswith("memory://"):
        app.logger.warning(
            "Rate limits are counted per process (RATELIMIT_STORAGE_URI=%s): with several workers each "
            "limit is multiplied by their number. Set IPN_RATELIMIT_STORAGE_URI=redis://HOST:6379 to share "
            "them.", storage)


def register_blueprints(app: Flask) -> None:
    from ipn.views import register_views
    from ipn.views.converters import RowIdConverter
    from ipn.views.templating import register_templating

    app.url_map.converters["int"] = RowIdConverter
    register_views(app)
    register_templating(app)


def register_hooks(app: Flask) -> None:
    from ipn.mail import register_mail
    from ipn.views.errors import register_error_handlers
    from ipn.views.hooks import (
        register_catch_up,
        register_input_guard,
        register_rulebook,
    )
    from ipn.views.page_cache import register_page_cache
    from ipn.views.private import register_private_responses
    from ipn.views.security import register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_private_responses(app)
    register_input_guard(app)
    register_rulebook(app)
    register_catch_up(app)
    register_page_cache(app)  # after the hooks above, which may change the network
    register_mail(app)


def register_cli(app: Flask) -> None:
    from ipn.cli import register_commands

    register_commands(app)

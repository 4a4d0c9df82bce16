"""Blueprints. Each module owns one area of the site; views stay thin."""

from flask import Flask


def register_views(app: Flask) -> None:
    from ipn.views import auth, health, home

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(home.bp)
    from ipn.views import api; app.register_blueprint(api.bp)  # noqa: E702  JSON API v1

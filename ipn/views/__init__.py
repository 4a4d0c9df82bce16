"""Blueprints. Each module owns one area of the site; views stay thin."""

from flask import Flask


def register_views(app: Flask) -> None:
    from ipn.views import health

    app.register_blueprint(health.bp)

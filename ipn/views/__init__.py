"""Blueprints. Each module owns one area of the site; views stay thin."""

from flask import Flask


def register_views(app: Flask) -> None:
    from ipn.views import auth, health

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    from ipn.views import api; app.register_blueprint(api.bp)  # noqa: E702  JSON API v1
    from ipn.views import links, me, statement, workspace; [app.register_blueprint(m.bp) for m in (workspace, statement, links, me)]  # noqa: E702  practitioner pages
    from ipn.views import check, network_map, open_data, public; [app.register_blueprint(m.bp) for m in (public, check, network_map, open_data)]  # noqa: E702  the public registry

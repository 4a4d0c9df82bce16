"""Blueprints. Each module owns one area of the site; views stay thin."""

from flask import Flask


def register_views(app: Flask) -> None:
    from ipn.views import (
        api,
        auth,
        check,
        concerns,
        email_accounts,
        governance,
        health,
        links,
        me,
        my_data,
        network_map,
        open_data,
        practice,
        public,
        statement,
        workspace,
    )

    for module in (
        health,
        auth,
        email_accounts,  # confirming addresses, resetting passwords, choosing emails
        api,  # the JSON API v1
        workspace, statement, links, me, my_data, practice,  # practitioners' pages
        concerns,  # concerns (R15): raised by anyone, answered by the group concerned
        public, check, network_map, open_data,  # the public registry
        governance,  # Gatherings, proposals, the rules in force, NetCom (R16)
    ):
        app.register_blueprint(module.bp)

"""Absolute addresses (Atom feeds, CSV, links shown to copy): under BASE_URL when it is set,
never under whatever Host header a request brought, which a client chooses."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config.get("BASE_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root):
        path = path[len(root):]  # BASE_URL names the mount point itself
    return str(base).rstrip("/") + path

"""Who is asking and what they asked for, as the pages see it: the logged-in practitioner,
the rows an address names (or a 404 page), one's stay in a group (or a 403 page), and where
to send someone next without ever leaving the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, request
from flask_login import current_user

from ipn.extensions import db
from ipn.models import Group, Membership, Practitioner
from ipn.models.base import row_id_in_range
from ipn.services import groups
from ipn.services.errors import NotAllowed


def me() -> Practitioner:
    """The logged-in practitioner as a plain model object (not the proxy)."""
    return current_user._get_current_object()


def group_or_404(slug: str) -> Group:
    group = groups.by_slug(slug)
    if group is None:
        abort(404, description="There is no group at this address.")
    return group


def row_or_404(model, ident: int | None, description: str):
    """The row with this id, or a 404 page."""
    row = db.session.get(model, ident) if row_id_in_range(ident) else None
    if row is None:
        abort(404, description=description)
    return row


def person_in(group: Group) -> Membership:
    """The person's stay in the group; anyone else gets a 403 page."""
    stay = groups.stay_of(group, me())
    if stay is None:
        raise NotAllowed(f"Only the people in {group.name} can see and use its workspace.")
    return stay


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: a login link must never send
    someone to another site (//evil.example and /\\evil.example are other sites to a browser)."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def back(default: str | None = None) -> str:
    """Where the person came from, when that was a page of this site; else `default`."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc == request.host:
        path = safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        if path:
            return path
    if default:
        return default
    slug = (request.view_args or {}).get("slug")
    return f"/groups/{slug}/workspace" if slug else "/me"

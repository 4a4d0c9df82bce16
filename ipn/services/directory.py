"""The public directory of groups: search by name, region and statement text (SPEC "What the
public sees"). One function, so that a full-text search can replace its inside later."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.sql import Select

from ipn.extensions import db
from ipn.models import Group
from ipn.services import public_registry, search_index
from ipn.states import GroupStatus


def search_groups(q: str | None = None, status: str | None = None, region: str | None = None) -> Select:
    """Groups whose name, region or current statement has every word of `q` (any letter case), with
    `status` and in `region` (exact, any letter case) when given; ordered by name.

    Returns a query, for the caller to page through."""
    query = select(Group).order_by(Group.name_key, Group.id)
    if q:
        # Full-text, through the index of ipn.services.search_index: every word of `q` in the
        # name, region or current statement (name and region also by the start of a word).
        condition = search_index.matching_group_ids(db.session.connection(), q)
        if condition is not None:
            query = query.where(condition)
    if status:
        query = query.where(Group.status == status)
    if region:
        query = query.where(func.lower(Group.region) == region.lower())
    return query


def known_total(q: str | None, status: str | None, region: str | None, current_only: bool = False) -> int | None:
    """How many groups `search_groups` finds, from the status counts kept until the network
    changes, when neither words nor a region narrow the search (the directory as most open
    it); None when it must be counted."""
    if q or region:
        return None
    counts = public_registry.status_counts()
    if status:
        return 0 if current_only and status == GroupStatus.DISSOLVED else counts.get(status, 0)
    return sum(n for s, n in counts.items() if not (current_only and s == GroupStatus.DISSOLVED))

"""Gatherings of the network (R16)."""

from __future__ import annotations

from ipn.services import public_registry
from ipn.views.api import bp, paged
from ipn.views.api import serializers as show


@bp.get("/gatherings")
def gatherings():
    """Every Gathering, soonest first, with its place and NetCom newsletter issue."""
    return paged(public_registry.gatherings_by_date(), show.gathering)

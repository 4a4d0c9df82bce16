"""Gatherings of the network (R16)."""

from __future__ import annotations

from ipn.models import Gathering
from ipn.services import public_registry
from ipn.views.api import bp, paged
from ipn.views.api import serializers as show


def _listed(row: Gathering) -> dict:
    from ipn.views.api.governance import netcom_url

    return {**show.gathering(row), "netcom_url": netcom_url(row)}


@bp.get("/gatherings")
def gatherings():
    """Every Gathering, soonest first, with its place and NetCom newsletter issue."""
    return paged(public_registry.gatherings_by_date(), _listed)

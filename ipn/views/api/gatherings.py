"""Gatherings of the network (R16)."""

from __future__ import annotations

from sqlalchemy import select

from ipn.models import Gathering
from ipn.views.api import bp, paged
from ipn.views.api import serializers as show


def _listed(row: Gathering) -> dict:
    from ipn.views.api.governance import netcom_url

    return {**show.gathering(row), "netcom_url": netcom_url(row)}


@bp.get("/gatherings")
def gatherings():
    """Every Gathering, soonest first, with its place and NetCom newsletter issue."""
    return paged(select(Gathering).order_by(Gathering.date, Gathering.id), _listed)

"""Gatherings of the network (R16): the list; the rest is in ipn.views.api.governance."""

from __future__ import annotations

from ipn.services import public_registry
from ipn.views.api import paged
from ipn.views.api.models import GatheringOut
from ipn.views.api.spec import Page, Paging, operation


@operation("/gatherings", query=Paging, answer=Page[GatheringOut], errors=(422,), tag="gatherings")
def gatherings(query: Paging):
    """Every Gathering, soonest first, with its place and NetCom newsletter issue."""
    from ipn.views.api.governance import netcom_url

    return paged(public_registry.gatherings_by_date(), query, lambda row: GatheringOut.of(row, netcom_url(row)))

"""Practice records and pathways (SPEC R19): record practice and name its attester, attest or
decline, one's progress on each pathway, and the pathways in force."""

from __future__ import annotations

from ipn.models import PracticeRecord, Practitioner
from ipn.services import practice
from ipn.services.errors import NotFound
from ipn.views.actions import perform
from ipn.views.api import fetch, get_or_404, paged_list
from ipn.views.api.models import (
    AttestationIn,
    PathwayOut,
    PracticeIn,
    PracticeOut,
    ProgressOut,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import caller


@operation("/me/practice", "POST", body=PracticeIn, answer=PracticeOut, status=201, token=True,
           errors=(422,), tag="practice")
def record_practice(data: PracticeIn):
    """Record practice and name who attests it; it counts once they do (R19)."""
    attester = fetch(Practitioner, data.attester)
    row = perform(practice.record, caller(), data.kind, data.started, data.ended, attester, hours=data.hours,
                  sessions=data.sessions, note=data.note, pathway=data.pathway)
    return PracticeOut(id=row.id, state=row.state)


@operation("/practice/<int:record_id>/attestation", "POST", body=AttestationIn, answer=PracticeOut, token=True,
           errors=(403, 409), tag="practice")
def attest(record_id: int, data: AttestationIn):
    """The named attester confirms or declines a record (others: 403; answered already: 409)."""
    row = get_or_404(PracticeRecord, record_id, "practice record")
    if not practice.readable_by(row, caller()):
        raise NotFound(f"There is no practice record with id {record_id}.")
    perform(practice.attest, caller(), row, data.confirmed)
    return PracticeOut(id=row.id, state=row.state)


@operation("/me/pathways", query=Paging, answer=Page[ProgressOut], token=True, tag="practice")
def my_pathways(query: Paging):
    """Each pathway in force, requirement by requirement, and since when it is complete."""
    return paged_list(practice.progress(caller()), query, ProgressOut.of)


@operation("/pathways", query=Paging, answer=Page[PathwayOut], tag="practice")
def pathways(query: Paging):
    """The pathways in force (the network's rules name their versions), with each requirement's source."""
    return paged_list(list(practice.in_force().values()), query, PathwayOut.of)

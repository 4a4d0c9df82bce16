"""A group's meetings through the API (API.md "Meetings (private to the group)", SPEC R18),
through the same service as the pages: recording a meeting and listing them are for the people
in the group (403 for anyone else); the shipped formats are public. The public group answer
carries only `rhythm`, and only when the group chose to show it (models.GroupOut)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from ipn import formats
from ipn.models import Meeting, Practitioner
from ipn.services import meetings
from ipn.services.errors import NotAllowed
from ipn.services.groups import stay_of
from ipn.views.actions import perform
from ipn.views.api import fetch, group_or_404, paged_list
from ipn.views.api.models import iso
from ipn.views.api.spec import (
    Answer,
    Body,
    DayOut,
    DayText,
    Id,
    Page,
    Paging,
    Text,
    operation,
)
from ipn.views.bearer import caller


class MeetingIn(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [
        {"date": "2026-03-14", "online": False, "attended": [1], "agenda": "Check-in; one case for intervision.",
         "next_date": "2026-04-25"}]})

    date: DayText
    online: bool
    attended: list[Id] = Field(min_length=1, max_length=50, description="People in the group who came.")
    agenda: Text(meetings.MAX_AGENDA) = ""
    notes: Text(meetings.MAX_NOTES) = ""
    next_date: DayText | None = None


class MeetingRecorded(Answer):
    id: Id
    date: DayOut


class RoundOut(Answer):
    format: str
    presenter: Id | None = Field(description="Who presented (a case brought by them); null if nobody does.")
    phases: list[str]


class MeetingOut(Answer):
    id: Id
    date: DayOut
    online: bool
    attended: list[Id]
    agenda: str
    notes: str
    next_date: DayOut | None
    rounds: list[RoundOut]

    @classmethod
    def of(cls, row: Meeting) -> MeetingOut:
        return cls(id=row.id, date=iso(row.date), online=row.online, attended=sorted(p.id for p in row.attendees),
                   agenda=row.agenda, notes=row.notes, next_date=iso(row.next_date),
                   rounds=[RoundOut(format=r.format_slug, presenter=r.presenter_id, phases=list(r.phases))
                           for r in row.rounds])


class PhaseOut(Answer):
    name: str
    minutes: int
    rule: str


class FormatOut(Answer):
    slug: str
    name: str
    phases: list[PhaseOut]

    @classmethod
    def of(cls, fmt: formats.Format) -> FormatOut:
        return cls(slug=fmt.slug, name=fmt.name,
                   phases=[PhaseOut(name=p.name, minutes=p.minutes, rule=p.rule) for p in fmt.phases])


def _in_group(slug: str):
    group = group_or_404(slug)
    if stay_of(group, caller()) is None:
        raise NotAllowed(f"Meeting records are private to {group.name}.")
    return group


@operation("/groups/<slug>/meetings", "POST", body=MeetingIn, answer=MeetingRecorded, status=201, token=True,
           errors=(403, 409, 422), tag="meetings")
def record_meeting(slug: str, data: MeetingIn):
    """Someone in the group records a meeting: date, online, who came; agenda, notes, next date."""
    group = _in_group(slug)
    row = perform(meetings.save_meeting, caller(), group, data.date, data.online,
                  [fetch(Practitioner, pid) for pid in data.attended], data.agenda, data.notes, data.next_date)
    return MeetingRecorded(id=row.id, date=iso(row.date))


@operation("/groups/<slug>/meetings", query=Paging, answer=Page[MeetingOut], token=True, errors=(403, 422),
           tag="meetings")
def list_meetings(slug: str, query: Paging):
    """The group's meetings, newest first, with their rounds: for the people in the group."""
    return paged_list(meetings.meetings_of(_in_group(slug)), query, MeetingOut.of)


@operation("/formats", query=Paging, answer=Page[FormatOut], errors=(422,), tag="meetings")
def list_formats(query: Paging):
    """The formats that ship with the registry."""
    return paged_list(list(formats.shipped()), query, FormatOut.of)

"""A group's meetings through the API (API.md "Meetings (private to the group)", SPEC R18),
through the same service as the pages: recording a meeting and listing them are for the people
in the group (403 for anyone else); the shipped formats are public. The public group answer
carries only `rhythm`, and only when the group chose to show it (serializers.group).

Written in the API's current style in a module of its own, with its OpenAPI paths beside it,
so that the port onto the pydantic models (branch `api`) can take it whole."""

from __future__ import annotations

from typing import Any

from ipn import formats
from ipn.formats import Format
from ipn.models import Meeting, Practitioner
from ipn.services import meetings
from ipn.services.errors import Invalid, NotAllowed
from ipn.services.groups import stay_of
from ipn.views.actions import perform
from ipn.views.api import body, bp, fetch, group_or_404, iso, paged_list, text_fields
from ipn.views.api.openapi import PAGING, PATHS, SLUG, op, responses
from ipn.views.api.openapi import body as body_schema
from ipn.views.api.openapi_schemas import ID, SCHEMAS, array, obj, page_of, string
from ipn.views.bearer import caller, token_required

MAX_ATTENDED = 50


def meeting(row: Meeting) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": iso(row.date),
        "online": row.online,
        "attended": sorted(p.id for p in row.attendees),
        "agenda": row.agenda,
        "notes": row.notes,
        "next_date": iso(row.next_date),
        "rounds": [{"format": r.format_slug, "presenter": r.presenter_id, "phases": list(r.phases)}
                   for r in row.rounds],
    }


def shipped(fmt: Format) -> dict[str, Any]:
    return {"slug": fmt.slug, "name": fmt.name,
            "phases": [{"name": p.name, "minutes": p.minutes, "rule": p.rule} for p in fmt.phases]}


def _attended(value) -> list[Practitioner | None]:
    if not isinstance(value, list) or not value or len(value) > MAX_ATTENDED or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise Invalid("attended: give a list of practitioner ids.",
                      {"attended": ["Give a list of the ids of the people in the group who came."]})
    return [fetch(Practitioner, v) for v in value]


def _online(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid("online: give true or false.", {"online": ["Give true or false."]})
    return value


@bp.post("/groups/<slug>/meetings")
@token_required
def record_meeting(slug: str):
    """Someone in the group records a meeting: date, online, who came; agenda, notes, next date."""
    group = group_or_404(slug)
    if stay_of(group, caller()) is None:
        raise NotAllowed(f"Meeting records are private to {group.name}.")
    data = body()
    text = text_fields(data, {}, {"agenda": meetings.MAX_AGENDA, "notes": meetings.MAX_NOTES})
    for name in ("date", "next_date"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise Invalid(f"{name}: give the date as YYYY-MM-DD.", {name: ["Give the date as YYYY-MM-DD."]})
    row = perform(meetings.save_meeting, caller(), group, data.get("date"), _online(data.get("online")),
                  _attended(data.get("attended")), text["agenda"], text["notes"], data.get("next_date"))
    return {"id": row.id, "date": iso(row.date)}, 201


@bp.get("/groups/<slug>/meetings")
@token_required
def list_meetings(slug: str):
    """The group's meetings, newest first, with their rounds: for the people in the group."""
    group = group_or_404(slug)
    if stay_of(group, caller()) is None:
        raise NotAllowed(f"Meeting records are private to {group.name}.")
    return paged_list(meetings.meetings_of(group), meeting)


@bp.get("/formats")
def list_formats():
    """The formats that ship with the registry."""
    return paged_list(list(formats.shipped()), shipped)


# --- Their OpenAPI description --------------------------------------------------------------

SCHEMAS.update({
    "Meeting": obj(["id", "date", "online", "attended", "agenda", "notes", "rounds"], id=ID,
                   date=string("date"), online={"type": "boolean"}, attended=array(ID), agenda=string(),
                   notes=string(), next_date=string("date", nullable=True),
                   rounds=array(obj(["format", "presenter", "phases"], format=string(),
                                    presenter={**ID, "nullable": True}, phases=array(string())))),
    "MeetingList": page_of("Meeting"),
    "MeetingRecorded": obj(["id", "date"], id=ID, date=string("date")),
    "Format": obj(["slug", "name", "phases"], slug=string(), name=string(),
                  phases=array(obj(["name", "minutes", "rule"], name=string(), minutes={"type": "integer"},
                                   rule=string()))),
    "FormatList": page_of("Format"),
})
PATHS.update({
    "/api/v1/groups/{slug}/meetings": {
        "get": op("The group's meetings, newest first (for the people in the group).",
                  responses("200", "MeetingList", "403", "404", "422"), params=[SLUG, *PAGING], token=True,
                  tag="meetings"),
        "post": op("Record a meeting of the group (anyone in it).",
                   responses("201", "MeetingRecorded", "400", "403", "404", "409", "422"), params=[SLUG],
                   request=body_schema(["date", "online", "attended"], date=string("date"),
                                       online={"type": "boolean"}, attended=array(ID), agenda=string(),
                                       notes=string(), next_date=string("date")),
                   token=True, tag="meetings"),
    },
    "/api/v1/formats": {"get": op("The meeting formats that ship with the registry.",
                                  responses("200", "FormatList", "422"), params=PAGING, tag="meetings")},
})

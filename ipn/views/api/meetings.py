"""A group's meetings through the API (API.md "Meetings (private to the group)", SPEC R18),
through the same service as the pages: recording, correcting and listing meetings, recording a
round, the group's own copies of formats and its choice to show its rhythm are for the people in
the group (403 for anyone else); a link group's member records the visit of a meeting it joined;
the shipped formats are public. The public group answer carries only `rhythm`, and only when the
group chose to show it (models.GroupOut)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ipn import formats
from ipn.models import Group, Meeting, Practitioner
from ipn.services import links as link_service
from ipn.services import meetings
from ipn.services.errors import NotAllowed
from ipn.services.groups import by_slug, stay_of
from ipn.states import VisitOutcome
from ipn.views.actions import perform
from ipn.views.api import fetch, group_or_404, named, paged_list
from ipn.views.api.models import Rhythm, VisitOut, iso
from ipn.views.api.spec import (
    NO_NUL,
    NONBLANK,
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
    visiting: Text(1000, required=True, description="The slug of a link group that joined the meeting; its "
                   "members then record their visit from it.") | None = None


class MeetingRecorded(Answer):
    id: Id
    date: DayOut


class RoundOut(Answer):
    id: Id
    format: str
    format_name: str = Field(description="The format's name when the round ran.")
    presenter: Id | None = Field(description="Who presented (a case brought by them); null if nobody does.")
    phases: list[str]

    @classmethod
    def of(cls, row) -> RoundOut:
        return cls(id=row.id, format=row.format_slug, format_name=row.format_name, presenter=row.presenter_id,
                   phases=list(row.phases))


class MeetingOut(Answer):
    id: Id
    date: DayOut
    online: bool
    attended: list[Id]
    agenda: str
    notes: str
    next_date: DayOut | None
    visiting: str | None = Field(description="The slug of the link group that joined it, or null.")
    visit_id: Id | None = Field(description="Its visit, once a member of that group recorded it (R10).")
    rounds: list[RoundOut]

    @classmethod
    def of(cls, row: Meeting) -> MeetingOut:
        return cls(id=row.id, date=iso(row.date), online=row.online, attended=sorted(p.id for p in row.attendees),
                   agenda=row.agenda, notes=row.notes, next_date=iso(row.next_date),
                   visiting=row.visiting_group.slug if row.visiting_group else None, visit_id=row.visit_id,
                   rounds=[RoundOut.of(r) for r in row.rounds])


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


def _in_group(slug: str) -> Group:
    group = group_or_404(slug)
    if stay_of(group, caller()) is None:
        raise NotAllowed(f"Meeting records are private to {group.name}.")
    return group


def _visiting(slug: str | None) -> Group | None:
    if slug is None:
        return None
    return named(by_slug(slug), "visiting", "There is no group with that slug.")


def _save(group: Group, data: MeetingIn, meeting: Meeting | None) -> Meeting:
    return perform(meetings.save_meeting, caller(), group, data.date, data.online,
                   [fetch(Practitioner, pid) for pid in data.attended], data.agenda, data.notes, data.next_date,
                   _visiting(data.visiting), meeting)


@operation("/groups/<slug>/meetings", "POST", body=MeetingIn, answer=MeetingRecorded, status=201, token=True,
           errors=(403, 409, 422), tag="meetings")
def record_meeting(slug: str, data: MeetingIn):
    """Someone in the group records a meeting: date, online, who came; agenda, notes, next date.

    `visiting` names a link group that joined it (an active link; its members then record the visit)."""
    row = _save(_in_group(slug), data, None)
    return MeetingRecorded(id=row.id, date=iso(row.date))


@operation("/groups/<slug>/meetings/<int:meeting_id>", "PUT", body=MeetingIn, answer=MeetingOut, token=True,
           errors=(403, 409, 422), tag="meetings")
def correct_meeting(slug: str, meeting_id: int, data: MeetingIn):
    """Someone in the group corrects a meeting's record, as its edit page does: the body replaces it.

    Who came may still name someone who has left since; once its visit is recorded, `visiting` stays."""
    group = _in_group(slug)
    row = _save(group, data, meetings.meeting_of(group, meeting_id))
    return MeetingOut.of(row)


@operation("/groups/<slug>/meetings", query=Paging, answer=Page[MeetingOut], token=True, errors=(403, 422),
           tag="meetings")
def list_meetings(slug: str, query: Paging):
    """The group's meetings, newest first, with their rounds: for the people in the group."""
    return paged_list(meetings.meetings_of(_in_group(slug)), query, MeetingOut.of)


@operation("/formats", query=Paging, answer=Page[FormatOut], errors=(422,), tag="meetings")
def list_formats(query: Paging):
    """The formats that ship with the registry."""
    return paged_list(list(formats.shipped()), query, FormatOut.of)


# --- Rounds ----------------------------------------------------------------------------------

PhaseName = Text(meetings.MAX_NAME, required=True)


class RoundIn(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [
        {"format": "intervision", "presenter": 1, "phases": ["Choose the focus", "Introduce", "Clarification round"]}]})

    format: Text(200, required=True, description="The slug of one of the group's formats: its own copies "
                 "(GET /groups/{slug}/formats) or a shipped one.")
    presenter: Id | None = Field(None, description="Who brought a case, one of those who came; null or left out "
                                 "in a format where nobody presents. Only their name is ever recorded.")
    phases: list[PhaseName] = Field(min_length=1, max_length=formats.MAX_PHASES,
                                    description="The names of the phases that ran, each once, in the format's order.")


@operation("/groups/<slug>/meetings/<int:meeting_id>/rounds", "POST", body=RoundIn, answer=RoundOut, status=201,
           token=True, errors=(403, 409, 422), tag="meetings")
def record_round(slug: str, meeting_id: int, data: RoundIn):
    """Someone in the group records a round run at the meeting: its format, who presented, the phases that ran.

    Nothing else of a round exists: no field for what was brought."""
    group = _in_group(slug)
    meeting = meetings.meeting_of(group, meeting_id)
    presenter = (None if data.presenter is None
                 else named(fetch(Practitioner, data.presenter), "presenter", "There is no such practitioner."))
    fmt = meetings.format_for(group, data.format)
    return RoundOut.of(perform(meetings.record_round, caller(), meeting, fmt, presenter, data.phases))


# --- A link group's visit, recorded from the meeting it joined ---------------------------------

class MeetingVisitIn(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [
        {"outcome": "validated", "visitors": [1], "note": "We joined their meeting of 14 March."}]})

    outcome: Annotated[VisitOutcome, Field(strict=False)]
    visitors: list[Id] | None = Field(None, min_length=1, max_length=50,
                                      description="Members of the visiting group who came; default: the caller.")
    note: Text(link_service.MAX_NOTE) = ""


@operation("/groups/<slug>/meetings/<int:meeting_id>/visit", "POST", body=MeetingVisitIn, answer=VisitOut,
           status=201, token=True, errors=(403, 409, 422), tag="meetings")
def record_meeting_visit(slug: str, meeting_id: int, data: MeetingVisitIn):
    """A member of the link group that joined the meeting records its visit (R10), dated the meeting's day.

    As any visit: its outcome is the visiting group's word; nobody validates their own group (403).
    The meeting's group answers 403 too: the visit is the other group's to record."""
    group = group_or_404(slug)
    meeting = meetings.meeting_of(group, meeting_id)
    visitors = None if data.visitors is None else [fetch(Practitioner, v) for v in data.visitors]
    return VisitOut.of(perform(meetings.record_visit_from_meeting, caller(), meeting, data.outcome, visitors,
                               data.note))


# --- The group's own formats -----------------------------------------------------------------

# One line, no "|" (a name, who speaks) and not blank: the formats page edits phases one a line,
# "minutes | name | who speaks | rule". BREAKS are what str.splitlines breaks a line at.
BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
SPACES = NONBLANK[2:-1]  # the characters NONBLANK leaves out
ONE_LINE = rf"^[^{BREAKS}]*$"
NAME_LINE = rf"^[^|{BREAKS}]*[^|{BREAKS}{SPACES}][^|{BREAKS}]*$"
WHO_LINE = rf"^[^|{BREAKS}]*$"
RULE_LINE = rf"^[^{BREAKS}]*[^{BREAKS}{SPACES}][^{BREAKS}]*$"


class PhaseIn(Body):
    """One phase; nothing else (like a proposal's `changes`, a phase has no room for more)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=meetings.MAX_NAME, pattern=NAME_LINE, json_schema_extra=NO_NUL,
                               description="One line, without “|”; each phase's name is its own.")]
    minutes: int = Field(ge=1, le=formats.MAX_MINUTES)
    speaks: Annotated[str, Field(max_length=meetings.MAX_TEXT, pattern=WHO_LINE, json_schema_extra=NO_NUL,
                                 description="Who speaks: one line, without “|”.")] = ""
    rule: Annotated[str, Field(max_length=meetings.MAX_TEXT, pattern=ONE_LINE, json_schema_extra=NO_NUL,
                               description="The phase's rule in one sentence, on one line.")] = ""


class FormatCopyIn(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [
        {"based_on": "balint", "name": "Our short Balint group", "ground_rules": ["Told from memory."],
         "phases": [{"name": "The case", "minutes": 10, "speaks": "The presenter", "rule": "From memory."},
                    {"name": "The group works", "minutes": 25, "speaks": "The group", "rule": "Associations."}]}]})

    based_on: Literal[formats.ORDER] = Field(description="The shipped format to copy.")
    name: Text(meetings.MAX_NAME, required=True) | None = None
    purpose: Text(meetings.MAX_AGENDA) | None = None
    ground_rules: list[Annotated[str, Field(min_length=1, max_length=meetings.MAX_TEXT, pattern=RULE_LINE,
                                            json_schema_extra=NO_NUL)]] | None = Field(None, max_length=meetings.MAX_RULES)
    phases: list[PhaseIn] | None = Field(None, min_length=1, max_length=formats.MAX_PHASES)


class PhaseDetail(Answer):
    name: str
    minutes: int
    speaks: str
    rule: str


class FormatDetail(Answer):
    slug: str = Field(description="What a round names as its `format`.")
    name: str
    own: bool = Field(description="The group's own copy (true) or a shipped format.")
    based_on: str | None = Field(description="For an own copy, the shipped format it was copied from.")
    purpose: str
    presenter: str = Field(description="Who presents, in the format's words; empty where nobody does.")
    ground_rules: list[str]
    phases: list[PhaseDetail]

    @classmethod
    def of(cls, fmt: formats.Format) -> FormatDetail:
        return cls(slug=fmt.slug, name=fmt.name, own=fmt.own, based_on=fmt.based_on or None, purpose=fmt.purpose,
                   presenter=fmt.presenter, ground_rules=list(fmt.ground_rules),
                   phases=[PhaseDetail(**p.as_dict()) for p in fmt.phases])


@operation("/groups/<slug>/formats", query=Paging, answer=Page[FormatDetail], token=True, errors=(403, 422),
           tag="meetings")
def group_formats(slug: str, query: Paging):
    """The formats the group can run, as its formats page shows them: its own copies first, then the shipped ones."""
    return paged_list(meetings.formats_for(_in_group(slug)), query, FormatDetail.of)


@operation("/groups/<slug>/formats", "POST", body=FormatCopyIn, answer=FormatDetail, status=201, token=True,
           errors=(403, 409, 422), tag="meetings")
def copy_format(slug: str, data: FormatCopyIn):
    """Someone in the group takes its own copy of a shipped format, changed as given.

    What is left out stays as in the shipped format; the copy's slug is new (`our-balint`, `our-balint-2`, ...)."""
    group = _in_group(slug)
    phases = None if data.phases is None else [formats.Phase(p.name, p.minutes, p.speaks, p.rule)
                                               for p in data.phases]
    row = perform(meetings.copy_format, caller(), group, data.based_on, data.name, data.purpose,
                  data.ground_rules, phases)
    return FormatDetail.of(meetings.format_for(group, row.slug))


# --- Showing the rhythm ----------------------------------------------------------------------

class RhythmChoice(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [{"show": True}]})

    show: bool = Field(description="Whether the group's public page and answer show how often it meets.")


class RhythmOut(Answer):
    show: bool = Field(description="Whether the public sees `rhythm` (the public group answer's `rhythm`).")
    rhythm: Rhythm | None = Field(description="How often the group meets and the month it last met, from its "
                                  "records (null before its first meeting), public only while `show` is true.")

    @classmethod
    def of(cls, group: Group) -> RhythmOut:
        found = meetings.rhythm_of(group)
        return cls(show=group.shows_rhythm, rhythm=None if found is None else found.as_dict())


@operation("/groups/<slug>/rhythm", answer=RhythmOut, token=True, errors=(403,), tag="meetings")
def get_rhythm(slug: str):
    """For the people in the group: the rhythm its records give, and whether the public sees it."""
    return RhythmOut.of(_in_group(slug))


@operation("/groups/<slug>/rhythm", "PUT", body=RhythmChoice, answer=RhythmOut, token=True,
           errors=(403, 409, 422), tag="meetings")
def set_rhythm(slug: str, data: RhythmChoice):
    """A member says whether the public sees how often the group meets and the month it last met (R18)."""
    group = _in_group(slug)
    perform(meetings.set_shows_rhythm, caller(), group, data.show)
    return RhythmOut.of(group)

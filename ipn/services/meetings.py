"""A group's meetings (SPEC R18): recording them, the rounds run in them, a link group's visit
recorded from the meeting it joined (R10, through the visit service), the group's own copies
of the formats, and the rhythm it may choose to show.

Private to the group: the people in it (members and joining members) read and record its
meetings; a link group's visitors read the meeting their recorded visit joined. Nothing here
holds a client's case: a round is a format, a presenter and the phases that ran."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ipn import clock, formats
from ipn.extensions import db
from ipn.formats import Format, Phase
from ipn.models import Group, GroupFormat, Meeting, Practitioner, Round, Visit
from ipn.rules.rhythm import Rhythm, rhythm
from ipn.services import events, facts, links
from ipn.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ipn.services.groups import (
    require_in_group,
    require_member,
    require_not_dissolved,
    stay_of,
)
from ipn.states import LinkState

MAX_AGENDA = 2000
MAX_NOTES = 5000
MAX_NAME = 120
MAX_TEXT = 300


# --- Who may see -----------------------------------------------------------------------------

def can_see(meeting: Meeting, person: Practitioner | None) -> bool:
    """The people in the group, and the visitors of the link group's visit it records."""
    if person is None or not getattr(person, "id", None):
        return False
    if stay_of(meeting.group, person) is not None:
        return True
    return meeting.visit is not None and any(v.id == person.id for v in meeting.visit.visitors)


def require_can_see(meeting: Meeting, person: Practitioner) -> None:
    if not can_see(meeting, person):
        raise NotAllowed(f"Meeting records are private to {meeting.group.name}.")


def meeting_of(group: Group, meeting_id: int | None) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id) if meeting_id and 0 < meeting_id < 2**31 else None
    if meeting is None or meeting.group_id != group.id:
        raise NotFound(f"{group.name} has no such meeting.")
    return meeting


def meetings_of(group: Group) -> list[Meeting]:
    """Newest first."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.date.desc(), Meeting.id.desc())))


def latest_meeting(group: Group) -> Meeting | None:
    return db.session.scalars(select(Meeting).where(Meeting.group_id == group.id)
                              .order_by(Meeting.date.desc(), Meeting.id.desc()).limit(1)).first()


# --- Recording -------------------------------------------------------------------------------

def _day(value, name: str, fields: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return clock.parse_day(value)
    except ValueError:
        fields[name] = ["Give the date as YYYY-MM-DD."]
        return None


def _text(value, name: str, limit: int, fields: dict[str, list[str]]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        fields[name] = ["Give this as text."]
        return ""
    value = value.strip()
    if len(value) > limit:
        fields[name] = [f"Keep this to {limit} characters."]
    return value


def link_partners(group: Group) -> list[Group]:
    """The groups with an active link to this one: those whose visit a meeting can record."""
    ids = facts.active_partner_ids([group.id]) - {group.id}
    return sorted((db.session.get(Group, i) for i in ids), key=lambda g: g.name.casefold())


def save_meeting(actor: Practitioner, group: Group, date, online: bool, attended: Sequence[Practitioner | None],
                 agenda: str | None = "", notes: str | None = "", next_date=None,
                 visiting: Group | None = None, meeting: Meeting | None = None) -> Meeting:
    """Record a meeting of the group (or correct one): anyone in the group may."""
    require_not_dissolved(group)
    require_in_group(group, actor)
    fields: dict[str, list[str]] = {}
    if date in (None, ""):
        fields["date"] = ["Give the date of the meeting."]
    day = _day(date, "date", fields)
    if day is not None and day > clock.today():
        fields["date"] = ["A meeting is recorded once it has happened: not in the future."]
    following = _day(next_date, "next_date", fields)
    if following is not None and day is not None and following <= day:
        fields["next_date"] = ["The next meeting comes after this one."]
    agenda = _text(agenda, "agenda", MAX_AGENDA, fields)
    notes = _text(notes, "notes", MAX_NOTES, fields)
    # Those in the group now may be ticked; so may whoever the record already names (someone who
    # came and has since left, or deleted their account, stays on the group's record).
    may_attend = {m.practitioner_id for m in facts.current_memberships(group.id)}
    if meeting is not None:
        may_attend |= {p.id for p in meeting.attendees}
    people = list(attended) if attended else []
    if not people:
        fields["attended"] = ["Tick who came."]
    elif any(p is None or p.id not in may_attend for p in people):
        fields["attended"] = [f"Tick only people in {group.name}."]
    unchanged_visitor = meeting is not None and visiting is not None and visiting.id == meeting.visiting_group_id
    if visiting is not None and not unchanged_visitor and visiting.id not in {g.id for g in link_partners(group)}:
        fields["visiting"] = [f"Choose a group with an active link to {group.name}."]
    if meeting is not None and meeting.visit_id is not None and not unchanged_visitor:
        fields["visiting"] = ["This meeting's visit is recorded; the visiting group stays as it is."]
    if fields:
        # Codes for the API: what no schema can say (today's date, who is in the group, links).
        code = next((c for name, c in (("date", "future_date"), ("next_date", "dates_order"),
                                       ("attended", "not_in_group"), ("visiting", "not_linked"))
                     if name in fields), None)
        raise Invalid("Some details of the meeting need correcting.", fields, code=code)
    new = meeting is None
    if new:
        meeting = Meeting(group_id=group.id, recorded_by_id=actor.id)
        db.session.add(meeting)
    meeting.date, meeting.online, meeting.next_date = day, bool(online), following
    meeting.agenda, meeting.notes = agenda, notes
    meeting.visiting_group_id = visiting.id if visiting is not None else None
    meeting.attendees = list({p.id: p for p in people}.values())
    db.session.flush()
    # The event says only that a meeting was recorded; its details stay in the meeting.
    events.record("meeting_recorded" if new else "meeting_corrected", actor, group, meeting_id=meeting.id)
    return meeting


def record_round(actor: Practitioner, meeting: Meeting, fmt: Format | None, presenter: Practitioner | None,
                 phases: Sequence[str]) -> Round:
    """Record a round run at the meeting: its format, who presented and the phases that ran."""
    group = meeting.group
    require_not_dissolved(group)
    require_in_group(group, actor)
    fields: dict[str, list[str]] = {}
    if fmt is None:
        raise Invalid("Choose one of the group's formats.", {"format": ["Choose one of the group's formats."]},
                      code="unknown_reference")
    if fmt.presenter:
        if presenter is None or presenter.id not in {p.id for p in meeting.attendees}:
            fields["presenter"] = ["Choose who presented, from those who came."]
    elif presenter is not None:
        fields["presenter"] = [f"Nobody presents in {fmt.name}."]
    names = [p.name for p in fmt.phases]
    ran = [str(p) for p in phases or () if isinstance(p, str)]
    if not ran or len(ran) != len(phases or ()) or any(p not in names for p in ran):
        fields["phases"] = [f"Name the phases that ran, from {fmt.name}'s phases."]
    elif [n for n in names if n in ran] != ran or len(set(ran)) != len(ran):
        fields["phases"] = ["Name each phase once, in the format's order."]
    if fields:
        raise Invalid("The round was not recorded.", fields,
                      code="round_presenter" if "presenter" in fields else "round_phases")
    row = Round(meeting_id=meeting.id, format_slug=fmt.slug, format_name=fmt.name,
                presenter_id=presenter.id if presenter else None, phases=ran, recorded_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    db.session.refresh(meeting)
    events.record("round_recorded", actor, group, meeting_id=meeting.id, round_id=row.id)
    return row


def record_visit_from_meeting(actor: Practitioner, meeting: Meeting, outcome: str,
                              visitors: Sequence[Practitioner] | None = None, note: str = "") -> Visit:
    """A member of the link group that joined the meeting records its visit (R10, unchanged:
    the visit service decides), dated the meeting's day; the visitors then see the meeting."""
    visiting = meeting.visiting_group
    if visiting is None:
        raise NotAllowed("No link group is named as joining this meeting.")
    require_member(visiting, actor)
    if meeting.visit_id is not None:
        raise Conflict("This meeting's visit is already recorded.", code="visit_recorded")
    link = facts.live_link_between(meeting.group_id, visiting.id)
    if link is None or link.state != LinkState.ACTIVE:
        raise Conflict("Visits are recorded on active links only.", code="link_not_active")
    visit = links.record_visit(actor, link, meeting.group, meeting.date, outcome, visitors, note)
    meeting.visit_id = visit.id
    db.session.flush()
    return visit


def visits_to_record(person: Practitioner) -> list[Meeting]:
    """Meetings of other groups that one of the person's groups joined, whose visit nobody
    has recorded yet (for "What needs me")."""
    member_of = [s.group_id for s in facts.current_stays(person) if s.member_since is not None]
    if not member_of:
        return []
    return list(db.session.scalars(select(Meeting).where(
        Meeting.visiting_group_id.in_(member_of), Meeting.visit_id.is_(None)).order_by(Meeting.date)))


# --- Showing the rhythm ----------------------------------------------------------------------

def set_shows_rhythm(actor: Practitioner, group: Group, shows: bool) -> None:
    """A member says whether the public page shows how often the group meets (R18)."""
    require_not_dissolved(group)
    require_member(group, actor)
    group.shows_rhythm = bool(shows)
    events.record("rhythm_shown" if shows else "rhythm_hidden", actor, group)


def rhythm_of(group: Group, today: dt.date | None = None) -> Rhythm | None:
    dates = db.session.scalars(select(Meeting.date).where(Meeting.group_id == group.id))
    return rhythm(dates, today or clock.today())


def public_rhythm(group: Group, today: dt.date | None = None) -> Rhythm | None:
    """What the public sees: the rhythm, only when the group has chosen to show it."""
    return rhythm_of(group, today) if group.shows_rhythm else None


# --- The next meeting, for "What needs me" ---------------------------------------------------

@dataclass(frozen=True)
class MeetingNeed:
    group: Group
    next_date: dt.date | None  # the next meeting agreed, today or later
    unrecorded: dt.date | None  # a meeting agreed for a past day, not recorded yet
    last: Meeting | None


def meeting_need(group: Group, today: dt.date | None = None) -> MeetingNeed:
    today = today or clock.today()
    last = latest_meeting(group)
    planned = last.next_date if last is not None else None
    if planned is None:
        return MeetingNeed(group, None, None, last)
    if planned >= today:
        return MeetingNeed(group, planned, None, last)
    return MeetingNeed(group, None, planned, last)


# --- Formats: the shipped ones and the group's own copies ------------------------------------

def _own(row: GroupFormat) -> Format:
    return formats.from_data(row.slug, {"name": row.name, "purpose": row.purpose, "presenter": _presenter(row),
                                        "ground_rules": row.ground_rules, "phases": row.phases},
                             own=True, based_on=row.based_on)


def _presenter(row: GroupFormat) -> str:
    base = formats.shipped_format(row.based_on)
    return base.presenter if base is not None else ""


def own_formats(group: Group) -> list[GroupFormat]:
    return list(db.session.scalars(select(GroupFormat).where(GroupFormat.group_id == group.id)
                                   .order_by(GroupFormat.name, GroupFormat.id)))


def formats_for(group: Group) -> list[Format]:
    """The group's own copies first, then the shipped formats."""
    return [_own(row) for row in own_formats(group)] + list(formats.shipped())


def format_for(group: Group, slug: str | None) -> Format | None:
    return next((f for f in formats_for(group) if f.slug == slug), None)


def own_format(group: Group, slug: str | None) -> GroupFormat:
    row = db.session.scalar(select(GroupFormat).where(GroupFormat.group_id == group.id, GroupFormat.slug == slug))
    if row is None:
        raise NotFound(f"{group.name} has no format of its own at this address.")
    return row


def copy_format(actor: Practitioner, group: Group, slug: str | None, name: str | None = None,
                purpose: str | None = None, ground_rules: Sequence[str] | None = None,
                phases: Sequence[Phase] | None = None) -> GroupFormat:
    """The group takes its own copy of a shipped format, to change as it likes; what is given
    of its name, purpose, ground rules and phases replaces the shipped format's at once."""
    require_not_dissolved(group)
    require_in_group(group, actor)
    base = formats.shipped_format(slug)
    if base is None:
        raise Invalid("Choose one of the shipped formats.", {"format": ["Choose one of the shipped formats."]})
    taken = {row.slug for row in own_formats(group)}
    n, new_slug = 1, f"our-{base.slug}"
    while new_slug in taken:
        n += 1
        new_slug = f"our-{base.slug}-{n}"
    row = GroupFormat(group_id=group.id, slug=new_slug, based_on=base.slug, name=f"Our {base.name}"[:MAX_NAME],
                      purpose=base.purpose, ground_rules=list(base.ground_rules),
                      phases=[p.as_dict() for p in base.phases])
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise Conflict("Someone copied this format at the same moment. Please reload.") from None
    events.record("format_copied", actor, group, format=row.slug)
    if any(value is not None for value in (name, purpose, ground_rules, phases)):
        own = _own(row)
        change_format(actor, group, row, row.name if name is None else name,
                      row.purpose if purpose is None else purpose,
                      own.ground_rules if ground_rules is None else ground_rules,
                      own.phases if phases is None else phases)
    return row


PHASE_LINE = re.compile(r"^\s*(\d{1,3})\s*\|([^|]*)\|([^|]*)\|(.*)$")
MAX_RULES = 12
SAME_NAMES = "Give each phase a name of its own."


def _one_line(text: str) -> bool:
    return len(text.splitlines()) <= 1


def _phase_problems(phase: Phase) -> list[str]:
    """What will not do in one phase (the pages' lines and the API's phases alike). A name and
    who speaks hold no "|" and nothing is on two lines, so the page's one-a-line text of
    the phases reads back as the same phases."""
    problems = []
    if not 1 <= phase.minutes <= formats.MAX_MINUTES:
        problems.append(f"give between 1 and {formats.MAX_MINUTES} minutes.")
    if not phase.name or len(phase.name) > MAX_NAME:
        problems.append(f"name the phase, in at most {MAX_NAME} characters.")
    if len(phase.speaks) > MAX_TEXT or len(phase.rule) > MAX_TEXT:
        problems.append(f"keep who speaks and the rule to {MAX_TEXT} characters each.")
    if "|" in phase.name or "|" in phase.speaks:
        problems.append("a name or who speaks has no “|”.")
    if not all(_one_line(text) for text in (phase.name, phase.speaks, phase.rule)):
        problems.append("keep each part on one line.")
    return problems


def _phases_problems(phases: Sequence[Phase], count: int) -> list[str]:
    problems = []
    if not count:
        problems.append("Give at least one phase.")
    if count > formats.MAX_PHASES:
        problems.append(f"Keep to {formats.MAX_PHASES} phases.")
    if len({p.name for p in phases}) != len(phases):
        problems.append(SAME_NAMES)
    return problems


def parse_phases(text: str | None) -> list[Phase]:
    """One phase a line: "minutes | name | who speaks | its rule in one sentence"."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    problems, phases = [], []
    for number, line in enumerate(lines, 1):
        match = PHASE_LINE.match(line)
        if not match:
            problems.append(f"Line {number}: write minutes | name | who speaks | rule.")
            continue
        minutes, name, speaks, rule = (match.group(1), *(g.strip() for g in match.groups()[1:]))
        phase = Phase(name, int(minutes), speaks, rule)
        problems += [f"Line {number}: {problem}" for problem in _phase_problems(phase)]
        phases.append(phase)
    problems += _phases_problems(phases, len(lines))
    if problems:
        raise Invalid("The phases need correcting.", {"phases": problems})
    return phases


def phases_text(fmt: Format) -> str:
    return "\n".join(f"{p.minutes} | {p.name} | {p.speaks} | {p.rule}" for p in fmt.phases)


def update_format(actor: Practitioner, group: Group, row: GroupFormat, name: str | None, purpose: str | None,
                  ground_rules: str | None, phases: str | None) -> GroupFormat:
    """The group changes its own copy from the page's texts: ground rules one a line, phases one
    a line ("minutes | name | who speaks | rule")."""
    fields: dict[str, list[str]] = {}
    rules = [line.strip() for line in (_text(ground_rules, "ground_rules", MAX_AGENDA, fields)).splitlines()
             if line.strip()]
    try:
        parsed = parse_phases(phases)
    except Invalid as error:
        fields.update(error.fields)
        parsed = []
    return change_format(actor, group, row, name, purpose, rules, parsed, fields)


def change_format(actor: Practitioner, group: Group, row: GroupFormat, name: str | None, purpose: str | None,
                  ground_rules: Sequence[str], phases: Sequence[Phase],
                  fields: dict[str, list[str]] | None = None) -> GroupFormat:
    """The group changes its own copy: name, purpose, ground rules and phases (R18)."""
    require_not_dissolved(group)
    require_in_group(group, actor)
    fields = dict(fields or {})
    name = _text(name, "name", MAX_NAME, fields)
    if not name and "name" not in fields:
        fields["name"] = ["Give the format a name."]
    purpose = _text(purpose, "purpose", MAX_AGENDA, fields)
    rules = [rule.strip() for rule in ground_rules if rule.strip()]
    rule_problems = [f"Ground rule {n}: keep it to {MAX_TEXT} characters, on one line."
                     for n, rule in enumerate(rules, 1) if len(rule) > MAX_TEXT or not _one_line(rule)]
    if len(rules) > MAX_RULES:
        rule_problems.append(f"Keep to {MAX_RULES} ground rules.")
    if rule_problems and "ground_rules" not in fields:
        fields["ground_rules"] = rule_problems
    if "phases" not in fields:
        phases = [Phase(p.name.strip(), p.minutes, p.speaks.strip(), p.rule.strip()) for p in phases]
        problems = [f"Phase {n}: {problem}" for n, p in enumerate(phases, 1) for problem in _phase_problems(p)]
        problems += _phases_problems(phases, len(phases))
        if problems:
            fields["phases"] = problems
    if fields:
        # For the API: phases that share a name are the one refusal its schema cannot state.
        code = "phase_names" if SAME_NAMES in fields.get("phases", ()) else None
        raise Invalid("The format was not saved.", fields, code=code)
    row.name, row.purpose, row.ground_rules = name, purpose, rules
    row.phases = [p.as_dict() for p in phases]
    db.session.flush()
    events.record("format_changed", actor, group, format=row.slug)
    return row


def remove_format(actor: Practitioner, group: Group, row: GroupFormat) -> None:
    require_in_group(group, actor)
    db.session.delete(row)
    events.record("format_removed", actor, group, format=row.slug)

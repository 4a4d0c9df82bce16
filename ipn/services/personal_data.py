"""A practitioner's own data, for them to download (their profile, memberships, stand-bys
given and received, endorsements, visits they made, positions, notifications, API tokens, the
meetings they came to or recorded with the rounds they presented, and the formats they wrote).

It holds what they wrote or what was recorded about them; of other people only the names the
registry shows publicly (never another's email, nor a reason someone else gave for
withdrawing a stand-by)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from ipn import clock
from ipn.extensions import db
from ipn.models import (
    ApiToken,
    Attendance,
    Endorsement,
    Event,
    Group,
    GroupFormat,
    Meeting,
    Membership,
    Notification,
    Position,
    PracticeRecord,
    Practitioner,
    Round,
    ShownPathway,
    StandBy,
    Statement,
    Visit,
    meeting_attendees,
    visit_visitors,
)

FORMAT = "ipn-registry-personal-data"
VERSION = 1


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _group(group: Group) -> dict[str, str]:
    return {"name": group.name, "slug": group.slug}


def _stand_bys(person: Practitioner, given: bool) -> list[dict[str, Any]]:
    mine, theirs = aliased(Membership), aliased(Membership)
    own_column, other_column = (StandBy.giver_id, StandBy.receiver_id) if given else (StandBy.receiver_id, StandBy.giver_id)
    rows = db.session.execute(
        select(StandBy, theirs.practitioner_id)
        .join(mine, mine.id == own_column).join(theirs, theirs.id == other_column)
        .where(mine.practitioner_id == person.id).order_by(StandBy.created_at, StandBy.id)).all()
    found = []
    for stand_by, other_id in rows:
        other = db.session.get(Practitioner, other_id)
        item = {"group": _group(db.session.get(Group, stand_by.group_id)),
                ("to" if given else "from"): other.name,
                "since": _time(stand_by.created_at), "withdrawn_at": _time(stand_by.withdrawn_at)}
        if given:  # one's own words; a reason given by someone else is theirs
            item["withdrawal_reason"] = stand_by.withdrawal_reason
        found.append(item)
    return found


def _meetings(person: Practitioner) -> list[dict[str, Any]]:
    """The meetings of their groups that they came to, recorded or presented a round at, as the
    group wrote them, with the rounds they presented (a round holds no case's content). Who
    else came is the others' own record, and is not here."""
    came = exists().where(meeting_attendees.c.meeting_id == Meeting.id,
                          meeting_attendees.c.practitioner_id == person.id)
    presented = exists().where(Round.meeting_id == Meeting.id, Round.presenter_id == person.id)
    rows = db.session.scalars(select(Meeting).where(or_(came, presented, Meeting.recorded_by_id == person.id))
                              .order_by(Meeting.date, Meeting.id))
    return [{"date": _day(m.date), "group": _group(m.group), "online": m.online, "agenda": m.agenda,
             "notes": m.notes, "next_date": _day(m.next_date),
             "attended": any(p.id == person.id for p in m.attendees),
             "recorded_by_me": m.recorded_by_id == person.id,
             "rounds_presented": [{"format": r.format_slug, "format_name": r.format_name, "phases": list(r.phases),
                                   "recorded_at": _time(r.recorded_at)}
                                  for r in m.rounds if r.presenter_id == person.id]} for m in rows]


def _formats(person: Practitioner) -> list[dict[str, Any]]:
    """The group's own formats that they copied or changed (the events name who did), as they stand."""
    written = db.session.execute(select(Event.group_id, Event.data, Event.at).where(
        Event.actor_id == person.id, Event.kind.in_(("format_copied", "format_changed")))).all()
    found = []
    for row in db.session.scalars(select(GroupFormat).order_by(GroupFormat.created_at, GroupFormat.id).where(
            GroupFormat.group_id.in_({group_id for group_id, _, _ in written}))):
        # A slug freed by a removed copy may be taken again: only what they did to this copy counts.
        if any(group_id == row.group_id and (data or {}).get("format") == row.slug and at >= row.created_at
               for group_id, data, at in written):
            found.append({"group": _group(db.session.get(Group, row.group_id)), "slug": row.slug,
                          "name": row.name, "based_on": row.based_on, "purpose": row.purpose,
                          "ground_rules": list(row.ground_rules), "phases": list(row.phases),
                          "created_at": _time(row.created_at)})
    return found


def personal_data(person: Practitioner) -> dict[str, Any]:
    """Everything the registry holds that is this person's own, as a JSON-ready document."""
    stays = list(db.session.scalars(select(Membership).where(Membership.practitioner_id == person.id)
                                    .order_by(Membership.joined_at, Membership.id)))
    stay_ids = [s.id for s in stays]
    endorsements = db.session.execute(
        select(Endorsement, Statement).join(Statement, Statement.id == Endorsement.statement_id)
        .where(Endorsement.membership_id.in_(stay_ids)).order_by(Endorsement.created_at, Endorsement.id)).all()
    visits = list(db.session.scalars(
        select(Visit).where(or_(Visit.recorded_by_id == person.id, Visit.id.in_(
            select(visit_visitors.c.visit_id).where(visit_visitors.c.practitioner_id == person.id))))
        .order_by(Visit.date, Visit.id)))
    positions = list(db.session.scalars(select(Position).where(Position.practitioner_id == person.id)
                                        .order_by(Position.recorded_at, Position.id)))
    attendances = list(db.session.scalars(select(Attendance).where(Attendance.practitioner_id == person.id)
                                          .order_by(Attendance.id)))
    notifications = list(db.session.scalars(select(Notification).where(Notification.practitioner_id == person.id)
                                            .order_by(Notification.created_at, Notification.id)))
    tokens = list(db.session.scalars(select(ApiToken).where(ApiToken.practitioner_id == person.id)
                                     .order_by(ApiToken.created_at, ApiToken.id)))
    practice_records = list(db.session.scalars(select(PracticeRecord).where(
        PracticeRecord.practitioner_id == person.id).order_by(PracticeRecord.started, PracticeRecord.id)))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _time(clock.now()),
        "profile": {
            "id": person.id, "name": person.name, "email": person.email, "region": person.region,
            "practice": person.practice, "looking_for_group": person.looking_for_group,
            "registered_at": _time(person.created_at), "email_confirmed_at": _time(person.email_confirmed_at),
            "emails_received": {"invitations": person.mail_invitations, "links": person.mail_links,
                                "concerns": person.mail_concerns, "status": person.mail_status,
                                "lapses": person.mail_lapses, "positions": person.mail_positions},
        },
        "memberships": [{"group": _group(s.group), "joined_at": _time(s.joined_at),
                         "member_since": _time(s.member_since), "left_at": _time(s.left_at)} for s in stays],
        "stand_bys_given": _stand_bys(person, given=True),
        "stand_bys_received": _stand_bys(person, given=False),
        "endorsements": [{"group": _group(statement.group), "statement_id": statement.id,
                          "endorsed_at": _time(endorsement.created_at)} for endorsement, statement in endorsements],
        "visits": [{"date": _day(v.date), "visiting_group": _group(v.visiting_group),
                    "visited_group": _group(v.visited_group), "outcome": v.outcome,
                    "visitors": [p.name for p in v.visitors],
                    "recorded_by_me": v.recorded_by_id == person.id,
                    **({"note": v.note} if v.recorded_by_id == person.id else {})} for v in visits],
        "gatherings_attended": [{"date": _day(a.gathering.date), "place": a.gathering.place}
                                for a in attendances if a.attended],
        "positions": [{"proposal": p.proposal.title, "gathering": _day(p.gathering.date),
                       "position": p.position, "reason": p.reason, "recorded_at": _time(p.recorded_at)}
                      for p in positions],
        "notifications": [{"text": n.text, "created_at": _time(n.created_at), "read_at": _time(n.read_at)}
                          for n in notifications],
        "practice_records": [{"kind": r.kind, "started": _day(r.started), "ended": _day(r.ended),
                              "hours": r.minutes / 60, "sessions": r.sessions, "attester": r.attester.name,
                              "pathway": r.pathway, "note": r.note, "state": r.state,
                              "recorded_at": _time(r.created_at), "answered_at": _time(r.answered_at),
                              "withdrawn_at": _time(r.withdrawn_at)} for r in practice_records],
        "meetings": _meetings(person),
        "formats_written": _formats(person),
        "pathways_shown": sorted(db.session.scalars(select(ShownPathway.pathway).where(
            ShownPathway.practitioner_id == person.id))),
        "api_tokens": [{"label": t.label, "created_at": _time(t.created_at), "last_used_at": _time(t.last_used_at),
                        "revoked_at": _time(t.revoked_at)} for t in tokens],
    }

"""A realistic synthetic network written with bulk inserts (the demo's services are far too
slow for 100,000 groups). Only facts are written here; every group's cached status is then set
by the real recompute (ipn.services.evaluation.recompute_all), and the public timeline
(status_changes and their events) is written to agree with the statuses it derived.

The shape, for n groups: about 2% dissolved, 4% forming (fewer than five members, some joining,
stand-bys partly given), 1% that lost their standing-by through a withdrawn stand-by; the rest
are groups of five to seven members who all stand by each other, with a published statement (a
fifth with an earlier version). Those groups are linked in a ring, and every fourth also to the
group three places on (two or three active links each, no closed triangles); each link has a
visit each way, dated over the last 30 months, so about a fifth of validations have lapsed and
one in twenty raised concerns."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, insert, select, text, update
from werkzeug.security import generate_password_hash

from ipn import clock, rules
from ipn.extensions import db
from ipn.models import (
    Base,
    Event,
    Group,
    Link,
    Membership,
    Practitioner,
    StandBy,
    Statement,
    StatusChange,
    Visit,
    pair_key,
    visit_visitors,
)
from ipn.states import GroupStatus, LinkState, StatementState, VisitOutcome

CHUNK = 5_000
REGIONS = ("Bristol", "Leeds", "Glasgow", "Brighton", "Norwich", "Cardiff", "Manchester",
           "Newcastle", "Exeter", "Belfast", "Oxford", "Aberdeen")
FIRST = ("Willow", "Alder", "Rowan", "Hazel", "Birch", "Cedar", "Heather", "Bracken", "Meadow",
         "Harbour", "Quay", "Orchard", "Moor", "Riverside", "Canal", "Lantern", "Thursday", "Friday")
SECOND = ("Circle", "Practitioners", "Group", "Collective", "Gathering", "Network", "Round")
PEOPLE_FIRST = ("Ruth", "Tomasz", "Priya", "Aled", "Morag", "Kwame", "Sinead", "Ade", "Helen", "Jonas",
                "Fatima", "Owen", "Grace", "Ravi", "Isla", "Marek")
PEOPLE_LAST = ("Okafor", "Nowak", "Raman", "Jones", "Campbell", "Mensah", "Byrne", "Bello", "Shaw",
               "Lindqvist", "Hussain", "Price", "Taylor", "Patel", "Murray", "Kowalski")
STATEMENT = ("We are counsellors and psychotherapists who hold each other accountable for our work. "
             "We meet monthly; each of us brings our practice, our supervision and our doubts. "
             "We keep confidentiality, we refer on when a client needs what we cannot offer, and we "
             "answer any concern about one of us together, as a group.")
# Each statement says also how the group works: one way in twelve, by the group's id (the
# seeded draws of everything else stay as they were).
PRACTICES = (
    "Most of us work in the person-centred tradition.",
    "Several of us trained in gestalt therapy.",
    "We include psychodynamic and psychoanalytic practitioners.",
    "Some of us work with couples and families.",
    "Two of us work with children and young people.",
    "We bring body psychotherapy into our meetings.",
    "Some of us practise transactional analysis.",
    "We include art and music therapists.",
    "Several of us work in bereavement services.",
    "We also meet as a Balint group once a term.",
    "Some of us work online with clients abroad.",
    "Most of us work in primary care and the voluntary sector.",
)
# For the directory's search: a word of one way of working (in one statement in twelve, as
# a searcher's word is in some groups' statements, not in all), and a word of every statement.
SEARCH_WORD = "gestalt"
EVERY_STATEMENT_WORD = "supervision"


def statement_text(gid: int) -> str:
    return f"{STATEMENT} {PRACTICES[gid % len(PRACTICES)]}"


@dataclass
class Plan:
    """What was generated, for the measurements to pick their pages from."""

    groups: int = 0
    practitioners: int = 0
    rows: int = 0
    regions: tuple[str, ...] = REGIONS
    slugs: list[str] = field(default_factory=list)
    # Practitioners who are members of member-level groups (an accreditation to check).
    members: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # The last id used per kind of row ("event", "person", ...).
    ids: dict[str, int] = field(default_factory=dict)


def months_ago(now: dt.datetime, months: float) -> dt.datetime:
    return now - dt.timedelta(days=30.44 * months)


class Writer:
    """Rows by table, inserted in chunks of CHUNK through SQLAlchemy Core."""

    def __init__(self, conn: Connection, tick: Callable[[int], None]):
        self.conn, self.tick, self.rows = conn, tick, 0
        self.pending: dict[Table, list[dict]] = {}

    def add(self, table: Table, row: dict) -> None:
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Every pending row, parents before children (PostgreSQL checks foreign keys at once)."""
        for t in Base.metadata.sorted_tables:
            rows = self.pending.get(t)
            if rows:
                self.conn.execute(insert(t), rows)
                self.rows += len(rows)
                self.pending[t] = []

    def advance_sequences(self) -> None:
        """Ids were given explicitly; PostgreSQL's sequences must start after them, so that
        the services' own inserts (the measured change) get fresh ids."""
        if self.conn.dialect.name != "postgresql":
            return
        for t in Base.metadata.sorted_tables:
            if "id" in t.c and t.c.id.primary_key and t.c.id.autoincrement:
                self.conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {t.name}), false)"))


def generate(n: int, seed: int = 13, tick: Callable[[int], None] = lambda _: None) -> Plan:
    """Write a network of `n` groups into the (empty) database; `tick(k)` after each k groups."""
    rng = random.Random(seed)
    now = clock.now()
    password = generate_password_hash("bench-password-1", method="pbkdf2:sha256:1000")
    conn = db.session.connection()
    w = Writer(conn, tick)
    plan = Plan(groups=n)
    ids = {"person": 0, "stay": 0, "stand_by": 0, "statement": 0, "event": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def event(kind: str, at: dt.datetime, group_id: int | None, actor: int | None, **data) -> int:
        eid = next_id("event")
        w.add(Event.__table__, dict(id=eid, at=at, actor_id=actor, group_id=group_id, kind=kind, data=data))
        return eid

    kinds: list[str] = []
    members_of: dict[int, list[int]] = {}
    for gid in range(1, n + 1):
        roll = rng.random()
        kind = ("dissolved" if roll < 0.02 else "forming" if roll < 0.06 else
                "withdrawn" if roll < 0.07 else "member")
        kinds.append(kind)
        name = f"{FIRST[gid % len(FIRST)]} {SECOND[(gid // len(FIRST)) % len(SECOND)]} {gid}"
        region = REGIONS[gid % len(REGIONS)]
        founded = months_ago(now, rng.uniform(34, 60))
        dissolved = months_ago(now, rng.uniform(1, 30)) if kind == "dissolved" else None
        w.add(Group.__table__, dict(id=gid, slug=name.lower().replace(" ", "-"), name=name,
                                    name_key=name.casefold(), region=region,
                                    open_to_new_members=kind == "forming", founded_at=founded,
                                    dissolved_at=dissolved, status=GroupStatus.FORMING, version=0))
        size = rng.randint(3, 4) if kind == "forming" else rng.randint(5, 7)
        joining = 2 if kind == "forming" and rng.random() < 0.5 else 0
        stays = []
        for k in range(size + joining):
            pid = next_id("person")
            first, last = PEOPLE_FIRST[pid % 16], PEOPLE_LAST[(pid // 16) % 16]
            joined = founded + dt.timedelta(days=7 * k)
            w.add(Practitioner.__table__, dict(
                id=pid, email=f"p{pid}@bench.example.org", password_hash=password,
                name=f"{first} {last} {pid}", region=region, practice="", looking_for_group=False,
                created_at=joined - dt.timedelta(days=1), email_confirmed_at=joined))
            sid = next_id("stay")
            w.add(Membership.__table__, dict(
                id=sid, group_id=gid, practitioner_id=pid, joined_at=joined,
                member_since=joined + dt.timedelta(days=30) if k < size else None, left_at=dissolved))
            stays.append((sid, pid, joined, k < size))
            event("group_founded" if k == 0 else "invitation_accepted", joined, gid, pid)
        members_of[gid] = [pid for _, pid, _, member in stays if member]
        # Stand-bys: everyone by everyone in groups that stand by; about half the pairs in forming ones.
        withdrawn_pair = (stays[0][0], stays[1][0]) if kind == "withdrawn" else None
        for giver, _, g_joined, _ in stays:
            for receiver, _, r_joined, _ in stays:
                if giver == receiver or (kind == "forming" and rng.random() < 0.5):
                    continue
                at = max(g_joined, r_joined) + dt.timedelta(days=14)
                gone = months_ago(now, rng.uniform(1, 6)) if (giver, receiver) == withdrawn_pair else None
                w.add(StandBy.__table__, dict(id=next_id("stand_by"), group_id=gid, giver_id=giver,
                                              receiver_id=receiver, created_at=at, withdrawn_at=gone,
                                              withdrawal_reason="bench" if gone else None))
        founder = stays[0][1]
        if kind != "forming":
            published = founded + dt.timedelta(days=120)
            if rng.random() < 0.2:
                w.add(Statement.__table__, dict(
                    id=next_id("statement"), group_id=gid, text=STATEMENT[:180], state=StatementState.SUPERSEDED,
                    created_by_id=founder, created_at=published - dt.timedelta(days=10),
                    updated_at=published - dt.timedelta(days=10), published_at=published - dt.timedelta(days=9),
                    superseded_at=published))
            w.add(Statement.__table__, dict(
                id=next_id("statement"), group_id=gid, text=statement_text(gid), state=StatementState.PUBLISHED,
                created_by_id=founder, created_at=published - dt.timedelta(days=5),
                updated_at=published - dt.timedelta(days=5), published_at=published, superseded_at=None))
            event("statement_published", published, gid, founder)
        if gid % 1000 == 0:
            tick(1000)
    tick(n % 1000)
    plan.practitioners = ids["person"]

    # Links: a ring over the groups that stood by each other, and a chord from every fourth.
    ring = [gid for gid, kind in enumerate(kinds, start=1) if kind in ("member", "withdrawn")]
    pairs = [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))] if len(ring) > 3 else []
    pairs += [(ring[i], ring[(i + 3) % len(ring)]) for i in range(0, len(ring), 4)] if len(ring) > 7 else []
    link_id = visit_id = 0
    for a, b in pairs:
        link_id += 1
        accepted = months_ago(now, rng.uniform(24, 32))
        w.add(Link.__table__, dict(id=link_id, group_id=a, partner_id=b, state=LinkState.ACTIVE,
                                   live_key=pair_key(a, b), proposed_by_id=members_of[a][0],
                                   proposed_at=accepted - dt.timedelta(days=10), answered_by_id=members_of[b][0],
                                   answered_at=accepted))
        event("link_accepted", accepted, b, members_of[b][0], link_id=link_id)
        for visiting, visited in ((a, b), (b, a)):
            visit_id += 1
            day = (now - dt.timedelta(days=rng.uniform(0, 30 * 30.44))).date()
            outcome = VisitOutcome.CONCERNS if rng.random() < 0.05 else VisitOutcome.VALIDATED
            recorder = members_of[visiting][0]
            w.add(Visit.__table__, dict(id=visit_id, link_id=link_id, visiting_group_id=visiting,
                                        visited_group_id=visited, date=day, outcome=outcome, note="",
                                        recorded_by_id=recorder, recorded_at=clock.start_of_day(day)))
            w.add(visit_visitors, dict(visit_id=visit_id, practitioner_id=recorder))
            event("visit_recorded", clock.start_of_day(day), visited, recorder, link_id=link_id)
    # Links that dissolved groups once had, ended at their dissolution.
    dissolved = [gid for gid, kind in enumerate(kinds, start=1) if kind == "dissolved"]
    for gid in dissolved:
        if not ring:
            break
        link_id += 1
        partner = ring[gid % len(ring)]
        w.add(Link.__table__, dict(id=link_id, group_id=gid, partner_id=partner, state=LinkState.ENDED,
                                   live_key=None, proposed_by_id=members_of[gid][0],
                                   proposed_at=months_ago(now, 40), answered_by_id=members_of[partner][0],
                                   answered_at=months_ago(now, 39), ended_at=months_ago(now, 1),
                                   end_reason="the group dissolved"))
    w.flush()
    w.advance_sequences()
    plan.rows = w.rows
    plan.slugs = [f"{FIRST[g % len(FIRST)]} {SECOND[(g // len(FIRST)) % len(SECOND)]} {g}".lower().replace(" ", "-")
                  for g in ring[:50]]
    plan.members = [members_of[g][0] for g in ring[:50]]
    plan.kinds = kinds
    plan.ids = ids
    return plan


def set_statuses(plan: Plan, derived: dict[int, rules.Assessment]) -> dict[str, int]:
    """Cache every group's derived status (as `ipn reevaluate --all` would correct it) and write
    the public timeline that leads to it: forming at founding, then member, full member, a lapse
    or a withdrawal back, or dissolution. Returns how many groups have each status."""
    now = clock.now()
    conn = db.session.connection()
    w = Writer(conn, lambda _: None)
    counts: dict[str, int] = {}
    eid = plan.ids["event"]
    founded = dict(conn.execute(select(Group.id, Group.founded_at)).all())
    dissolved_at = dict(conn.execute(select(Group.id, Group.dissolved_at).where(Group.dissolved_at.is_not(None))).all())
    published = dict(conn.execute(select(Statement.group_id, Statement.published_at)
                                  .where(Statement.state == StatementState.PUBLISHED)).all())
    withdrawn = dict(conn.execute(select(StandBy.group_id, StandBy.withdrawn_at)
                                  .where(StandBy.withdrawn_at.is_not(None))).all())
    sc_id = 0
    by_status: dict[tuple[str, dt.date | None], list[int]] = {}
    for gid, assessment in derived.items():
        status = GroupStatus(assessment.status)
        counts[str(status)] = counts.get(str(status), 0) + 1
        by_status.setdefault((status, assessment.until), []).append(gid)
        steps = [(None, GroupStatus.FORMING, founded[gid], "founded")]
        if gid in published:
            steps.append((GroupStatus.FORMING, GroupStatus.MEMBER, published[gid], "its statement was published"))
            full_at = max(published[gid], months_ago(now, 30)) + dt.timedelta(days=30)
            if status == GroupStatus.FULL_MEMBER:
                steps.append((GroupStatus.MEMBER, GroupStatus.FULL_MEMBER, full_at, "its second validation"))
            elif status == GroupStatus.MEMBER:
                steps.append((GroupStatus.MEMBER, GroupStatus.FULL_MEMBER, full_at, "its second validation"))
                steps.append((GroupStatus.FULL_MEMBER, GroupStatus.MEMBER, months_ago(now, 2), "a validation lapsed"))
            elif status == GroupStatus.FORMING and gid in withdrawn:
                steps.append((GroupStatus.MEMBER, GroupStatus.FORMING, withdrawn[gid], "a stand-by was withdrawn"))
        if status == GroupStatus.DISSOLVED:
            steps.append((steps[-1][1], GroupStatus.DISSOLVED, dissolved_at[gid], "its members agreed"))
        for previous, new, at, cause in steps:
            eid += 1
            sc_id += 1
            w.add(Event.__table__, dict(id=eid, at=at, actor_id=None, group_id=gid, kind="status_changed", data={}))
            w.add(StatusChange.__table__, dict(id=sc_id, group_id=gid, status=new, previous=previous,
                                               effective_at=at, effective_on=clock.local_date(at), recorded_at=at,
                                               cause=cause, event_id=eid))
    w.flush()
    w.advance_sequences()
    for (status, until), gids in by_status.items():
        for start in range(0, len(gids), 900):  # under SQLite's limit of bound parameters
            conn.execute(update(Group).where(Group.id.in_(gids[start:start + 900]))
                         .values(status=status, status_until=until))
    return counts

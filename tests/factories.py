"""Building networks through the real services, for tests (and nothing else).

Call these inside an app context; they flush but the caller commits."""

from __future__ import annotations

import datetime as dt
import itertools

from ipn import clock
from ipn.bench import network
from ipn.extensions import db
from ipn.models import Group, Practitioner
from ipn.services import (
    accounts,
    evaluation,
    groups,
    invitations,
    links,
    rulebook,
    stand_bys,
    statements,
)

PASSWORD = "a long enough passphrase"
_serial = itertools.count(1)


def person(name: str | None = None, region: str = "Bristol", **extra) -> Practitioner:
    n = next(_serial)
    return accounts.register(email=f"p{n}-{dt.datetime.now().timestamp():.0f}@example.org",
                             password=PASSWORD, name=name or f"Practitioner {n}", region=region,
                             **{"confirmed": True, **extra})


def join(group: Group, inviter: Practitioner, newcomer: Practitioner) -> None:
    invitation = invitations.invite(inviter, group, newcomer)
    invitations.accept_invitation(newcomer, invitation)


def stand_by_all(group: Group, people: list[Practitioner]) -> None:
    for giver in people:
        for receiver in people:
            if giver.id != receiver.id and not _stands_by(group, giver, receiver):
                stand_bys.stand_by(giver, group, receiver)


def _stands_by(group: Group, giver: Practitioner, receiver: Practitioner) -> bool:
    giver_stay, receiver_stay = groups.stay_of(group, giver), groups.stay_of(group, receiver)
    return stand_bys._live_stand_by(giver_stay, receiver_stay) is not None


def forming_group(name: str, size: int = 5, region: str = "Bristol") -> tuple[Group, list[Practitioner]]:
    """A group of `size` people who all stand by each other, with no statement yet."""
    people = [person(f"{name} Person {i + 1}", region) for i in range(size)]
    group = groups.found_group(people[0], name, region)
    for newcomer in people[1:]:
        join(group, people[0], newcomer)
        stand_by_all(group, [people[0], newcomer])
    stand_by_all(group, people)
    return group, people


def publish_statement(group: Group, people: list[Practitioner], text: str | None = None) -> None:
    draft = statements.draft_statement(people[0], group, text or f"# {group.name}\n\nWe hold each other to account.")
    for member in people:
        if groups.stay_of(group, member) and groups.stay_of(group, member).member_since:
            statements.endorse(member, draft)


def member_group(name: str, size: int = 5, region: str = "Bristol") -> tuple[Group, list[Practitioner]]:
    group, people = forming_group(name, size, region)
    publish_statement(group, people)
    assert group.status == "member", group.status
    return group, people


def link(a: tuple[Group, list[Practitioner]], b: tuple[Group, list[Practitioner]]):
    proposed = links.propose_link(a[1][0], a[0], b[0])
    return links.accept_link(b[1][0], proposed)


def validate(link_, visitor_group: tuple[Group, list[Practitioner]], visited: Group,
             on: dt.date | None = None, outcome: str = "validated"):
    return links.record_visit(visitor_group[1][0], link_, visited, on or clock.today(), outcome)


def reload(obj):
    db.session.refresh(obj)
    return obj


def bench_network(size: int) -> network.Plan:
    """The bench's synthetic network of `size` groups (ipn.bench.network), every status set as
    `ipn reevaluate --all` derives it."""
    rulebook.ensure_founding()
    plan = network.generate(size)
    db.session.commit()
    network.set_statuses(plan, evaluation.recompute_all())
    db.session.commit()
    return plan

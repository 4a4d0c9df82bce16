"""The database itself refuses what the network's rules forbid, on SQLite and PostgreSQL.

Rows are inserted straight through the models, past every service and form, as a race or
a bug would. Each refusal is an IntegrityError after which the session rolls back and goes on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipn.models import (
    Group,
    Link,
    Membership,
    Practitioner,
    StandBy,
    Statement,
    name_key,
    pair_key,
)

NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def session(database_url) -> Iterator[Session]:
    """A plain SQLAlchemy session on the test database (its schema built from the models)."""
    engine = create_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def refused(session: Session, row) -> None:
    """Assert that the database refuses `row`, then roll back so that the session goes on."""
    session.add(row)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def add(session: Session, row):
    session.add(row)
    session.commit()
    return row


def person(session: Session, email: str) -> Practitioner:
    return add(session, Practitioner(email=email, password_hash="-", name=email.split("@")[0]))


def group(session: Session, name: str) -> Group:
    return add(session, Group(slug=name_key(name).replace(" ", "-"), name=name, name_key=name_key(name)))


def test_email_is_stored_lower_case_and_unique_in_any_case(session):
    person(session, "ada@example.org")
    refused(session, Practitioner(email="Ada@Example.org", password_hash="-", name="Ada"))
    refused(session, Practitioner(email="ada@example.org", password_hash="-", name="Ada again"))
    person(session, "grace@example.org")
    assert session.scalar(select(func.count()).select_from(Practitioner)) == 2


def test_group_names_are_unique_in_any_case_and_spacing(session):
    group(session, "Open Circle")
    refused(session, Group(slug="open-circle-2", name="open  CIRCLE", name_key=name_key("open  CIRCLE")))
    group(session, "Open Circle North")


def test_one_live_link_per_pair_in_either_order(session):
    a, b, c = group(session, "A"), group(session, "B"), group(session, "C")
    p = person(session, "p@example.org")
    add(session, Link(group_id=a.id, partner_id=b.id, state="proposed", live_key=pair_key(a.id, b.id),
                      proposed_by_id=p.id))
    refused(session, Link(group_id=b.id, partner_id=a.id, state="active", live_key=pair_key(b.id, a.id),
                          proposed_by_id=p.id))
    # A link no longer live leaves the pair free; another pair is free anyway.
    add(session, Link(group_id=b.id, partner_id=a.id, state="ended", live_key=None, proposed_by_id=p.id))
    add(session, Link(group_id=a.id, partner_id=c.id, state="active", live_key=pair_key(a.id, c.id),
                      proposed_by_id=p.id))


def test_live_key_is_set_exactly_while_the_link_is_live(session):
    a, b = group(session, "A"), group(session, "B")
    p = person(session, "p@example.org")
    refused(session, Link(group_id=a.id, partner_id=b.id, state="proposed", live_key=None, proposed_by_id=p.id))
    refused(session, Link(group_id=a.id, partner_id=b.id, state="ended", live_key=pair_key(a.id, b.id),
                          proposed_by_id=p.id))
    add(session, Link(group_id=a.id, partner_id=b.id, state="declined", live_key=None, proposed_by_id=p.id))


def test_no_link_of_a_group_with_itself(session):
    a = group(session, "A")
    p = person(session, "p@example.org")
    refused(session, Link(group_id=a.id, partner_id=a.id, state="proposed", live_key=pair_key(a.id, a.id),
                          proposed_by_id=p.id))
    assert session.scalar(select(func.count()).select_from(Link)) == 0


def test_no_one_stands_by_themselves(session):
    g = group(session, "A")
    ada = add(session, Membership(group_id=g.id, practitioner_id=person(session, "ada@example.org").id))
    bob = add(session, Membership(group_id=g.id, practitioner_id=person(session, "bob@example.org").id))
    refused(session, StandBy(group_id=g.id, giver_id=ada.id, receiver_id=ada.id))
    add(session, StandBy(group_id=g.id, giver_id=ada.id, receiver_id=bob.id))


def test_one_current_membership_per_person_and_group(session):
    g, ada = group(session, "A"), person(session, "ada@example.org")
    add(session, Membership(group_id=g.id, practitioner_id=ada.id, left_at=NOW))
    add(session, Membership(group_id=g.id, practitioner_id=ada.id))  # invited again after leaving
    refused(session, Membership(group_id=g.id, practitioner_id=ada.id))
    add(session, Membership(group_id=group(session, "B").id, practitioner_id=ada.id))


def test_one_draft_and_one_published_statement_per_group(session):
    g, ada = group(session, "A"), person(session, "ada@example.org")

    def statement(state: str) -> Statement:
        return Statement(group_id=g.id, text=f"We {state}.", state=state, created_by_id=ada.id)

    add(session, statement("draft"))
    add(session, statement("published"))
    refused(session, statement("draft"))
    refused(session, statement("published"))
    add(session, statement("superseded"))
    add(session, statement("superseded"))

"""The rules in force by date (SPEC R16): the one place the rules for a day come from.

The first rule version is the founding one, written once from the IPN_NETWORK_* settings the
first time the registry needs its rules (the first request, command or demo step on a new
database); from then on configuration is never read for rules again. Every later version is
put in force by a ratified proposal and carries every rule's value from its day on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app, g
from sqlalchemy import select

from ipn import clock, governance_rules, rules
from ipn.extensions import db
from ipn.models import Proposal, RuleVersion
from ipn.services import events

CACHE = "ipn_rule_versions"


@dataclass(frozen=True)
class InForce:
    """One version as callers see it: its rules, since when, and what put it in force."""

    id: int
    since: dt.date
    settings: rules.Settings
    proposal_id: int | None
    applied: bool = True  # whether the network has been re-evaluated under it


def ensure_founding() -> RuleVersion | None:
    """Write the founding rules from configuration if there are none yet (flushed; the caller
    commits). Returns the new row, or None when the registry already has its rules."""
    if db.session.scalar(select(RuleVersion.id).limit(1)) is not None:
        return None
    founding = rules.Settings.from_config(current_app.config)
    row = RuleVersion(in_force_since=clock.today(), rules=founding.as_dict(), founding=True,
                      applied_at=clock.now())
    db.session.add(row)
    db.session.flush()
    forget()
    return row


def forget() -> None:
    """Drop this context's cache of versions (after a new one is written)."""
    g.pop(CACHE, None)


def versions() -> list[InForce]:
    """Every version, oldest first; read once per request (or app context), and kept in the
    process until the network changes (a new version changes it), except while this request
    has written something not yet committed."""
    from ipn.services import generation

    cached = g.get(CACHE)
    if cached is None:
        cached = generation.kept(("rule_versions",), _read_versions)
        g.setdefault(CACHE, cached)
    return cached


def _read_versions() -> list[InForce]:
    rows = list(db.session.scalars(select(RuleVersion).order_by(RuleVersion.in_force_since, RuleVersion.id)))
    if not rows:
        ensure_founding()
        rows = list(db.session.scalars(select(RuleVersion).order_by(RuleVersion.in_force_since, RuleVersion.id)))
    return [InForce(r.id, r.in_force_since, rules.Settings.from_dict(r.rules), r.proposal_id,
                    r.applied_at is not None) for r in rows]


def version_on(day: dt.date | None = None) -> InForce:
    """The version in force on `day` (today by default). Before the founding day, the founding
    rules: they are the rules the registry has always known."""
    day = day or clock.today()
    every = versions()
    current = every[0]
    for version in every:
        if version.since <= day:
            current = version
    return current


def settings_on(day: dt.date | None = None) -> rules.Settings:
    """The rules in force on `day` (today by default): THE source of rules.Settings."""
    return version_on(day).settings


def history() -> list[InForce]:
    """Every version, newest first."""
    return list(reversed(versions()))


def put_in_force(proposal: Proposal, since: dt.date) -> RuleVersion:
    """A ratified proposal's changes become the rules from `since`; the network is
    re-evaluated at once when that day has come (else by the first request of that day)."""
    existing = db.session.scalar(select(RuleVersion).where(RuleVersion.proposal_id == proposal.id))
    if existing is not None:
        return existing
    new_rules = settings_on(since).changed(proposal.changes)
    row = RuleVersion(in_force_since=since, rules=new_rules.as_dict(), proposal_id=proposal.id)
    db.session.add(row)
    db.session.flush()
    forget()
    if since <= clock.today():
        apply(row)
    return row


def pending(today: dt.date | None = None) -> list[RuleVersion]:
    today = today or clock.today()
    return list(db.session.scalars(
        select(RuleVersion).where(RuleVersion.applied_at.is_(None), RuleVersion.in_force_since <= today)
        .order_by(RuleVersion.in_force_since, RuleVersion.id)))


def cause_of(version: RuleVersion) -> str:
    proposal = version.proposal
    if proposal is None:
        return "the founding rules"
    changes = governance_rules.describe_changes(proposal.changes)
    return f"the proposal “{proposal.title}” took effect ({changes})"


def apply(version: RuleVersion) -> int:
    """Re-evaluate the whole network under a version that has taken effect, every change
    recorded with its proposal as the cause; returns how many statuses changed."""
    from ipn.services.evaluation import reevaluate_network

    event = events.record("rules_changed", proposal_id=version.proposal_id, version_id=version.id,
                          in_force_since=version.in_force_since.isoformat())
    on = None if version.in_force_since >= clock.today() else version.in_force_since
    changed = len(reevaluate_network(cause_of(version), event, on=on))
    version.applied_at = clock.now()
    db.session.flush()
    forget()
    return changed


def catch_up(today: dt.date | None = None) -> int:
    """Apply every version whose day has come and that the network has not been re-evaluated
    under yet (the first request of a day, or `ipn rules apply`)."""
    return sum(apply(version) for version in pending(today))


def changes_due(today: dt.date) -> bool:
    """Whether a rule version whose day has come is not yet applied (from the versions read
    once per request, so that an ordinary request asks the database once for its rules)."""
    return any(not v.applied and v.since <= today for v in versions())


class Change(NamedTuple):
    rule: str
    before: object
    after: object


def history_with_changes() -> list[tuple[InForce, list[Change]]]:
    """Every version, newest first, each with the rules it changed from the one before."""
    every = history()
    result = []
    for newer, older in zip(every, every[1:] + [None]):
        if older is None:
            result.append((newer, []))
            continue
        before, after = older.settings.as_dict(), newer.settings.as_dict()
        result.append((newer, [Change(name, before.get(name), after[name]) for name in after
                               if before.get(name) != after[name]]))
    return result


"""Every model, imported here so that Alembic's autogenerate sees every table."""

from ipn.models.base import Base, utcnow
from ipn.models.concern import Concern, ConcernGroup, ConcernResponse
from ipn.models.event import Event, Notification, Place, StatusChange
from ipn.models.gathering import Attendance, Gathering, NetcomIssue
from ipn.models.group import (
    DissolutionAgreement,
    Group,
    Invitation,
    Membership,
    StandBy,
    name_key,
)
from ipn.models.link import Link, Visit, pair_key, visit_visitors
from ipn.models.mail import AccountToken, DailyRun, OutboxMessage
from ipn.models.practice import PracticeRecord, ShownPathway
from ipn.models.practitioner import ApiToken, Practitioner, normalise_email
from ipn.models.proposal import Position, Proposal, RuleVersion
from ipn.models.statement import Endorsement, Statement

__all__ = [
    "AccountToken",
    "ApiToken",
    "Attendance",
    "Base",
    "Concern",
    "ConcernGroup",
    "ConcernResponse",
    "DailyRun",
    "DissolutionAgreement",
    "Endorsement",
    "Event",
    "Gathering",
    "Group",
    "Invitation",
    "Link",
    "Membership",
    "NetcomIssue",
    "Notification",
    "Place",
    "Position",
    "OutboxMessage",
    "PracticeRecord",
    "Practitioner",
    "Proposal",
    "RuleVersion",
    "ShownPathway",
    "StandBy",
    "Statement",
    "StatusChange",
    "Visit",
    "name_key",
    "normalise_email",
    "pair_key",
    "utcnow",
    "visit_visitors",
]

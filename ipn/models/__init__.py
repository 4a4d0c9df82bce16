"""Every model, imported here so that Alembic's autogenerate sees every table."""

from ipn.models.base import Base, utcnow
from ipn.models.concern import Concern, ConcernGroup, ConcernResponse
from ipn.models.event import Event, Notification, StatusChange
from ipn.models.gathering import Gathering
from ipn.models.group import (
    GROUP_STATUSES,
    DissolutionAgreement,
    Group,
    Invitation,
    Membership,
    StandBy,
    name_key,
)
from ipn.models.link import LIVE_LINK_STATES, Link, Visit, pair_key, visit_visitors
from ipn.models.mail import AccountToken, DailyRun, OutboxMessage
from ipn.models.practitioner import ApiToken, Practitioner, normalise_email
from ipn.models.statement import Endorsement, Statement

__all__ = [
    "GROUP_STATUSES",
    "LIVE_LINK_STATES",
    "AccountToken",
    "ApiToken",
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
    "Notification",
    "OutboxMessage",
    "Practitioner",
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

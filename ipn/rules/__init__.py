"""The network's rules (SPEC.md R5-R12), as pure functions over plain data.

No session, no request: services load the facts, call these, and store what follows.
A reader asking "why is this group not a full member group" starts here:

- settings.py: the network's numbers (SPEC "The protocol");
- validation.py: whether a validation counts, until when, and when it lapses (R10);
- standing.py: members, stand-bys, the statement, and `settle`, which says what follows
  from a group's facts (promotions, publication, status);
- full_membership.py: full membership and the triangle rule on the networkx graph (R11).

The states themselves are named once, in ipn.states.
"""

from ipn.rules.facts import (
    RULE_TITLES,
    Assessment,
    Criterion,
    EveryPair,
    GroupFacts,
    Person,
    Standing,
)
from ipn.rules.full_membership import (
    FullMembership,
    edge_validation,
    full_members,
    full_membership,
    full_membership_met,
    linked,
    valid_validators,
    widening_set,
)
from ipn.rules.settings import Settings
from ipn.rules.standing import (
    Settlement,
    assess,
    draft_publishable,
    is_member_level,
    member_criteria,
    members_criterion,
    missing_stand_bys,
    promotable,
    settle,
    stand_bys_criterion,
    standing_by_accomplished,
    standing_of,
    statement_criterion,
    status_of,
    statuses_of,
)
from ipn.rules.validation import Validation, add_months, validation, validation_last_day

__all__ = [
    "RULE_TITLES", "Assessment", "Criterion", "EveryPair", "FullMembership", "GroupFacts", "Person", "Settings",
    "Settlement", "Standing", "Validation", "add_months", "assess", "draft_publishable", "edge_validation",
    "full_members", "full_membership", "full_membership_met", "is_member_level", "linked", "member_criteria",
    "members_criterion", "missing_stand_bys", "promotable", "settle", "stand_bys_criterion",
    "standing_by_accomplished", "standing_of", "statement_criterion", "status_of", "statuses_of",
    "valid_validators", "validation", "validation_last_day", "widening_set",
]

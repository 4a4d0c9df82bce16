"""Every state a fact or a status can be in, named once.

The stored values are these enums' values; the models' CHECK constraints, the pages' labels,
sort orders and the API's enums all come from here. Pure: no session, no request.
"""

from __future__ import annotations

from enum import StrEnum


def allowed(column: str, states: type[StrEnum] | tuple[StrEnum, ...]) -> str:
    """The SQL of a CHECK that `column` holds one of `states`: "state IN ('a', 'b')"."""
    return f"{column} IN ({', '.join(repr(str(s)) for s in states)})"


class GroupStatus(StrEnum):
    """A group's derived status (SPEC R2, R8, R11, R13); never edited, only re-derived."""

    FORMING = "forming"
    MEMBER = "member"
    FULL_MEMBER = "full_member"
    DISSOLVED = "dissolved"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def became(self) -> str:
        """The change into this status, as a timeline says it: "became a member group"."""
        return _STATUS_BECAME[self]

    @property
    def member_level(self) -> bool:
        """A member or full member group: may link, and its validations count (R9, R11)."""
        return self in (GroupStatus.MEMBER, GroupStatus.FULL_MEMBER)

    @property
    def rank(self) -> int:
        """Sort order for lists and the map: full member groups first, dissolved last."""
        return _STATUS_RANK[self]


_STATUS_LABELS = {
    GroupStatus.FORMING: "Forming",
    GroupStatus.MEMBER: "Member group",
    GroupStatus.FULL_MEMBER: "Full member group",
    GroupStatus.DISSOLVED: "Dissolved",
}
_STATUS_BECAME = {
    GroupStatus.FORMING: "became forming",
    GroupStatus.MEMBER: "became a member group",
    GroupStatus.FULL_MEMBER: "became a full member group",
    GroupStatus.DISSOLVED: "dissolved",
}
_STATUS_RANK = {GroupStatus.FULL_MEMBER: 0, GroupStatus.MEMBER: 1, GroupStatus.FORMING: 2,
                GroupStatus.DISSOLVED: 3}
MEMBER_LEVEL = frozenset({GroupStatus.MEMBER, GroupStatus.FULL_MEMBER})


class MembershipState(StrEnum):
    """One stay of a person in a group (R5): joining until they and every member stand by each other."""

    JOINING = "joining"
    MEMBER = "member"
    LEFT = "left"


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class LinkState(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


# A live link is proposed or active: at most one per pair of groups (R9).
LIVE_LINK_STATES = (LinkState.PROPOSED, LinkState.ACTIVE)


class VisitOutcome(StrEnum):
    """What a visit says of the visited group (R10): a validation, or a challenge."""

    VALIDATED = "validated"
    CONCERNS = "concerns"


class ValidationState(StrEnum):
    """How a partner's latest visit stands today (R10), derived by ipn.rules.validation."""

    NONE = "none"          # no visit recorded yet
    VALID = "valid"        # validated, and it counts today
    LAPSED = "lapsed"      # validated, but more than the validation period ago
    CONCERNS = "concerns"  # the latest visit raised concerns: not a validation


class StatementState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class ConcernState(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    ESCALATED = "escalated"
    CLOSED = "closed"


class PracticeKind(StrEnum):
    """What a practice record is of (SPEC R19). Never a client: only the practitioner's own
    experience, in hours or sessions."""

    BALINT_PARTICIPATION = "balint_participation"
    SUPERVISED_LEADING = "supervised_leading"
    LEADERSHIP_SEMINAR = "leadership_seminar"
    COCOUNSELLING_TRAINING = "cocounselling_training"
    INTERVISION_GROUP = "intervision_group"
    THEORY_COURSE = "theory_course"
    OWN_THERAPY = "own_therapy"
    # Held before the registry kept records: recognised by an accountable practitioner.
    PRIOR_ACCREDITATION = "prior_accreditation"

    @property
    def label(self) -> str:
        return _PRACTICE_LABELS[self]


_PRACTICE_LABELS = {
    PracticeKind.BALINT_PARTICIPATION: "Participation in a Balint group",
    PracticeKind.SUPERVISED_LEADING: "Leading a group under supervision",
    PracticeKind.LEADERSHIP_SEMINAR: "Leadership seminars",
    PracticeKind.COCOUNSELLING_TRAINING: "Co-counselling training",
    PracticeKind.INTERVISION_GROUP: "An intervision group",
    PracticeKind.THEORY_COURSE: "A theory course",
    PracticeKind.OWN_THERAPY: "Sessions of one's own therapy",
    PracticeKind.PRIOR_ACCREDITATION: "Accredited before these records were kept",
}


class PracticeState(StrEnum):
    """A practice record waits for its attester, who confirms or declines it; an attester may
    later withdraw a confirmation, which undoes it from that day on (R19)."""

    AWAITING = "awaiting"
    ATTESTED = "attested"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

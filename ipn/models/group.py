"""Groups and the facts about who is in them: memberships (with their history),
invitations, stand-bys and agreements to dissolve. Group.status is a cache that
only re-evaluation (ipn.services.evaluation) writes; the rules derive it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipn.models.base import AwareDateTime, Base, created_at, intpk
from ipn.states import GroupStatus, InvitationState, MembershipState, allowed

if TYPE_CHECKING:
    from ipn.models.practitioner import Practitioner


def name_key(name: str) -> str:
    """The form of a group name that must be unique: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def _skeleton_of_name(context) -> str:
    from ipn.services.names import skeleton_key

    return skeleton_key(context.get_current_parameters()["name"])


class Group(Base):
    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint(allowed("status", GroupStatus), name="status_known"),
    )

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), unique=True)
    # The name's confusable skeleton (ipn.services.names): no two groups' names look alike.
    skeleton_key: Mapped[str] = mapped_column(String(300), unique=True, default=_skeleton_of_name)
    region: Mapped[str] = mapped_column(String(80), default="", server_default="")
    open_to_new_members: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The group chose to show publicly how often it meets and the month it last met (R18).
    shows_rhythm: Mapped[bool] = mapped_column(default=False, server_default=false())
    founded_at: Mapped[created_at]
    dissolved_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    # A cache of the derived status, written only by re-evaluation; see ipn.rules.
    status: Mapped[GroupStatus] = mapped_column(
        String(20), default=GroupStatus.FORMING, server_default=GroupStatus.FORMING.value, index=True)
    # The last day on which the cached status holds if no fact changes (a validation lapses the
    # day after); None when only a new fact can change it.
    status_until: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    # Bumped by every change to who is in the group; the UPDATE doubles as the row lock that
    # keeps the member cap under concurrent acceptances (see services.groups.lock_group).
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", order_by="Membership.joined_at"
    )

    def __repr__(self) -> str:
        return f"<Group {self.slug} {self.status}>"


class Membership(Base):
    """One stay of a practitioner in a group. Joining while member_since is None."""

    __tablename__ = "memberships"
    __table_args__ = (
        # One current stay per person and group.
        Index(
            "uq_memberships_current",
            "group_id",
            "practitioner_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    joined_at: Mapped[created_at]
    member_since: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    left_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    group: Mapped[Group] = relationship(back_populates="memberships")
    practitioner: Mapped[Practitioner] = relationship(
        back_populates="memberships", foreign_keys=[practitioner_id]
    )

    @property
    def state(self) -> MembershipState:
        if self.left_at is not None:
            return MembershipState.LEFT
        return MembershipState.MEMBER if self.member_since is not None else MembershipState.JOINING


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(allowed("state", InvitationState), name="state_known"),
        Index(
            "uq_invitations_pending",
            "group_id",
            "practitioner_id",
            unique=True,
            sqlite_where=text(f"state = '{InvitationState.PENDING}'"),
            postgresql_where=text(f"state = '{InvitationState.PENDING}'"),
        ),
    )

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    state: Mapped[str] = mapped_column(String(20), default=InvitationState.PENDING,
                                       server_default=InvitationState.PENDING.value)
    created_at: Mapped[created_at]
    answered_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())

    group: Mapped[Group] = relationship()
    practitioner: Mapped[Practitioner] = relationship(foreign_keys=[practitioner_id])
    invited_by: Mapped[Practitioner] = relationship(foreign_keys=[invited_by_id])


class StandBy(Base):
    """A directed fact: the giver stands by the receiver, within one stay of each in the group.

    Tied to memberships, not people, so that leaving ends it and someone invited again starts
    afresh. A withdrawal keeps the row (with its private reason); restoring adds a new row."""

    __tablename__ = "stand_bys"
    __table_args__ = (
        CheckConstraint("giver_id <> receiver_id", name="not_oneself"),
        Index(
            "uq_stand_bys_live",
            "giver_id",
            "receiver_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        # Every group's live stand-bys counted from the index alone (ipn reevaluate --all).
        Index(
            "ix_stand_bys_live_by_group",
            "group_id",
            "giver_id",
            "receiver_id",
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    created_at: Mapped[created_at]
    withdrawn_at: Mapped[Optional[dt.datetime]] = mapped_column(AwareDateTime())
    # Private: only the group's members can read it.
    withdrawal_reason: Mapped[Optional[str]] = mapped_column(Text)

    giver: Mapped[Membership] = relationship(foreign_keys=[giver_id])
    receiver: Mapped[Membership] = relationship(foreign_keys=[receiver_id])


class DissolutionAgreement(Base):
    """A member agrees to dissolve the group; it lapses when that stay ends."""

    __tablename__ = "dissolution_agreements"

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), unique=True)
    agreed_at: Mapped[created_at]

    membership: Mapped[Membership] = relationship()

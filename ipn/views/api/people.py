"""Practitioners, API tokens, one's own account, and answering invitations."""

from __future__ import annotations

from flask import current_app, g, request

from ipn.extensions import limiter
from ipn.models import Invitation, Practitioner
from ipn.services import (
    accounts,
    email_accounts,
    history,
    invitations,
    notifications,
    practice,
)
from ipn.views.actions import perform
from ipn.views.api import get_or_404, paged
from ipn.views.api.models import (
    AccreditationOut,
    AccreditationQuery,
    InvitationAnswer,
    Marked,
    NotificationOut,
    OwnPractitioner,
    PractitionerOut,
    ProfileIn,
    Registration,
    ShownPathwayOut,
    TokenOut,
    TokenRequest,
    iso,
)
from ipn.views.api.spec import Page, Paging, operation
from ipn.views.bearer import Unauthorized, caller
from ipn.views.limits import failed_login_limited


def _json_email():
    data = request.get_json(silent=True, force=True)
    return data.get("email") if isinstance(data, dict) else None


register_limited = limiter.limit(
    lambda: current_app.config["RATE_LIMIT_REGISTER"],
    error_message="There have been many registrations from your connection in a short time. "
                  "Please wait a few minutes and try again.")
token_limited = limiter.limit(
    lambda: current_app.config["RATE_LIMIT_LOGIN"],
    error_message="There have been many token requests from your connection. Please wait a few minutes and try again.")


@operation("/practitioners", "POST", body=Registration, answer=OwnPractitioner, status=201,
           errors=(409, 422, 429), tag="people", outer=(register_limited,))
def register(data: Registration):
    """Register as a practitioner (SPEC R1); a link to confirm the address is sent."""
    person = perform(email_accounts.register, email=data.email, password=data.password, name=data.name,
                     region=data.region, practice=data.practice, looking_for_group=data.looking_for_group)
    return OwnPractitioner.of(person)


@operation("/tokens", "POST", body=TokenRequest, answer=TokenOut, status=201, errors=(401, 422, 429),
           tag="people", outer=(token_limited, failed_login_limited(_json_email)))
def create_token(data: TokenRequest):
    """Exchange an email and password for a bearer token (shown once; only its hash is kept)."""
    person = accounts.authenticate(data.email, data.password)
    if person is None:
        g.login_failed = True  # counted against the account (ipn.views.limits)
        raise Unauthorized("That email address and password do not match an account here.",
                           code="invalid_credentials")
    return TokenOut(token=perform(accounts.create_token, person, data.label or "API"))


@operation("/me", answer=OwnPractitioner, token=True, tag="people")
def whoami():
    """One's own account: the public view plus email and pending invitations."""
    return OwnPractitioner.of(caller())


@operation("/practitioners/<int:practitioner_id>", answer=PractitionerOut, tag="people")
def practitioner(practitioner_id: int):
    """A practitioner's public page: name, practice, groups and whether accredited today."""
    return PractitionerOut.of(get_or_404(Practitioner, practitioner_id, "practitioner"))


@operation("/practitioners/<int:practitioner_id>/accreditation", query=AccreditationQuery,
           answer=AccreditationOut, errors=(422,), tag="people")
def accreditation(practitioner_id: int, query: AccreditationQuery):
    """Whether the practitioner was accredited at the end of a day (today by default, R12); a future day is a 422."""
    person = get_or_404(Practitioner, practitioner_id, "practitioner")
    result = history.accreditation_on(person, query.on)
    return AccreditationOut(practitioner_id=person.id, accredited=result.accredited, on=result.on.isoformat(),
                            via=[group.slug for group in result.via],
                            pathways=[ShownPathwayOut.of(item) for item in practice.public_pathways(person)
                                      if item.completed_on <= result.on])


@operation("/invitations/<int:invitation_id>/accept", "POST", answer=InvitationAnswer, token=True,
           errors=(403, 409), tag="groups")
def accept_invitation(invitation_id: int):
    """The invitee joins the group, as a joining member (R3, R5)."""
    invitation = get_or_404(Invitation, invitation_id, "invitation")
    stay = perform(invitations.accept_invitation, caller(), invitation)
    return InvitationAnswer(id=invitation.id, state=invitation.state, group=invitation.group.slug,
                            membership={"state": stay.state})


@operation("/invitations/<int:invitation_id>/decline", "POST", answer=InvitationAnswer, token=True,
           errors=(403, 409), tag="groups")
def decline_invitation(invitation_id: int):
    """The invitee declines the invitation."""
    invitation = get_or_404(Invitation, invitation_id, "invitation")
    perform(invitations.decline_invitation, caller(), invitation)
    return InvitationAnswer(id=invitation.id, state=invitation.state, group=invitation.group.slug)


@operation("/me", "PUT", body=ProfileIn, answer=OwnPractitioner, token=True, errors=(422,), tag="people")
def update_profile(data: ProfileIn):
    """Change one's profile: any of name, region, practice and looking for a group; the rest stay."""
    person = caller()
    given = data.model_dump(exclude_unset=True)
    perform(accounts.update_profile, person, name=given.get("name", person.name),
            region=given.get("region", person.region), practice=given.get("practice", person.practice),
            looking_for_group=given.get("looking_for_group", person.looking_for_group))
    return OwnPractitioner.of(person)


def _notification(row) -> NotificationOut:
    return NotificationOut(id=row.id, text=row.text, group=row.group.slug if row.group else None,
                           created_at=iso(row.created_at), read_at=iso(row.read_at))


@operation("/me/notifications", query=Paging, answer=Page[NotificationOut], token=True, errors=(422,),
           tag="people")
def my_notifications(query: Paging):
    """What has happened in one's groups, newest first, read or not."""
    return paged(notifications.newest_first(caller()), query, _notification)


@operation("/me/notifications/read", "POST", answer=Marked, token=True, tag="people")
def read_all_notifications():
    """Mark all one's notifications as read."""
    return Marked(marked=perform(notifications.mark_read, caller()))


@operation("/me/notifications/<int:notification_id>/read", "POST", answer=Marked, token=True, tag="people")
def read_notification(notification_id: int):
    """Mark one of one's notifications as read (another's, or none, is a 404)."""
    return Marked(marked=perform(notifications.mark_read, caller(), notification_id))

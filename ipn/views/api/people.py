"""Practitioners, API tokens, one's own account, and answering invitations."""

from __future__ import annotations

from flask import current_app, g, request

from ipn.extensions import limiter
from ipn.models import Invitation, Practitioner
from ipn.services import accounts, email_accounts, history, invitations
from ipn.views.actions import perform
from ipn.views.api import get_or_404
from ipn.views.api.models import (
    AccreditationOut,
    AccreditationQuery,
    InvitationAnswer,
    OwnPractitioner,
    PractitionerOut,
    Registration,
    TokenOut,
    TokenRequest,
)
from ipn.views.api.spec import operation
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
                            via=[group.slug for group in result.via])


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

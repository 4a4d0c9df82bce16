"""Practitioners, API tokens, one's own account, and answering invitations."""

from __future__ import annotations

from flask import current_app, g, request

from ipn.extensions import limiter
from ipn.models import Invitation, Practitioner
from ipn.services import accounts, email_accounts, history, invitations
from ipn.views.actions import perform
from ipn.views.api import (
    body,
    bp,
    get_or_404,
    parse_day,
    text_field,
    text_fields,
    tokens,
)
from ipn.views.api import serializers as show
from ipn.views.bearer import Unauthorized, caller, token_required
from ipn.views.limits import failed_login_limited


def _json_email():
    data = request.get_json(silent=True, force=True)
    return data.get("email") if isinstance(data, dict) else None


@bp.post("/practitioners")
@limiter.limit(lambda: current_app.config["RATE_LIMIT_REGISTER"],
               error_message="There have been many registrations from your connection in a short time. "
                             "Please wait a few minutes and try again.")
def register():
    """Anyone registers as a practitioner (SPEC R1)."""
    # Empty values go on to the service, which says what each needs.
    values = text_fields(body(), {}, {"email": 1000, "password": 1000, "name": 1000, "region": 1000,
                                      "practice": 10_000})
    person = perform(email_accounts.register, email=values["email"], password=values["password"],
                     name=values["name"], region=values["region"], practice=values["practice"])
    return show.own_practitioner(person), 201


@bp.post("/tokens")
@limiter.limit(lambda: current_app.config["RATE_LIMIT_LOGIN"],
               error_message="There have been many token requests from your connection. "
                             "Please wait a few minutes and try again.")
@failed_login_limited(_json_email)
def create_token():
    """Exchange an email and password for a bearer token (shown once; only its hash is kept)."""
    data = body()
    email = text_field(data, "email", max_length=1000)
    password = text_field(data, "password", max_length=1000)
    label = text_field(data, "label", required=False, max_length=80)
    person = accounts.authenticate(email, password)
    if person is None:
        g.login_failed = True  # counted against the account (ipn.views.limits)
        raise Unauthorized("That email address and password do not match an account here.",
                           code="invalid_credentials")
    token = perform(accounts.create_token, person, label or "API")
    return tokens.issued(token), 201


@bp.get("/me")
@token_required
def whoami():
    """One's own account: the public view plus email and pending invitations."""
    return show.own_practitioner(caller())


@bp.get("/practitioners/<int:practitioner_id>")
def practitioner(practitioner_id: int):
    """A practitioner's public page: name, practice, groups and whether accredited today."""
    return show.practitioner(get_or_404(Practitioner, practitioner_id, "practitioner"))


@bp.get("/practitioners/<int:practitioner_id>/accreditation")
def accreditation(practitioner_id: int):
    """Whether the practitioner was accredited at the end of a day (today by default, R12)."""
    person = get_or_404(Practitioner, practitioner_id, "practitioner")
    raw = request.args.get("on")
    day = parse_day(raw, "on") if raw else None
    result = history.accreditation_on(person, day)
    return {"practitioner_id": person.id, "accredited": result.accredited, "on": result.on.isoformat(),
            "via": [group.slug for group in result.via]}


@bp.post("/invitations/<int:invitation_id>/accept")
@token_required
def accept_invitation(invitation_id: int):
    """The invitee joins the group, as a joining member (R3, R5)."""
    invitation = get_or_404(Invitation, invitation_id, "invitation")
    stay = perform(invitations.accept_invitation, caller(), invitation)
    return {"id": invitation.id, "state": invitation.state, "group": invitation.group.slug,
            "membership": {"state": stay.state}}


@bp.post("/invitations/<int:invitation_id>/decline")
@token_required
def decline_invitation(invitation_id: int):
    invitation = get_or_404(Invitation, invitation_id, "invitation")
    perform(invitations.decline_invitation, caller(), invitation)
    return {"id": invitation.id, "state": invitation.state, "group": invitation.group.slug}

"""What each kind of message says: the objects it needs, loaded from the ids in its outbox
row, for its template under templates/mail/. Rendering happens at send time and knows the
web (absolute links under BASE_URL); services only enqueue.

A concern's text, its raiser's name and address, and the responses are in no message: every
message about a concern says that something happened and links to the page where those who
may read it can (the raiser's private follow page, the group's concerns page)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, request, url_for

from ipn.extensions import db
from ipn.models import (
    Concern,
    Gathering,
    Group,
    Invitation,
    OutboxMessage,
    Practitioner,
    Proposal,
)
from ipn.services import outbox
from ipn.services.concerns import _is_member, escalate_after
from ipn.views.templating import human_day, status_label

# Messages about a concern to a group's members go only to those who are still members when
# they are sent: they tell that the concern exists, which is for its readers only.
READERS_ONLY = frozenset({"concern_raised", "concern_escalated"})


@dataclass(frozen=True)
class Rendered:
    to: str
    subject: str
    body: str


class Drop(Exception):
    """The message can no longer go (its recipient or subject is gone); it is not retried."""


def base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://localhost:5000"


def _get(model, ident):
    row = db.session.get(model, ident) if ident is not None else None
    if row is None:
        raise Drop(f"{model.__name__} {ident} no longer exists")
    return row


def _context(message: OutboxMessage) -> dict:
    p = message.params or {}
    kind = message.kind
    if kind in ("confirm_email", "password_reset"):
        return {"link": url_for("mail_accounts.confirm" if kind == "confirm_email" else "mail_accounts.reset",
                                token=p["token"], _external=True)}
    if kind == "email_change":
        return {"link": url_for("mail_accounts.confirm_change", token=p["token"], _external=True),
                "person": _get(Practitioner, p.get("practitioner_id"))}
    if kind == "invitation":
        invitation = _get(Invitation, p.get("invitation_id"))
        if invitation.state != "pending":
            raise Drop("the invitation was answered before the message went")
        return {"invitation": invitation, "group": invitation.group,
                "inviter": _get(Practitioner, invitation.invited_by_id), "link": url_for("me.needs", _external=True)}
    if kind == "link_proposed":
        group, partner = _get(Group, p.get("group_id")), _get(Group, p.get("partner_id"))
        return {"group": group, "partner": partner,
                "link": url_for("links.page", slug=partner.slug, _external=True)}
    if kind.startswith("concern_"):
        concern = _get(Concern, p.get("concern_id"))
        context = {"concern": concern, "why": p.get("why", ""), "weeks": escalate_after().days // 7}
        if kind == "concern_received":
            context["link"] = url_for("concerns.follow", token=p["token"], _external=True)
        if p.get("group_id"):
            group = _get(Group, p["group_id"])
            context["group"] = group
            context["link"] = url_for("concerns.group_concerns", slug=group.slug, _external=True)
        if p.get("partner_id"):
            context["partner"] = _get(Group, p["partner_id"])
        if concern.about_practitioner_id:
            context["about"] = _get(Practitioner, concern.about_practitioner_id).name
        else:
            context["about"] = _get(Group, concern.about_group_id).name
        return context
    if kind == "status_changed":
        group = _get(Group, p.get("group_id"))
        return {"group": group, "status": status_label(p.get("status")),
                "previous": status_label(p["previous"]) if p.get("previous") else None,
                "cause": p.get("cause", ""), "link": url_for("public.group", slug=group.slug, _external=True)}
    if kind == "group_dissolved":
        group = _get(Group, p.get("group_id"))
        partner = _get(Group, p["partner_id"]) if p.get("partner_id") else None
        return {"group": group, "partner": partner, "cause": p.get("cause", ""),
                "link": url_for("public.group", slug=(partner or group).slug, _external=True)}
    if kind == "position_awaited":
        proposal, gathering = _get(Proposal, p.get("proposal_id")), _get(Gathering, p.get("gathering_id"))
        return {"proposal": proposal, "gathering": gathering, "day": human_day(gathering.date),
                "link": url_for("governance.proposal", proposal_id=proposal.id, _external=True)}
    if kind == "lapse_reminder":
        group = _get(Group, p.get("group_id"))
        return {"group": group, "until": p.get("until"), "window": p.get("window"),
                "link": url_for("links.page", slug=group.slug, _external=True)}
    raise Drop(f"unknown kind {kind}")


def render(message: OutboxMessage) -> Rendered:
    """Subject and body of a queued message, addressed to its recipient's current address."""
    person = None
    if message.practitioner_id is not None:
        person = _get(Practitioner, message.practitioner_id)
        if not outbox.wants(person, message.kind):
            raise Drop("the recipient no longer receives this kind of message")
        to, name = person.email, person.name
    else:
        to, name = message.address, None
    with current_app.test_request_context("/", base_url=base_url()):
        context = _context(message)
        if message.kind in READERS_ONLY and not _is_member(context.get("partner") or context["group"], person):
            raise Drop("the recipient is no longer a member who may read this concern")
        template = current_app.jinja_env.get_template(f"mail/{message.kind}.txt")
        module = template.make_module({**current_app.jinja_env.globals, "url_for": url_for,
                                       "name": name, "preferences_link": url_for("mail_accounts.preferences",
                                                                                 _external=True), **context})
        body = str(module).strip() + "\n"
        subject = " ".join(str(getattr(module, "subject", "A message from the IPN Registry")).split())
    return Rendered(to=to, subject=subject, body=body)

"""The authorization matrix (issue 12, item 8): every state-changing route of the pages and the
API, taken from app.url_map so that a new route cannot be forgotten, tried by every kind of
caller. Those the rules allow get past the door (whatever the action then says); everyone else
is refused (401 from the API or a redirect to the login page for the anonymous, 403 or 404 for
the rest) and the refused call changed nothing at all. On SQLite and PostgreSQL.

Each allowed caller tries the route on a fresh copy of one world (a file copy on SQLite, CREATE
DATABASE ... TEMPLATE on PostgreSQL), so that what an allowed caller does cannot hide what the
next one may. The refused callers all share one more copy per database: each refused call is
followed by a snapshot of every table, which must equal the one taken when that copy was made,
so a refused call that changed anything fails its test (and the copy is made anew)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import pathlib
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.pool import StaticPool

from ipn import clock, create_app
from ipn.extensions import db
from ipn.mail import send_due
from ipn.models import ApiToken, Base, Link, LoginSession, Notification, OutboxMessage
from ipn.services import (
    accounts,
    concerns,
    gatherings,
    groups,
    invitations,
    links,
    login_sessions,
    meetings,
    practice,
    proposals,
    stand_bys,
    statements,
)
from tests import factories as f
from tests.conftest import DATABASES, PASSWORD

CALLERS = ("anonymous", "stranger", "joining", "member", "partner", "both", "invitee")
EVERYONE = frozenset(CALLERS)
LOGGED_IN = EVERYONE - {"anonymous"}
IN_HOME = frozenset({"joining", "member", "both"})
HOME_MEMBERS = frozenset({"member", "both"})
NOBODY: frozenset[str] = frozenset()
BOGUS = "not-a-real-token-0123456789abcdef"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The shared copy is made anew well before a login in it is due to be noted as seen again.
SEEN_FOR = login_sessions.SEEN_EVERY / 2


@dataclass
class World:
    """Home (6 members, one of whom is also in Partner, and one joining member) is linked with
    Partner; Third has proposed a link to Home; Distant has no link; someone is invited to Home;
    a concern about Home is open; a Gathering today that the member attended has a proposal."""

    ids: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    home: str = ""
    partner: str = ""
    distant_id: int = 0
    draft_id: int = 0
    invitation_id: int = 0
    active_link_id: int = 0
    proposed_link_id: int = 0
    concern_id: int = 0
    gathering_id: int = 0
    proposal_id: int = 0
    notification_id: int = 0
    token_id: int = 0
    practice_id: int = 0
    pathway: str = ""
    meeting_id: int = 0
    format_slug: str = ""
    session_id: int = 0


def build_world() -> World:
    w = World()
    people = {who: f.person(who.title()) for who in ("stranger", "joining", "member", "partner", "both", "invitee")}
    home_people = [people["member"], *(f.person(f"Home {i}") for i in range(4)), people["both"]]
    home = groups.found_group(people["member"], "Home Group")
    for newcomer in home_people[1:]:
        f.join(home, people["member"], newcomer)
    f.stand_by_all(home, home_people)
    f.publish_statement(home, home_people)
    partner_people = [people["partner"], *(f.person(f"Partner {i}") for i in range(4)), people["both"]]
    partner = groups.found_group(people["partner"], "Partner Group")
    for newcomer in partner_people[1:]:
        f.join(partner, people["partner"], newcomer)
    f.stand_by_all(partner, partner_people)
    f.publish_statement(partner, partner_people)
    f.join(home, people["member"], people["joining"])  # stands by one person only: still joining
    stand_bys.stand_by(people["joining"], home, home_people[1])
    active = f.link((home, home_people), (partner, partner_people))
    third = f.member_group("Third Group")
    proposed = links.propose_link(third[1][0], third[0], home)
    distant = f.member_group("Distant Group")
    draft = statements.draft_statement(people["member"], home, "# Home\n\nA new version.")
    invitation = invitations.invite(people["member"], home, people["invitee"])
    concern, _ = concerns.raise_concern(about_group=home, name="Raiser", email="raiser@example.org",
                                        text="A concern about the Home Group.")
    gathering = gatherings.announce(people["member"], clock.today(), "Leeds")
    gatherings.attend(people["member"], gathering)
    proposal = proposals.record(people["member"], "Groups of four", "Smaller groups.", {"min_members": 4}, gathering)
    # The stranger asks the member to attest their practice.
    practice_row = practice.record(people["stranger"], "intervision_group", clock.today() - dt.timedelta(days=30),
                                   clock.today() - dt.timedelta(days=1), people["member"], sessions=4)
    w.practice_id, w.pathway = practice_row.id, sorted(practice.in_force())[0]
    # Home met last week, Partner joining it; Home keeps its own copy of the Balint format.
    meeting = meetings.save_meeting(people["member"], home, clock.today() - dt.timedelta(days=7), False,
                                    [people["member"], people["both"]], visiting=partner)
    w.meeting_id = meeting.id
    w.format_slug = meetings.copy_format(people["member"], home, "balint").slug
    for who, person in people.items():
        w.ids[who], w.emails[who] = person.id, person.email
        w.tokens[who] = accounts.create_token(person)
    w.ids["home"] = home_people[1].id  # someone in Home whom everyone in it stands by
    w.home, w.partner, w.distant_id = home.slug, partner.slug, distant[0].id
    w.draft_id, w.invitation_id, w.concern_id = draft.id, invitation.id, concern.id
    w.active_link_id, w.proposed_link_id = active.id, proposed.id
    w.gathering_id, w.proposal_id = gathering.id, proposal.id
    w.notification_id = db.session.scalar(select(Notification.id).where(
        Notification.practitioner_id == people["member"].id).order_by(Notification.id).limit(1))
    w.token_id = db.session.scalar(select(ApiToken.id).where(
        ApiToken.practitioner_id == people["member"].id).limit(1))
    assert isinstance(active, Link) and w.notification_id and w.token_id
    return w


@dataclass(frozen=True)
class Route:
    """How to call one route, and who may. `send` is "form" (pages) or "json" (API); `data` is
    the body, the same for every caller (a callable gets the world and the caller's id)."""

    path: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World, int], dict] | None = None
    refusal: frozenset[int] = frozenset({403})
    method: str = "POST"


def today() -> str:
    return clock.today().isoformat()


def yesterday() -> str:
    return (clock.today() - dt.timedelta(days=1)).isoformat()


R = Route
ROUTES: dict[str, Route] = {
    # --- Pages: accounts ----------------------------------------------------------------------
    "auth.register": R(lambda w: "/register", EVERYONE, lambda w, me: {
        "name": "New Person", "email": "new.person@example.org", "password": PASSWORD, "password_confirm": PASSWORD}),
    "auth.login": R(lambda w: "/login", EVERYONE, lambda w, me: {"email": "nobody@example.org", "password": "x"}),
    "auth.logout": R(lambda w: "/logout", EVERYONE),
    "auth.profile": R(lambda w: "/profile", LOGGED_IN, lambda w, me: {"name": "Renamed", "region": "Leeds"}),
    "auth.create_token": R(lambda w: "/profile/tokens", LOGGED_IN, lambda w, me: {"label": "laptop"}),
    "auth.revoke_token": R(lambda w: f"/profile/tokens/{w.token_id}/revoke", frozenset({"member"}),
                           refusal=frozenset({404})),
    "my_data.delete": R(lambda w: "/profile/delete", LOGGED_IN, lambda w, me: {"password": PASSWORD}),
    "mail_accounts.confirm": R(lambda w: f"/confirm/{BOGUS}", NOBODY, refusal=frozenset({404})),
    "mail_accounts.send_confirmation": R(lambda w: "/profile/confirmation", LOGGED_IN),
    "mail_accounts.forgot": R(lambda w: "/password/forgot", EVERYONE, lambda w, me: {"email": "nobody@example.org"}),
    "mail_accounts.reset": R(lambda w: f"/password/reset/{BOGUS}", NOBODY,
                             lambda w, me: {"password": PASSWORD, "password_confirm": PASSWORD},
                             refusal=frozenset({404})),
    "mail_accounts.change_email": R(lambda w: "/profile/email", LOGGED_IN,
                                    lambda w, me: {"email": f"moved{me}@example.org", "password": PASSWORD}),
    "mail_accounts.confirm_change": R(lambda w: f"/profile/email/confirm/{BOGUS}", NOBODY,
                                      refusal=frozenset({404})),
    "mail_accounts.preferences": R(lambda w: "/profile/mail", LOGGED_IN, lambda w, me: {"invitation": "y"}),
    "me.read_all": R(lambda w: "/notifications/read", LOGGED_IN),
    "me.read_one": R(lambda w: f"/notifications/{w.notification_id}/read", frozenset({"member"}),
                     refusal=frozenset({404})),
    # --- Pages: groups --------------------------------------------------------------------------
    "workspace.found": R(lambda w: "/groups/new", LOGGED_IN, lambda w, me: {"name": f"Founded By {me}"}),
    "workspace.accept": R(lambda w: f"/invitations/{w.invitation_id}/accept", frozenset({"invitee"}),
                          refusal=frozenset({404})),
    "workspace.decline": R(lambda w: f"/invitations/{w.invitation_id}/decline", frozenset({"invitee"}),
                           refusal=frozenset({404})),
    "workspace.invite": R(lambda w: f"/groups/{w.home}/workspace/invite", HOME_MEMBERS,
                          lambda w, me: {"email": w.emails["stranger"]}),
    "workspace.invite_person": R(lambda w: f"/groups/{w.home}/workspace/invite-person", HOME_MEMBERS,
                                 lambda w, me: {"practitioner_id": w.ids["stranger"]}),
    "workspace.set_open": R(lambda w: f"/groups/{w.home}/workspace/open", HOME_MEMBERS, lambda w, me: {"open": "yes"}),
    "workspace.stand_by": R(lambda w: f"/groups/{w.home}/workspace/stand-by/{w.ids['home']}", IN_HOME),
    "workspace.withdraw": R(lambda w: f"/groups/{w.home}/workspace/withdraw/{w.ids['home']}", IN_HOME,
                            lambda w, me: {"reason": "We no longer meet."}),
    "workspace.leave": R(lambda w: f"/groups/{w.home}/workspace/leave", IN_HOME),
    "workspace.dissolve": R(lambda w: f"/groups/{w.home}/workspace/dissolve", HOME_MEMBERS),
    "statement.page": R(lambda w: f"/groups/{w.home}/statement", HOME_MEMBERS,
                        lambda w, me: {"text": "Another version.", "save": "Save the draft"}),
    "statement.endorse": R(lambda w: f"/groups/{w.home}/statement/endorse", HOME_MEMBERS,
                           lambda w, me: {"version": "1"}),
    # --- Pages: links ---------------------------------------------------------------------------
    "links.propose": R(lambda w: f"/groups/{w.home}/links/propose", HOME_MEMBERS,
                       lambda w, me: {"partner_id": w.distant_id}),
    "links.accept": R(lambda w: f"/groups/{w.home}/links/{w.proposed_link_id}/accept", HOME_MEMBERS),
    "links.decline": R(lambda w: f"/groups/{w.home}/links/{w.proposed_link_id}/decline", HOME_MEMBERS),
    "links.end": R(lambda w: f"/groups/{w.home}/links/{w.active_link_id}/end", HOME_MEMBERS,
                   lambda w, me: {"reason": "We part ways."}),
    "links.visit": R(lambda w: f"/groups/{w.home}/links/{w.active_link_id}/visit", frozenset({"member"}),
                     lambda w, me: {"date": yesterday(), "visitors": str(me), "outcome": "validated"}),
    # --- Pages: concerns ------------------------------------------------------------------------
    "concerns.new": R(lambda w: f"/concerns/new?group={w.home}", EVERYONE, lambda w, me: {
        "name": "Someone", "email": "someone@example.org", "text": "A concern."}),
    "concerns.resolved": R(lambda w: f"/concerns/follow/{BOGUS}/resolved", NOBODY, refusal=frozenset({404})),
    "concerns.unresolved": R(lambda w: f"/concerns/follow/{BOGUS}/unresolved", NOBODY, refusal=frozenset({404})),
    "concerns.respond": R(lambda w: f"/groups/{w.home}/concerns/{w.concern_id}/responses", HOME_MEMBERS,
                          lambda w, me: {f"concern-{w.concern_id}--text": "We are looking into it."}),
    "concerns.outcome": R(lambda w: f"/groups/{w.home}/concerns/{w.concern_id}/outcome", HOME_MEMBERS,
                          lambda w, me: {f"outcome-{w.concern_id}--text": "Resolved together."}),
    # --- Pages: governance ----------------------------------------------------------------------
    "governance.announce": R(lambda w: "/gatherings/new", LOGGED_IN,
                             lambda w, me: {"date": today(), "place": "York"}),
    "governance.attend": R(lambda w: f"/gatherings/{w.gathering_id}/attendance", LOGGED_IN),
    "governance.present": R(lambda w: f"/gatherings/{w.gathering_id}/proposals/new", LOGGED_IN,
                            lambda w, me: {"title": "Groups of six", "text": "Larger groups.", "min_members": "6"}),
    "governance.write_netcom": R(lambda w: f"/gatherings/{w.gathering_id}/netcom", LOGGED_IN,
                                 lambda w, me: {"title": "NetCom", "text": "News."}),
    "governance.record_position": R(
        lambda w: f"/proposals/{w.proposal_id}/gatherings/{w.gathering_id}/position", frozenset({"member"}),
        lambda w, me: {f"g{w.gathering_id}-position": "agree"}),
    # --- API: accounts --------------------------------------------------------------------------
    "api.register": R(lambda w: "/api/v1/practitioners", EVERYONE, lambda w, me: {
        "email": f"api.new{me}@example.org", "password": PASSWORD, "name": "Api Newcomer"}),
    "api.create_token": R(lambda w: "/api/v1/tokens", EVERYONE,
                          lambda w, me: {"email": w.emails["member"], "password": PASSWORD}),
    "api.confirm": R(lambda w: "/api/v1/confirmations", NOBODY, lambda w, me: {"token": BOGUS},
                     refusal=frozenset({404})),
    "api.send_confirmation": R(lambda w: "/api/v1/me/confirmation", LOGGED_IN),
    "api.change_email": R(lambda w: "/api/v1/me/email", LOGGED_IN,
                          lambda w, me: {"email": f"api.moved{me}@example.org", "password": PASSWORD}),
    "api.confirm_change": R(lambda w: "/api/v1/me/email/confirm", NOBODY, lambda w, me: {"token": BOGUS},
                            refusal=frozenset({404})),
    "api.set_preferences": R(lambda w: "/api/v1/me/mail", LOGGED_IN, lambda w, me: {"invitation": False},
                             method="PUT"),
    "api.request_reset": R(lambda w: "/api/v1/password-resets", EVERYONE, lambda w, me: {"email": "nobody@example.org"}),
    "api.reset": R(lambda w: "/api/v1/password-resets/confirm", NOBODY, lambda w, me: {
        "token": BOGUS, "password": PASSWORD}, refusal=frozenset({404})),
    # --- API: groups ----------------------------------------------------------------------------
    "api.found_group": R(lambda w: "/api/v1/groups", LOGGED_IN, lambda w, me: {"name": f"Api Founded {me}"}),
    "api.invite": R(lambda w: f"/api/v1/groups/{w.home}/invitations", HOME_MEMBERS,
                    lambda w, me: {"practitioner_id": w.ids["stranger"]}),
    "api.accept_invitation": R(lambda w: f"/api/v1/invitations/{w.invitation_id}/accept", frozenset({"invitee"})),
    "api.decline_invitation": R(lambda w: f"/api/v1/invitations/{w.invitation_id}/decline", frozenset({"invitee"})),
    "api.stand_by": R(lambda w: f"/api/v1/groups/{w.home}/stand-bys", IN_HOME,
                      lambda w, me: {"practitioner_id": w.ids["home"]}),
    "api.withdraw_stand_by": R(lambda w: f"/api/v1/groups/{w.home}/stand-bys/{w.ids['home']}", IN_HOME,
                               lambda w, me: {"reason": "We no longer meet."}, method="DELETE"),
    "api.leave": R(lambda w: f"/api/v1/groups/{w.home}/leave", IN_HOME),
    "api.agree_to_dissolve": R(lambda w: f"/api/v1/groups/{w.home}/dissolution", HOME_MEMBERS),
    "api.draft_statement": R(lambda w: f"/api/v1/groups/{w.home}/statements", HOME_MEMBERS,
                             lambda w, me: {"text": "Yet another."}),
    "api.edit_statement": R(lambda w: f"/api/v1/statements/{w.draft_id}", HOME_MEMBERS,
                            lambda w, me: {"text": "Edited."}, method="PUT"),
    "api.endorse": R(lambda w: f"/api/v1/statements/{w.draft_id}/endorsements", HOME_MEMBERS,
                     lambda w, me: {"version": 1}),
    # --- API: links -----------------------------------------------------------------------------
    "api.propose_link": R(lambda w: f"/api/v1/groups/{w.home}/links", HOME_MEMBERS,
                          lambda w, me: {"partner": "distant-group"}),
    "api.accept_link": R(lambda w: f"/api/v1/links/{w.proposed_link_id}/accept", HOME_MEMBERS),
    "api.decline_link": R(lambda w: f"/api/v1/links/{w.proposed_link_id}/decline", HOME_MEMBERS),
    "api.end_link": R(lambda w: f"/api/v1/links/{w.active_link_id}", HOME_MEMBERS | {"partner"},
                      lambda w, me: {"reason": "We part ways."}, method="DELETE"),
    "api.record_visit": R(lambda w: f"/api/v1/links/{w.active_link_id}/visits", frozenset({"member", "partner"}),
                          lambda w, me: {"group": w.partner if me != w.ids["partner"] else w.home,
                                         "date": yesterday(), "outcome": "validated"}),
    # --- API: concerns --------------------------------------------------------------------------
    "api.raise_concern": R(lambda w: "/api/v1/concerns", EVERYONE, lambda w, me: {
        "about_group": w.home, "name": "Someone", "email": "someone@example.org", "text": "A concern."}),
    "api.respond": R(lambda w: f"/api/v1/concerns/{w.concern_id}/responses", HOME_MEMBERS,
                     lambda w, me: {"text": "We are looking into it."}),
    "api.outcome": R(lambda w: f"/api/v1/concerns/{w.concern_id}/outcome", HOME_MEMBERS,
                     lambda w, me: {"text": "Resolved together."}),
    "api.resolved": R(lambda w: f"/api/v1/concerns/follow/{BOGUS}/resolved", NOBODY, refusal=frozenset({404})),
    "api.unresolved": R(lambda w: f"/api/v1/concerns/follow/{BOGUS}/unresolved", NOBODY, refusal=frozenset({404})),
    # --- API: governance ------------------------------------------------------------------------
    "api.announce_gathering": R(lambda w: "/api/v1/gatherings", LOGGED_IN,
                                lambda w, me: {"date": today(), "place": "York"}),
    "api.attendance": R(lambda w: f"/api/v1/gatherings/{w.gathering_id}/attendance", LOGGED_IN),
    "api.write_netcom": R(lambda w: f"/api/v1/gatherings/{w.gathering_id}/netcom", LOGGED_IN,
                          lambda w, me: {"title": "NetCom", "text": "News."}, method="PUT"),
    "api.record_proposal": R(lambda w: "/api/v1/proposals", LOGGED_IN, lambda w, me: {
        "title": "Groups of six", "text": "Larger groups.", "changes": {"min_members": 6},
        "gathering": w.gathering_id}),
    "api.record_position": R(lambda w: f"/api/v1/proposals/{w.proposal_id}/positions", frozenset({"member"}),
                             lambda w, me: {"gathering": w.gathering_id, "position": "agree"}),
    # --- Parity and practice records (merged from main) ------------------------------------------
    "api.set_open": R(lambda w: f"/api/v1/groups/{w.home}/open", HOME_MEMBERS, lambda w, me: {"open": True},
                      method="PUT"),
    "api.update_profile": R(lambda w: "/api/v1/me", LOGGED_IN, lambda w, me: {"region": "Leeds"}, method="PUT"),
    "api.read_all_notifications": R(lambda w: "/api/v1/me/notifications/read", LOGGED_IN),
    "api.read_notification": R(lambda w: f"/api/v1/me/notifications/{w.notification_id}/read", frozenset({"member"}),
                               refusal=frozenset({404})),
    "api.record_practice": R(lambda w: "/api/v1/me/practice", LOGGED_IN, lambda w, me: {
        "kind": "intervision_group", "started": yesterday(), "ended": yesterday(), "sessions": 1,
        "attester": w.ids["member"] if me != w.ids["member"] else w.ids["partner"]}),
    "api.attest": R(lambda w: f"/api/v1/practice/{w.practice_id}/attestation", frozenset({"member"}),
                    lambda w, me: {"confirmed": True}, refusal=frozenset({403, 404})),
    "practice.new": R(lambda w: "/practice/new", LOGGED_IN, lambda w, me: {
        "kind": "intervision_group", "started": yesterday(), "ended": yesterday(), "sessions": "1",
        "attester": str(w.ids["member"] if me != w.ids["member"] else w.ids["partner"])}),
    "practice.attest": R(lambda w: f"/practice/{w.practice_id}/attest", frozenset({"member"}),
                         lambda w, me: {"answer": "confirm"}, refusal=frozenset({403, 404})),
    "practice.withdraw": R(lambda w: f"/practice/{w.practice_id}/withdraw", frozenset({"member"}),
                           refusal=frozenset({403, 404})),
    "practice.remove": R(lambda w: f"/practice/{w.practice_id}/remove", frozenset({"stranger"}),
                         refusal=frozenset({403, 404})),
    "practice.shown": R(lambda w: f"/practice/pathways/{w.pathway}/shown", LOGGED_IN, lambda w, me: {"shown": "y"}),
    # --- Sessions and tokens (merged from main) ---------------------------------------------------
    "auth.change_password": R(lambda w: "/profile/password", LOGGED_IN, lambda w, me: {
        "current": PASSWORD, "password": "another long passphrase 7", "password_confirm": "another long passphrase 7"}),
    "auth.end_session": R(lambda w: f"/profile/sessions/{w.session_id}/end", frozenset({"member"}),
                          refusal=frozenset({404})),
    "auth.end_other_sessions": R(lambda w: "/profile/sessions/end-others", LOGGED_IN),
    "auth.logout_everywhere": R(lambda w: "/logout/everywhere", LOGGED_IN),
    "auth.revoke_all_tokens": R(lambda w: "/profile/tokens/revoke-all", LOGGED_IN),
    "auth.renew_token": R(lambda w: f"/profile/tokens/{w.token_id}/renew", frozenset({"member"}),
                          refusal=frozenset({404})),
    "api.revoke_my_tokens": R(lambda w: "/api/v1/tokens", LOGGED_IN, method="DELETE"),
    "api.revoke_token": R(lambda w: f"/api/v1/tokens/{w.token_id}", frozenset({"member"}), refusal=frozenset({404}),
                          method="DELETE"),
    "api.renew_token": R(lambda w: f"/api/v1/tokens/{w.token_id}/renew", frozenset({"member"}),
                         refusal=frozenset({404})),
    # --- Meetings (merged from main) ----------------------------------------------------------------
    "meetings.new": R(lambda w: f"/groups/{w.home}/meetings/new", IN_HOME,
                      lambda w, me: {"date": yesterday(), "online": "no", "attended": str(me)}),
    "meetings.edit": R(lambda w: f"/groups/{w.home}/meetings/{w.meeting_id}/edit", IN_HOME,
                       lambda w, me: {"date": yesterday(), "online": "yes", "attended": str(me)}),
    "meetings.record_round": R(lambda w: f"/groups/{w.home}/meetings/{w.meeting_id}/rounds", IN_HOME,
                               lambda w, me: {"format": "intervision", "phases": "The case"}),
    "meetings.visit": R(lambda w: f"/groups/{w.home}/meetings/{w.meeting_id}/visit", frozenset({"partner"}),
                        lambda w, me: {"outcome": "validated", "visitors": str(me)}),
    "meetings.rhythm": R(lambda w: f"/groups/{w.home}/meetings/rhythm", HOME_MEMBERS, lambda w, me: {"show": "yes"}),
    "meetings.copy_format": R(lambda w: f"/groups/{w.home}/formats/copy", IN_HOME, lambda w, me: {"format": "intervision"}),
    "meetings.edit_format": R(lambda w: f"/groups/{w.home}/formats/{w.format_slug}", IN_HOME,
                              lambda w, me: {"name": "Our own Balint", "phases": "The case | 20 | The presenter | "
                                                                                "From memory."}),
    "meetings.remove_format": R(lambda w: f"/groups/{w.home}/formats/{w.format_slug}/remove", IN_HOME),
    "api.record_meeting": R(lambda w: f"/api/v1/groups/{w.home}/meetings", IN_HOME,
                            lambda w, me: {"date": yesterday(), "online": False, "attended": [me]}),
    # --- Meetings through the API (branch meetapi) ---------------------------------------------------
    "api.correct_meeting": R(lambda w: f"/api/v1/groups/{w.home}/meetings/{w.meeting_id}", IN_HOME,
                             lambda w, me: {"date": yesterday(), "online": True, "attended": [me],
                                            "visiting": w.partner}, method="PUT"),
    "api.record_round": R(lambda w: f"/api/v1/groups/{w.home}/meetings/{w.meeting_id}/rounds", IN_HOME,
                          lambda w, me: {"format": "ipn-meeting", "phases": ["Next dates"]}),
    "api.record_meeting_visit": R(lambda w: f"/api/v1/groups/{w.home}/meetings/{w.meeting_id}/visit",
                                  frozenset({"partner"}), lambda w, me: {"outcome": "validated"}),
    "api.copy_format": R(lambda w: f"/api/v1/groups/{w.home}/formats", IN_HOME,
                         lambda w, me: {"based_on": "intervision"}),
    "api.set_rhythm": R(lambda w: f"/api/v1/groups/{w.home}/rhythm", HOME_MEMBERS, lambda w, me: {"show": True},
                        method="PUT"),
}

# Routes anyone may call without logging in: the anonymous are let through, not sent to log in.
PUBLIC = {name for name, route in ROUTES.items() if "anonymous" in route.allowed} | {
    "mail_accounts.confirm", "mail_accounts.reset", "mail_accounts.confirm_change", "concerns.resolved", "concerns.unresolved",
    "api.confirm", "api.confirm_change", "api.reset", "api.resolved", "api.unresolved"}


def state_changing_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.methods & STATE_CHANGING}


def test_every_state_changing_route_is_in_the_matrix(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite'}"})
    endpoints = state_changing_endpoints(app)
    assert endpoints - ROUTES.keys() == set(), "add these routes to the authorization matrix"
    assert ROUTES.keys() - endpoints == set(), "these routes are gone: take them out of the matrix"


# --- Copies of one world ---------------------------------------------------------------------------

_copies = itertools.count(1)


class Worlds:
    """One world built once per database; `fresh()` gives the URL of a new copy of it, and
    `shared()` the copy the refused callers share, with the snapshot it must keep."""

    def __init__(self, kind: str, request, tmp_path_factory):
        self.kind, self.request = kind, request
        self.folder = tmp_path_factory.mktemp("matrix")
        self._shared: tuple | None = None
        self._fresh: tuple | None = None
        self._admin_engine = None
        if kind == "sqlite":
            self.template_url = f"sqlite:///{self.folder / 'world.sqlite'}"
        else:
            cluster = request.getfixturevalue("pg_cluster")
            self.cluster = cluster
            self._admin("CREATE DATABASE matrix_world")
            self.template_url = cluster.url_for("matrix_world")
        engine = create_engine(self.template_url)
        Base.metadata.create_all(engine)
        engine.dispose()
        app = make_app(self.template_url, self.folder)
        with app.app_context():
            self.world = build_world()
            db.session.commit()
            # The mail the world queued goes now, as `ipn mail send` would send it: no copy
            # starts with a backlog for its first request (or the app's sweep) to send.
            send_due()
            assert not db.session.scalars(select(OutboxMessage).where(OutboxMessage.state == "queued")).first()
        for who in LOGGED_IN:
            client = app.test_client()
            assert client.post("/login", data={"email": self.world.emails[who], "password": PASSWORD}).status_code == 302
            self.world.cookies[who] = client.get_cookie("session").value
        with app.app_context():
            self.world.session_id = db.session.scalar(select(LoginSession.id).where(
                LoginSession.practitioner_id == self.world.ids["member"]))
            db.session.remove()
            db.engine.dispose()

    def _admin(self, sql: str) -> None:
        if self._admin_engine is None:  # one connection for every CREATE and DROP DATABASE
            self._admin_engine = create_engine(self.cluster.url, isolation_level="AUTOCOMMIT", poolclass=StaticPool)
        with self._admin_engine.connect() as conn:
            conn.execute(text(sql))

    def _copy(self, url: str | None = None) -> str:
        """A copy of the world, new or at `url` (which must not exist); its URL."""
        name = url.rsplit("/", 1)[1] if url else f"matrix_{next(_copies)}"
        if self.kind == "sqlite":
            shutil.copy(self.folder / "world.sqlite", self.folder / name)
            return f"sqlite:///{self.folder / name}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE matrix_world")
        return self.cluster.url_for(name)

    def _drop(self, url: str) -> None:
        if self.kind == "sqlite":
            pathlib.Path(url.removeprefix("sqlite:///")).unlink()
        else:
            self._admin(f"DROP DATABASE {url.rsplit('/', 1)[1]}")

    @contextlib.contextmanager
    def fresh(self):
        """An app on a new copy of the world. The app is made once: before each use its
        connections are closed and its database is copied from the world again."""
        if self._fresh is None:
            url = self._copy()
            self._fresh = (url, make_app(url, self.folder))
        else:
            url, app = self._fresh
            close(app)
            self._drop(url)
            self._copy(url)
        try:
            yield self._fresh[1]
        finally:
            close(self._fresh[1])

    def shared(self):
        """The refused callers' copy, its app and the snapshot of every table it must keep. What a
        request may rightly do whoever makes it is done beforehand: every login in it is marked
        seen (and the copy made anew after SEEN_FOR), and the world's mail has gone already."""
        if self._shared is not None and time.monotonic() - self._shared[3] > SEEN_FOR.total_seconds():
            self.spoiled()
        if self._shared is None:
            url = self._copy()
            app = make_app(url, self.folder)
            with app.app_context():
                db.session.execute(update(LoginSession).values(last_seen_at=login_sessions.wall_now()))
                db.session.commit()
                self._shared = (url, app, snapshot(), time.monotonic())
        return self._shared[1], self._shared[2]

    def spoiled(self) -> None:
        """Throw the shared copy away (a refused call changed it, or it is getting old)."""
        if self._shared is not None:
            url, app = self._shared[:2]
            self._shared = None
            close(app)
            self._drop(url)

    def close(self) -> None:
        self.spoiled()
        if self._fresh is not None:
            close(self._fresh[1])
            self._drop(self._fresh[0])
        if self.kind == "postgresql":
            self._admin("DROP DATABASE matrix_world")
            self._admin_engine.dispose()


def close(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def make_app(url: str, folder):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": url,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "MAIL_OUTBOX_DIR": str(folder / "outbox"),
                       "MAIL_TRUST_UNCONFIRMED": True,
                       # No connection of its own listening on a copy that is dropped and made
                       # again from the world (tests/test_generation_listener.py listens).
                       "GENERATION_LISTEN": False,
                       # What a call queues stays queued: who may call is the question here, and
                       # sending (tests/test_mail.py) would cost more than the call.
                       "MAIL_SEND_PER_REQUEST": 0})


@pytest.fixture(scope="module", params=DATABASES)
def worlds(request, tmp_path_factory) -> Iterator[Worlds]:
    made = Worlds(request.param, request, tmp_path_factory)
    try:
        yield made
    finally:
        made.close()


def snapshot() -> dict[str, list[tuple]]:
    return {table.name: sorted(tuple(map(repr, row)) for row in db.session.execute(table.select()))
            for table in Base.metadata.sorted_tables}


def differences(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, dict]:
    """The tables whose rows differ, with the rows gone and the rows new."""
    return {name: {"gone": sorted(set(rows) - set(after[name]))[:3], "new": sorted(set(after[name]) - set(rows))[:3]}
            for name, rows in before.items() if rows != after[name]}


def call(client, route: Route, endpoint: str, w: World, who: str):
    path = route.path(w)
    data = route.data(w, w.ids.get(who, 0)) if route.data else {}
    if endpoint.startswith("api."):
        headers = {"Authorization": f"Bearer {w.tokens[who]}"} if who != "anonymous" else {}
        return client.open(path, method=route.method, json=data, headers=headers)
    return client.open(path, method=route.method, data=data)


def refused_as_expected(response, route: Route, endpoint: str, who: str) -> bool:
    if who == "anonymous" and endpoint not in PUBLIC:
        if endpoint.startswith("api."):
            return response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
        return sent_to_log_in(response)
    return response.status_code in route.refusal


def sent_to_log_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def let_through(response, endpoint: str) -> bool:
    """Past the door: not refused for who the caller is (a rule may still say no, with a 409 or
    a message, but not a 401, 403, 404 or a trip to the login page)."""
    if response.status_code in (401, 403, 404, 500):
        return False
    return not sent_to_log_in(response)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_who_may_call_each_state_changing_route(worlds, endpoint):
    route = ROUTES[endpoint]
    w = worlds.world

    def client_of(app, who: str):
        client = app.test_client()
        if who != "anonymous" and not endpoint.startswith("api."):
            client.set_cookie("session", w.cookies[who])
        return client

    # Each allowed caller on a copy of their own, so what one does cannot stand in the way of the next.
    for who in CALLERS:
        if who not in route.allowed:
            continue
        with worlds.fresh() as app:
            response = call(client_of(app, who), route, endpoint, w, who)
        assert let_through(response, endpoint), (who, response.status_code, response.get_data(as_text=True)[:300])

    # The refused one after another on the shared copy: after each, every table is as it was made.
    for who in CALLERS:
        if who in route.allowed:
            continue
        app, made = worlds.shared()
        try:
            response = call(client_of(app, who), route, endpoint, w, who)
            with app.app_context():
                changed = differences(made, snapshot())
                db.session.remove()
        except BaseException:
            worlds.spoiled()
            raise
        if changed:
            worlds.spoiled()
        assert refused_as_expected(response, route, endpoint, who), (
            who, response.status_code, response.headers.get("Location"), response.get_data(as_text=True)[:300])
        assert not changed, f"{who}'s refused call changed something: {changed}"

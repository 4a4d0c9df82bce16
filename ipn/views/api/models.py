"""The API's resources as pydantic models: one model per thing the API answers with (built
from the database rows by its `of`), and one per request body or query. The OpenAPI document
is generated from these (ipn.views.api.openapi); what a field allows here is what the server
accepts. Public views never carry an email address, a withdrawal reason, a visit note, a
concern or an invitation; those appear only to whom they belong."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from ipn import markdown
from ipn.models import Gathering, Group, Invitation, Link, Practitioner, Statement
from ipn.services import concerns as concern_service
from ipn.services import (
    email_addresses,
    facts,
    gatherings,
    history,
    invitations,
    link_views,
    netcom,
    proposals,
    statements,
)
from ipn.services import links as link_service
from ipn.services import practice as practice_service
from ipn.services import statements as statement_service
from ipn.services.accounts import MIN_PASSWORD_LENGTH
from ipn.services.email_addresses import MAX_EMAIL
from ipn.services.groups import MAX_NAME, MAX_REASON, MAX_REGION
from ipn.services.outbox import PREFERENCES
from ipn.states import (
    ConcernState,
    GroupStatus,
    InvitationState,
    LinkState,
    PracticeKind,
    PracticeState,
    StatementState,
    VisitOutcome,
)
from ipn.views.api.spec import (
    NO_NUL,
    NONBLANK,
    Answer,
    Body,
    DayOut,
    DayText,
    Id,
    Moment,
    Paging,
    Query,
    Text,
)


def _accepted_address(value: str) -> str:
    if email_addresses.checked(value) is None:
        # email-validator's rule (no DNS) goes beyond what format "email" says: .test, for one
        raise PydanticCustomError("email_address", email_addresses.MESSAGE)
    return value


# An address the registry accepts (ipn.services.email_addresses: email-validator's rule, no DNS).
Email = Annotated[Text(MAX_EMAIL, required=True, format="email"), AfterValidator(_accepted_address)]

InGroup = Literal["member", "joining"]
LiveLinkState = Literal["proposed", "active"]
PositionKind = Literal["agree", "stand_aside", "block"]
TimelineKind = Literal["raised", "response", "escalated", "resolved", "outcome"]
ProposalState = Literal["presented", "consensus", "ratified", "blocked", "in_force"]


def iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


# --- References ------------------------------------------------------------------------------


class PersonRef(Answer):
    id: Id
    name: str

    @classmethod
    def of(cls, person: Practitioner) -> PersonRef:
        return cls(id=person.id, name=person.name)


class GroupRef(Answer):
    slug: str
    name: str


# --- Practitioners and accounts -------------------------------------------------------------


class PractitionerGroup(Answer):
    slug: str
    name: str
    status: GroupStatus
    state: InGroup


class ShownPathwayOut(Answer):
    """A completed pathway its holder shows publicly."""

    slug: str
    name: str
    completed_on: DayOut
    attested_by: list[str]

    @classmethod
    def of(cls, item) -> ShownPathwayOut:
        return cls(slug=item.pathway.slug, name=item.pathway.name, completed_on=item.completed_on.isoformat(),
                   attested_by=list(item.attested_by))


class PractitionerOut(Answer):
    """A practitioner's public page."""

    id: Id
    name: str
    region: str
    practice: str
    looking_for_group: bool
    groups: list[PractitionerGroup]
    accredited: bool
    pathways: list[ShownPathwayOut] = Field(description="Completed pathways the practitioner chose to show (R19).")

    @classmethod
    def fields_of(cls, person: Practitioner) -> dict:
        stays = facts.current_stays(person)
        return {
            "id": person.id, "name": person.name, "region": person.region, "practice": person.practice,
            "looking_for_group": person.looking_for_group,
            "groups": [{"slug": s.group.slug, "name": s.group.name, "status": s.group.status, "state": s.state}
                       for s in stays],
            "accredited": history.accreditation_on(person).accredited,
            "pathways": [ShownPathwayOut.of(item) for item in practice_service.public_pathways(person)],
        }

    @classmethod
    def of(cls, person: Practitioner) -> PractitionerOut:
        return cls(**cls.fields_of(person))


class InvitationOut(Answer):
    id: Id
    state: InvitationState
    group: GroupRef
    practitioner_id: Id
    invited_by: PersonRef
    created_at: Moment

    @classmethod
    def of(cls, row: Invitation) -> InvitationOut:
        return cls(id=row.id, state=row.state, group={"slug": row.group.slug, "name": row.group.name},
                   practitioner_id=row.practitioner_id, invited_by=PersonRef.of(row.invited_by),
                   created_at=iso(row.created_at))


class OwnPractitioner(PractitionerOut):
    """One's own account: the public view, one's email and the invitations awaiting one."""

    email: str
    email_confirmed: bool
    invitations: list[InvitationOut]

    @classmethod
    def of(cls, person: Practitioner) -> OwnPractitioner:
        return cls(**PractitionerOut.fields_of(person), email=person.email,
                   email_confirmed=person.email_confirmed_at is not None,
                   invitations=[InvitationOut.of(i) for i in invitations.pending_for(person)])


class Registration(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "email": "ann@example.org", "password": "a long enough passphrase", "name": "Ann Example",
        "region": "Bristol", "practice": "Person-centred counselling", "looking_for_group": True}]})

    email: Email
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1000, json_schema_extra=NO_NUL)
    name: Text(MAX_NAME, required=True)
    region: Text(MAX_REGION) = ""
    practice: Text(10_000) = ""
    looking_for_group: bool = False


class TokenRequest(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"email": "ann@example.org", "password": "a long enough passphrase", "label": "my script"}]})

    email: Text(1000, required=True)
    password: Text(1000, required=True)
    label: Text(80) = ""


class TokenOut(Answer):
    token: str


class AccreditationQuery(Query):
    on: DayText | None = Field(None, description="YYYY-MM-DD; default today; a future day is a 422.")


class AccreditationOut(Answer):
    practitioner_id: Id
    accredited: bool
    on: DayOut
    via: list[str]
    pathways: list[ShownPathwayOut] = Field(description="Other networks' pathways the practitioner shows, "
                                                        "completed by that day (R19).")


class Membership(Answer):
    state: InGroup


class InvitationAnswer(Answer):
    id: Id
    state: InvitationState
    group: str
    membership: Membership | None = None


# --- Groups ----------------------------------------------------------------------------------


class Member(Answer):
    id: Id
    name: str
    state: InGroup


class CurrentStatement(Answer):
    id: Id
    text: str
    html: str
    published_at: Moment


class GroupLink(Answer):
    id: Id
    partner: str
    partner_name: str
    state: LiveLinkState
    proposed_by: str
    validated_until: DayOut | None

    @classmethod
    def all_of(cls, row: Group) -> list[GroupLink]:
        """The group's live links; `validated_until` is the last day the partner's latest
        validation of this group counts (past when lapsed), null after concerns or no visit."""
        validated = {view.link.id: view.of_us.valid_until for view in link_views.active_links(row)}
        result = []
        for link in link_views.live_links(row):
            partner = link.partner if link.group_id == row.id else link.group
            result.append(cls(id=link.id, partner=partner.slug, partner_name=partner.name, state=link.state,
                              proposed_by=link.group.slug, validated_until=iso(validated.get(link.id))))
        return result


class Criterion(Answer):
    rule: str
    met: bool
    detail: str


class Rhythm(Answer):
    every_weeks: int | None = Field(ge=1, description="About every N weeks; null after a single meeting.")
    last_met: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description="YYYY-MM: the month it last met.")


def _rhythm(row: Group) -> dict | None:
    from ipn.services.meetings import public_rhythm

    found = public_rhythm(row)
    return None if found is None else found.as_dict()


class GroupOut(Answer):
    """A group as API.md "A group" shows it, with every rule behind its status."""

    slug: str
    name: str
    region: str
    status: GroupStatus
    status_label: str
    open_to_new_members: bool
    founded_at: Moment
    dissolved_at: Moment | None
    members: list[Member]
    statement: CurrentStatement | None
    links: list[GroupLink]
    criteria: list[Criterion]
    rhythm: Rhythm | None = Field(description="How often the group meets and the month it last met, only "
                                              "when the group chose to show it (SPEC R18); otherwise null.")

    @classmethod
    def of(cls, row: Group) -> GroupOut:
        facts.preload([row])  # its facts, statements, links and graph in a few queries (issue 13)
        stays = facts.current_memberships(row.id)
        current = statements.current_statement(row.id)
        return cls(
            slug=row.slug, name=row.name, region=row.region, status=row.status,
            status_label=GroupStatus(row.status).label, open_to_new_members=row.open_to_new_members,
            founded_at=iso(row.founded_at), dissolved_at=iso(row.dissolved_at),
            members=[{"id": s.practitioner_id, "name": s.practitioner.name, "state": s.state} for s in stays],
            statement=None if current is None else {
                "id": current.id, "text": current.text, "html": markdown.render(current.text),
                "published_at": iso(current.published_at)},
            links=GroupLink.all_of(row),
            criteria=[c.as_dict() for c in facts.assess(row).criteria],
            rhythm=_rhythm(row),
        )


# Query texts are short enough that the longest query, percent-encoded, fits gunicorn's
# request line (4094 bytes by default).
class GroupQuery(Paging):
    q: Text(100) = Field("", description="Searches name, region and current statement.")
    status: GroupStatus | None = None
    region: Text(MAX_REGION) = ""


class FoundGroup(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Fern Group", "region": "Leeds"}]})

    name: Text(MAX_NAME, required=True)
    region: Text(MAX_REGION) = ""


class PractitionerChoice(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"practitioner_id": 2}]})

    practitioner_id: Id


class StandByOut(Answer):
    group: str
    giver_id: Id
    receiver_id: Id
    since: Moment


class StandByWithdrawn(Answer):
    group: str
    giver_id: Id
    receiver_id: Id
    withdrawn_at: Moment


class Reason(Body):
    """A reason, in the body or (for DELETE) in the query."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "We have agreed to part."}]})

    reason: Text(MAX_REASON, required=True)


class Left(Answer):
    group: str
    left: bool
    status: GroupStatus


class Dissolution(Answer):
    group: str
    dissolved: bool


# --- Statements ------------------------------------------------------------------------------


class StatementOut(Answer):
    id: Id
    state: StatementState
    text: str
    html: str
    published_at: Moment | None
    superseded_at: Moment | None

    @classmethod
    def fields_of(cls, row: Statement) -> dict:
        return {"id": row.id, "state": row.state, "text": row.text, "html": markdown.render(row.text),
                "published_at": iso(row.published_at), "superseded_at": iso(row.superseded_at)}

    @classmethod
    def of(cls, row: Statement) -> StatementOut:
        return cls(**cls.fields_of(row))


class Draft(StatementOut):
    """A draft with its version and who has endorsed it."""

    version: Id = Field(description="Which version of the draft: every edit adds one. Endorse with it.")
    endorsed_by: list[Id]

    @classmethod
    def of(cls, row: Statement) -> Draft:
        return cls(**StatementOut.fields_of(row), version=row.revision,
                   endorsed_by=sorted(statements.endorser_ids(row)))


class EndorseVersion(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1}]})

    version: Id | None = Field(None, description="The draft's version as read (the draft answer's `version`); "
                                                 "a draft edited since is a 409 `stale_version`. Without it, "
                                                 "the draft as it is now.")


class StatementText(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "We hold each other to account."}]})

    text: Text(statement_service.MAX_TEXT, required=True)


# --- Links, visits, the network -------------------------------------------------------------


class LinkOut(Answer):
    id: Id
    state: LinkState
    group: str
    partner: str
    proposed_at: Moment
    answered_at: Moment | None
    ended_at: Moment | None

    @classmethod
    def of(cls, row: Link) -> LinkOut:
        return cls(id=row.id, state=row.state, group=row.group.slug, partner=row.partner.slug,
                   proposed_at=iso(row.proposed_at), answered_at=iso(row.answered_at), ended_at=iso(row.ended_at))


class ProposeLink(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"partner": "hill-group"}]})

    partner: Text(1000, required=True, description="The partner group's slug.")


class VisitIn(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"group": "river-group", "date": "2026-03-14", "outcome": "validated", "note": "A good visit."}]})

    group: Text(1000, required=True, description="The visited group's slug.")
    date: DayText
    outcome: Annotated[VisitOutcome, Field(strict=False)]
    visitors: list[Id] | None = Field(None, max_length=50,
                                      description="Members of the visiting group; default: the caller.")
    note: Text(link_service.MAX_NOTE) = ""


class VisitOut(Answer):
    """A visit without its note (the note is private to the two groups)."""

    id: Id
    link_id: Id
    visiting: str
    visited: str
    date: DayOut
    outcome: VisitOutcome
    visitors: list[Id]
    recorded_at: Moment

    @classmethod
    def of(cls, row) -> VisitOut:
        return cls(id=row.id, link_id=row.link_id, visiting=row.visiting_group.slug,
                   visited=row.visited_group.slug, date=iso(row.date), outcome=row.outcome,
                   visitors=sorted(p.id for p in row.visitors), recorded_at=iso(row.recorded_at))


class RegionQuery(Query):
    region: Text(MAX_REGION) = ""


class NetworkNode(Answer):
    slug: str
    name: str
    status: GroupStatus
    region: str


class NetworkEdge(Answer):
    link_id: Id
    a: str
    b: str
    state: Literal["active"]
    validated: dict[str, DayOut | None]


class Network(Answer):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


# --- Concerns --------------------------------------------------------------------------------


class RaiseConcern(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"about_group": "river-group", "name": "A client", "email": "client@example.org",
         "text": "I am worried about how my sessions ended."}]})

    about_practitioner_id: Id | None = None
    about_group: Text(1000) = Field("", description="A group's slug (or give about_practitioner_id).")
    name: Text(concern_service.MAX_NAME, required=True)
    email: Email
    text: Text(concern_service.MAX_TEXT, required=True)


class ConcernReceived(Answer):
    state: Literal["received"]
    message: str
    follow_token: str


class AboutPractitioner(Answer):
    practitioner: PersonRef


class AboutGroup(Answer):
    group: str | None


class ConcernResponse(Answer):
    id: Id
    text: str
    created_at: Moment
    group: str | None
    author: PersonRef


class MembersOutcome(Answer):
    text: str
    recorded_at: Moment
    group: str | None
    author: PersonRef


class TimelineStep(Answer):
    at: Moment
    kind: TimelineKind
    group: str | None
    author: PersonRef | None


class ConcernOut(Answer):
    """A concern as its group's members (and, once escalated, the link groups') read it."""

    id: Id
    state: ConcernState
    raised_at: Moment
    escalated_at: Moment | None
    about: AboutPractitioner | AboutGroup
    name: str
    text: str
    responses: list[ConcernResponse]
    resolved_at: Moment | None
    outcome: MembersOutcome | None
    timeline: list[TimelineStep]


class ConcernAnswer(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "We have spoken with our member and will write to you.", "group": "river-group"}]})

    text: Text(concern_service.MAX_RESPONSE, required=True)
    group: Text(1000) = Field("", description="The slug of the group one answers for, if in several.")


class ConcernResponseCreated(Answer):
    id: Id
    concern_id: Id
    state: ConcernState
    created_at: Moment


class RaiserResponse(Answer):
    text: str
    created_at: Moment


class RaiserOutcome(Answer):
    text: str
    recorded_at: Moment


class RaiserStep(Answer):
    at: Moment
    kind: TimelineKind


class ConcernFollow(Answer):
    """What the person who raised a concern sees: its course, nothing of who."""

    state: ConcernState
    raised_at: Moment
    escalated_at: Moment | None
    text: str
    responses: list[RaiserResponse]
    resolved_at: Moment | None
    outcome: RaiserOutcome | None
    timeline: list[RaiserStep]
    can_say_unresolved: bool
    can_say_resolved: bool


# --- Gatherings and governance ----------------------------------------------------------------


class GatheringOut(Answer):
    id: Id
    date: DayOut
    place: str
    netcom_url: str | None

    @classmethod
    def of(cls, row: Gathering, netcom_url: str | None) -> GatheringOut:
        return cls(id=row.id, date=iso(row.date), place=row.place, netcom_url=netcom_url)


class Quorum(Answer):
    represented: int = Field(ge=0)
    groups: int = Field(ge=0)
    needed: int = Field(ge=0)


class GatheringDetail(Answer):
    id: Id
    date: DayOut
    place: str
    description: str
    announced_by: PersonRef | None
    quorate: bool | None
    quorum: Quorum | None
    attended: list[PersonRef]
    will_attend: list[PersonRef]
    groups_represented: list[str]
    proposals: list[Id]
    netcom_url: str | None


class AnnounceGathering(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"date": "2026-09-12", "place": "Friends Meeting House, Leeds", "description": "Our autumn Gathering."}]})

    date: DayText
    place: Text(gatherings.MAX_PLACE, required=True)
    description: Text(gatherings.MAX_DESCRIPTION) = ""


class Attendance(Answer):
    id: Id
    attended: bool


class Rules(Answer):
    min_members: int
    max_members: int
    links_needed: int
    validation_months: int
    triangle_rule: bool
    quorum_fraction: str = Field(description="A share such as 1/3.")
    pathways: str = Field(description="The pathway versions in force (SPEC R19), such as \"cci-member@1\".")


class RuleVersion(Answer):
    in_force_since: DayOut | None
    rules: Rules
    by_proposal: Id | None


class RulesOn(RuleVersion):
    on: DayOut


class DayQuery(Query):
    on: DayText | None = Field(None, description="YYYY-MM-DD; default today.")


def _no_null_defaults(schema: dict, at_least_one: bool = True) -> None:
    """At least one field (unless not); a field not given has no value (not null)."""
    if at_least_one:
        schema["minProperties"] = 1
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


Count = Annotated[int, Field(ge=1, le=1000)]
# A share above 0 and at most 1, as a number or as text ("1/4", "0.25"); above 1 is a 422 rule_values.
Share = Annotated[float, Field(gt=0, le=1)] | Annotated[str, Field(pattern=r"^(0*[1-9][0-9]*/0*[1-9][0-9]*|0*\.0*[1-9][0-9]*|0*1(\.0*)?)$")]


# Pathway versions, separated by spaces: "balint-leader@1 cci-member@1" (SPEC R19).
PathwayKeys = Annotated[str, Field(max_length=300, pattern=r"^\s*[a-z0-9]+(-[a-z0-9]+)*@[1-9][0-9]{0,5}"
                                                        r"([\s,]+[a-z0-9]+(-[a-z0-9]+)*@[1-9][0-9]{0,5})*\s*$")]


class RuleChanges(Body):
    """The rules a proposal changes, each with its new value (at least one)."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=lambda schema: _no_null_defaults(schema))

    # Each is optional but never null (None here only means "not given").
    min_members: Count = None
    max_members: Count = None
    links_needed: Count = None
    validation_months: Count = None
    triangle_rule: bool | Literal["on", "off"] = None
    quorum_fraction: Share = Field(None, description="A share such as \"1/4\" or 0.25, above 0 and at most 1.")
    pathways: PathwayKeys = Field(None, description="Every pathway version to be in force, such as "
                                                    "\"balint-leader@1 cci-member@2\"; each a file the registry ships.")

    @model_validator(mode="after")
    def _some(self) -> RuleChanges:
        if not self.given():
            raise ValueError("Give at least one rule and its new value.")
        return self

    def given(self) -> dict:
        return {name: value for name, value in self if value is not None}


class ProposalIn(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"title": "Smaller groups", "text": "Let four stand by each other.", "changes": {"min_members": 4},
         "gathering": 1, "immediate": False}]})

    title: Text(proposals.MAX_TITLE, required=True)
    text: Text(proposals.MAX_TEXT, required=True)
    changes: RuleChanges
    gathering: Id
    immediate: bool = False


class PositionOut(Answer):
    practitioner: PersonRef
    position: PositionKind
    reason: str | None
    recorded_at: Moment


class ProposalGathering(Answer):
    id: Id
    date: DayOut
    place: str
    quorate: bool | None
    consensus: bool
    positions: list[PositionOut]


class ProposalOut(Answer):
    id: Id
    title: str
    text: str
    html: str
    changes: dict[str, int | bool | str]
    immediate: bool
    state: ProposalState
    presented_at: Id
    author: PersonRef
    created_at: Moment
    gatherings: list[ProposalGathering]
    effective_from: DayOut | None


class PositionIn(Body):
    model_config = ConfigDict(json_schema_extra={
        "examples": [{"gathering": 1, "position": "agree", "reason": ""}],
        # A block needs a reason.
        "if": {"properties": {"position": {"const": "block"}}, "required": ["position"]},
        "then": {"properties": {"reason": {"pattern": NONBLANK}}, "required": ["reason"]},
    })

    gathering: Id
    position: PositionKind
    reason: Text(proposals.MAX_REASON) = Field("", description="Required for a block.")

    @model_validator(mode="after")
    def _block_has_reason(self) -> PositionIn:
        if self.position == "block" and not self.reason.strip():
            raise PydanticCustomError("block_reason", "Say why you block the proposal.", {"field": "reason"})
        return self


class NetcomIn(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"title": "News from Leeds", "text": "We met, and **agreed**.", "publish": False}]})

    title: Text(netcom.MAX_TITLE, required=True)
    text: Text(netcom.MAX_TEXT, required=True)
    publish: bool = False


class NetcomIssue(Answer):
    gathering: Id
    title: str
    text: str
    html: str
    author: PersonRef
    published_on: DayOut | None
    url: str | None


# --- Accounts by email -----------------------------------------------------------------------


class LinkToken(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"token": "the-token-from-the-link"}]})

    token: Text(200, required=True)


class EmailOnly(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "ann@example.org"}]})

    email: Text(1000, required=True)


class NewPassword(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"token": "the-token-from-the-link", "password": "a new long passphrase"}]})

    token: Text(200, required=True)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1000, json_schema_extra=NO_NUL)


class NewEmail(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"email": "ann@new.example.org", "password": "a long enough passphrase"}]})

    email: Email
    password: Text(1000, required=True)


class Sent(Answer):
    sent: bool


class Message(Answer):
    message: str


class Confirmed(Answer):
    confirmed: bool
    practitioner_id: Id


class ResetDone(Answer):
    reset: bool
    practitioner_id: Id


class EmailChanged(Answer):
    email_changed: bool
    practitioner_id: Id


MailPreferences = create_model(
    "MailPreferences", __base__=Answer, __doc__="Which kinds of email one receives.",
    **{name: (bool, ...) for name in PREFERENCES})


class _MailChoices(Body):
    model_config = ConfigDict(strict=True, extra="forbid",
                              json_schema_extra={"examples": [{"mail_links": False, "mail_concerns": True}]})


MailChoices = create_model(
    "MailChoices", __base__=_MailChoices,
    __doc__="Any of the kinds of email, true or false; the rest stay as they are.",
    **{name: (bool | None, None) for name in PREFERENCES})


class Probe(Answer):
    status: str
    database: str | None = None




# --- Parity with the pages (issue 11): profile, openness, notifications, matrix, visits ---------


def _profile_schema(schema: dict) -> None:
    _no_null_defaults(schema, at_least_one=False)
    schema["examples"] = [{"name": "Ann Example", "region": "Leeds", "practice": "Couples counselling",
                           "looking_for_group": False}]


class ProfileIn(Body):
    """Any of one's profile's fields; the rest stay as they are."""

    model_config = ConfigDict(json_schema_extra=lambda schema: _profile_schema(schema))

    name: Text(MAX_NAME, required=True) = None
    region: Text(MAX_REGION) = None
    practice: Text(10_000) = None
    looking_for_group: bool = None


class Openness(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"open": True}]})

    open: bool = Field(description="Whether the group is open to new members (R17).")


class NotificationOut(Answer):
    id: Id
    text: str
    group: str | None
    created_at: Moment
    read_at: Moment | None


class Marked(Answer):
    marked: int = Field(ge=0, description="How many notifications were marked read.")


class MatrixPerson(Answer):
    id: Id
    name: str
    state: InGroup


class MatrixCell(Answer):
    giver: Id
    receiver: Id
    state: Literal["stands", "withdrawn", "gap"]
    since: Moment | None = Field(description="When the stand-by was given, or withdrawn.")
    reason: str | None = Field(description="Why it was withdrawn: for the group's members only.")
    holds_back: bool = Field(description="A gap between two members: standing-by is not accomplished.")
    holds_back_joining: bool = Field(description="A gap between a member and someone joining.")


class StandByMatrix(Answer):
    """Who stands by whom among the people now in the group (members first)."""

    group: str
    people: list[MatrixPerson]
    cells: list[MatrixCell]


class LinkVisit(VisitOut):
    """A visit as the two groups see it; its note is for their members only."""

    note: str | None


# --- Practice records and pathways (SPEC R19) ------------------------------------------------

PracticeKindName = Literal[tuple(kind.value for kind in PracticeKind)]  # type: ignore[valid-type]


def _practice_schema(schema: dict) -> None:
    """Hours or sessions for practice; the pathway for an accreditation held before."""
    _no_null_defaults(schema, at_least_one=False)
    schema["allOf"] = [
        {"if": {"properties": {"kind": {"const": PracticeKind.PRIOR_ACCREDITATION.value}}},
         "then": {"required": ["pathway"]},
         "else": {"anyOf": [{"required": ["hours"]}, {"required": ["sessions"]}]}}]
    schema.setdefault("examples", [
        {"kind": "cocounselling_training", "started": "2026-01-10", "ended": "2026-03-28", "hours": 40,
         "attester": 2, "note": "Fundamentals course, Glasgow"}])


class PracticeIn(Body):
    """Practice to be attested: hours or sessions (or both), never anything about a client.
    Optional fields are left out when not given (never null)."""

    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_practice_schema)

    kind: PracticeKindName
    started: DayText
    ended: DayText
    hours: Annotated[float, Field(ge=0.25, le=practice_service.MAX_HOURS)] = Field(
        None, description="Hours, from 0.25 (fractions allowed); give hours, sessions or both.")
    sessions: Annotated[int, Field(ge=1, le=practice_service.MAX_SESSIONS)] = None
    attester: Id = Field(description="The practitioner who attests it: teacher, leader or supervisor.")
    pathway: Text(60) = Field(None, description="For a prior_accreditation: the slug of a pathway in force.")
    note: Text(500) = Field("", description=practice_service.NOTE_HINT)

    @model_validator(mode="after")
    def _some_practice(self) -> PracticeIn:
        if self.kind == PracticeKind.PRIOR_ACCREDITATION:
            if self.pathway is None:
                raise PydanticCustomError("missing", "Name the pathway of the accreditation held before.",
                                          {"field": "pathway"})
        elif self.hours is None and self.sessions is None:
            raise PydanticCustomError("missing", "Give the hours, or the number of sessions.", {"field": "hours"})
        return self


class PracticeOut(Answer):
    id: Id
    state: Literal[tuple(state.value for state in PracticeState)]  # type: ignore[valid-type]


class AttestationIn(Body):
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={"examples": [{"confirmed": True}]})

    confirmed: bool = Field(description="true attests the record (it counts from today); false declines it.")


class CriterionOut(Answer):
    rule: str
    met: bool
    detail: str


class ProgressOut(Answer):
    slug: str
    name: str
    completed_on: DayOut | None
    criteria: list[CriterionOut]

    @classmethod
    def of(cls, item) -> ProgressOut:
        return cls(slug=item.pathway.slug, name=item.pathway.name, completed_on=iso(item.completed_on),
                   criteria=[CriterionOut(**c.as_dict()) for c in item.criteria])


class RequirementOut(Answer):
    rule: str
    title: str
    kind: PracticeKindName
    hours: int | None
    sessions: int | None
    attested_by: str | None = Field(description="The pathway (slug) its attester must hold; null: any registered "
                                                "practitioner, or a group's meeting record.")
    required: bool
    source: str


class PathwayOut(Answer):
    slug: str
    version: int
    name: str
    source: str
    requirements: list[RequirementOut]

    @classmethod
    def of(cls, pathway) -> PathwayOut:
        return cls(slug=pathway.slug, version=pathway.version, name=pathway.name, source=pathway.source,
                   requirements=[RequirementOut(rule=r.rule, title=r.title, kind=r.kind, hours=r.hours,
                                                sessions=r.sessions, attested_by=r.attested_by_pathway,
                                                required=r.required, source=r.source)
                                 for r in pathway.requirements])

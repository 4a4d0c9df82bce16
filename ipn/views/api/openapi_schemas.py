"""The OpenAPI document's building blocks and the schema of every object the API answers
with (SCHEMAS); the operations are in ipn.views.api.openapi."""

from __future__ import annotations

from typing import Any

from ipn.services.outbox import PREFERENCES
from ipn.states import (
    LIVE_LINK_STATES,
    GroupStatus,
    InvitationState,
    LinkState,
    MembershipState,
    StatementState,
)

JSON = "application/json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str] | None = None, **properties: Any) -> dict:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def string(fmt: str | None = None, nullable: bool = False, **extra: Any) -> dict:
    schema: dict[str, Any] = {"type": "string", **extra}
    if fmt:
        schema["format"] = fmt
    if nullable:
        schema["nullable"] = True
    return schema


def integer(**extra: Any) -> dict:
    return {"type": "integer", **extra}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def page_of(item: str) -> dict:
    return obj(["items", "total", "page", "per_page"], items=array(ref(item)), total=integer(minimum=0),
               page=integer(minimum=1), per_page=integer(minimum=1, maximum=100))


ID = integer(minimum=1)


def values(*states) -> list[str]:
    return [str(s) for s in states]


STATUS = string(enum=values(*GroupStatus))
TIMELINE_KIND = string(enum=["raised", "response", "escalated", "resolved", "outcome"])

SCHEMAS = {
    "Error": obj(["error"], error=obj(
        ["code", "message", "fields"], code=string(), message=string(),
        fields={"type": "object", "additionalProperties": array(string())})),
    "GroupRef": obj(["slug", "name", "status", "state"], slug=string(), name=string(), status=STATUS,
                    state=string(enum=values(MembershipState.MEMBER, MembershipState.JOINING))),
    "Practitioner": obj(
        ["id", "name", "region", "practice", "groups", "accredited"],
        id=ID, name=string(), region=string(), practice=string(), looking_for_group={"type": "boolean"},
        groups=array(ref("GroupRef")), accredited={"type": "boolean"}),
    "OwnPractitioner": {"allOf": [ref("Practitioner"), obj(
        ["email", "invitations"], email=string(), email_confirmed={"type": "boolean"},
        invitations=array(ref("Invitation")))]},
    "MailPreferences": obj(list(PREFERENCES), **{k: {"type": "boolean"} for k in PREFERENCES}),
    "Invitation": obj(
        ["id", "state", "group", "practitioner_id"], id=ID,
        state=string(enum=values(*InvitationState)),
        group=obj(["slug", "name"], slug=string(), name=string()), practitioner_id=ID,
        invited_by=obj(["id", "name"], id=ID, name=string()), created_at=string("date-time")),
    "InvitationAnswer": obj(["id", "state", "group"], id=ID, state=string(), group=string(),
                            membership=obj(["state"], state=string(enum=values(MembershipState.MEMBER, MembershipState.JOINING)))),
    "Token": obj(["token"], token=string()),
    "Accreditation": obj(["accredited", "on", "via"], practitioner_id=ID, accredited={"type": "boolean"},
                         on=string("date"), via=array(string())),
    "Criterion": obj(["rule", "met", "detail"], rule=string(), met={"type": "boolean"}, detail=string()),
    "GroupLink": obj(["id", "partner", "state", "validated_until"], id=ID, partner=string(),
                     partner_name=string(), proposed_by=string(), state=string(enum=values(*LIVE_LINK_STATES)),
                     validated_until=string("date", nullable=True)),
    "Group": obj(
        ["slug", "name", "region", "status", "members", "statement", "links", "criteria"],
        slug=string(), name=string(), region=string(), status=STATUS, status_label=string(),
        open_to_new_members={"type": "boolean"}, founded_at=string("date-time"),
        dissolved_at=string("date-time", nullable=True),
        members=array(obj(["id", "name", "state"], id=ID, name=string(),
                          state=string(enum=values(MembershipState.MEMBER, MembershipState.JOINING)))),
        statement={**obj(["id", "text", "html", "published_at"], id=ID, text=string(), html=string(),
                         published_at=string("date-time")), "nullable": True},
        links=array(ref("GroupLink")), criteria=array(ref("Criterion"))),
    "GroupList": page_of("Group"),
    "Statement": obj(["id", "state", "text", "html", "published_at", "superseded_at"], id=ID,
                     state=string(enum=values(*StatementState)), text=string(), html=string(),
                     published_at=string("date-time", nullable=True),
                     superseded_at=string("date-time", nullable=True)),
    "StatementList": page_of("Statement"),
    "Draft": {"allOf": [ref("Statement"), obj(["version", "endorsed_by"], version=ID, endorsed_by=array(ID))]},
    "StandBy": obj(["group", "giver_id", "receiver_id"], group=string(), giver_id=ID, receiver_id=ID,
                   since=string("date-time")),
    "StandByWithdrawn": obj(["group", "giver_id", "receiver_id"], group=string(), giver_id=ID, receiver_id=ID,
                            withdrawn_at=string("date-time")),
    "Left": obj(["group", "left", "status"], group=string(), left={"type": "boolean"}, status=STATUS),
    "Dissolution": obj(["group", "dissolved"], group=string(), dissolved={"type": "boolean"}),
    "Link": obj(["id", "state", "group", "partner"], id=ID,
                state=string(enum=values(*LinkState)), group=string(), partner=string(),
                proposed_at=string("date-time"), answered_at=string("date-time", nullable=True),
                ended_at=string("date-time", nullable=True)),
    "Visit": obj(["id", "link_id", "visiting", "visited", "date", "outcome", "visitors"], id=ID, link_id=ID,
                 visiting=string(), visited=string(), date=string("date"),
                 outcome=string(enum=["validated", "concerns"]), visitors=array(ID),
                 recorded_at=string("date-time")),
    "Network": obj(
        ["nodes", "edges"],
        nodes=array(obj(["slug", "name", "status"], slug=string(), name=string(), status=STATUS,
                        region=string())),
        edges=array(obj(["link_id", "a", "b", "state", "validated"], link_id=ID, a=string(), b=string(),
                        state=string(enum=values(LinkState.ACTIVE)),
                        validated={"type": "object", "additionalProperties": string("date", nullable=True)}))),
    "ConcernReceived": obj(["state", "message", "follow_token"], state=string(enum=["received"]),
                           message=string(), follow_token=string()),
    "Concern": obj(
        ["id", "state", "raised_at", "text", "responses"], id=ID,
        state=string(enum=["open", "responded", "escalated", "closed"]), raised_at=string("date-time"),
        escalated_at=string("date-time", nullable=True),
        about=obj(None, practitioner=obj(["id", "name"], id=ID, name=string()), group=string()),
        name=string(), text=string(),
        responses=array(obj(["id", "text", "created_at"], id=ID, text=string(), created_at=string("date-time"),
                            group=string(nullable=True), author=obj(["id", "name"], id=ID, name=string()))),
        resolved_at=string("date-time", nullable=True),
        outcome={**obj(["text", "recorded_at"], text=string(), recorded_at=string("date-time"),
                       group=string(nullable=True), author=obj(["id", "name"], id=ID, name=string())),
                 "nullable": True},
        timeline=array(obj(["at", "kind"], at=string("date-time"), kind=TIMELINE_KIND, group=string(nullable=True),
                           author={**obj(["id", "name"], id=ID, name=string()), "nullable": True}))),
    "ConcernList": page_of("Concern"),
    "ConcernResponseCreated": obj(["id", "concern_id", "state"], id=ID, concern_id=ID, state=string(),
                                  created_at=string("date-time")),
    "ConcernFollow": obj(["state", "raised_at", "text", "responses"], state=string(),
                         raised_at=string("date-time"), escalated_at=string("date-time", nullable=True),
                         text=string(),
                         responses=array(obj(["text", "created_at"], text=string(),
                                             created_at=string("date-time"))),
                         resolved_at=string("date-time", nullable=True),
                         outcome={**obj(["text", "recorded_at"], text=string(), recorded_at=string("date-time")),
                                  "nullable": True},
                         timeline=array(obj(["at", "kind"], at=string("date-time"), kind=TIMELINE_KIND)),
                         can_say_unresolved={"type": "boolean"}, can_say_resolved={"type": "boolean"}),
    "Gathering": obj(["id", "date", "place", "netcom_url"], id=ID, date=string("date"), place=string(),
                     netcom_url=string(nullable=True)),
    "GatheringList": page_of("Gathering"),
    "PersonRef": obj(["id", "name"], id=ID, name=string()),
    "GatheringDetail": obj(
        ["id", "date", "place", "quorate", "groups_represented", "proposals", "netcom_url"], id=ID,
        date=string("date"), place=string(), description=string(),
        announced_by={**ref("PersonRef"), "nullable": True},
        quorate={"type": "boolean", "nullable": True},
        quorum={**obj(["represented", "groups", "needed"], represented=integer(minimum=0),
                      groups=integer(minimum=0), needed=integer(minimum=1)), "nullable": True},
        attended=array(ref("PersonRef")), will_attend=array(ref("PersonRef")),
        groups_represented=array(string()), proposals=array(ID), netcom_url=string(nullable=True)),
    "Attendance": obj(["id", "attended"], id=ID, attended={"type": "boolean"}),
    "Rules": obj(["min_members", "max_members", "links_needed", "validation_months", "triangle_rule",
                  "quorum_fraction"], min_members=integer(minimum=1), max_members=integer(minimum=1),
                 links_needed=integer(minimum=1), validation_months=integer(minimum=1),
                 triangle_rule={"type": "boolean"},
                 quorum_fraction=string(description="A share such as 1/3.")),
    "RuleVersion": obj(["in_force_since", "rules", "by_proposal"], in_force_since=string("date"),
                       rules=ref("Rules"), by_proposal={**ID, "nullable": True}),
    "RulesOn": {"allOf": [ref("RuleVersion"), obj(["on"], on=string("date"))]},
    "RuleVersionList": page_of("RuleVersion"),
    "Proposal": obj(
        ["id", "title", "changes", "state", "gatherings", "effective_from"], id=ID, title=string(),
        text=string(), html=string(), changes={"type": "object"}, immediate={"type": "boolean"},
        state=string(enum=["presented", "consensus", "ratified", "blocked", "in_force"]),
        presented_at=ID, author=ref("PersonRef"), created_at=string("date-time"),
        gatherings=array(obj(
            ["id", "date", "quorate", "consensus", "positions"], id=ID, date=string("date"), place=string(),
            quorate={"type": "boolean", "nullable": True}, consensus={"type": "boolean"},
            positions=array(obj(["practitioner", "position", "reason"], practitioner=ref("PersonRef"),
                                position=string(enum=["agree", "stand_aside", "block"]),
                                reason=string(nullable=True), recorded_at=string("date-time"))))),
        effective_from=string("date", nullable=True)),
    "ProposalList": page_of("Proposal"),
    "NetcomIssue": obj(["gathering", "title", "text", "html", "published_on", "url"], gathering=ID, title=string(),
                       text=string(), html=string(), author=ref("PersonRef"),
                       published_on=string("date", nullable=True), url=string(nullable=True)),
    "NetcomIssueList": page_of("NetcomIssue"),
    "Probe": obj(["status"], status=string(), database=string()),
}

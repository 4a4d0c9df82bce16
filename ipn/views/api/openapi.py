"""The OpenAPI 3.0 document of the API, written by hand to say what the server does; the
schema test fuzzes the server against it (tests/test_api_schema.py). The objects' schemas are
in ipn.views.api.openapi_schemas."""

from __future__ import annotations

from typing import Any

from flask import current_app

from ipn.services.outbox import PREFERENCES
from ipn.views.api import bp
from ipn.views.api.openapi_schemas import (
    ID,
    JSON,
    SCHEMAS,
    STATUS,
    array,
    integer,
    obj,
    ref,
    string,
)

ERROR_WORDS = {
    "400": "Malformed: the body is not a JSON object, or text carries a NUL character.",
    "401": "No valid bearer token (or, for /tokens, no such email and password).",
    "403": "Not allowed for the caller.",
    "404": "No such thing.",
    "409": "Conflicts with the network's rules or with the current state.",
    "422": "A value is not valid; `fields` says which.",
    "429": "Rate limited.",
}


def responses(success: str, schema: str | None, *errors: str, description: str = "Done.") -> dict:
    answer: dict[str, Any] = {success: {"description": description}}
    if schema:
        answer[success]["content"] = {JSON: {"schema": ref(schema)}}
    for code in errors:
        answer[code] = {"description": ERROR_WORDS[code], "content": {JSON: {"schema": ref("Error")}}}
    return answer


def body(required: list[str], **properties: Any) -> dict:
    return {"required": True, "content": {JSON: {"schema": obj(required or None, **properties)}}}


def path_param(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def query_param(name: str, schema: dict, description: str = "") -> dict:
    param = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        param["description"] = description
    return param


SLUG = path_param("slug", string())
PAGING = [query_param("page", integer(minimum=1, maximum=10**9), "From 1."),
          query_param("per_page", integer(minimum=1, maximum=10**9), "Above 100 is treated as 100.")]
TOKEN = [{"bearerAuth": []}]


def op(summary: str, answers: dict, *, params: list | None = None, request: dict | None = None,
       token: bool = False, tag: str = "") -> dict:
    operation: dict[str, Any] = {"summary": summary, "responses": answers}
    if tag:
        operation["tags"] = [tag]
    if params:
        operation["parameters"] = params
        if any(p["in"] == "path" for p in params):
            # A path that names nothing (or is not a well-formed id or slug) is a 404.
            answers.setdefault("404", {"description": ERROR_WORDS["404"], "content": {JSON: {"schema": ref("Error")}}})
    if request:
        operation["requestBody"] = request
    # Any request can be refused as malformed (a NUL character anywhere, a body that is not JSON).
    answers.setdefault("400", {"description": ERROR_WORDS["400"], "content": {JSON: {"schema": ref("Error")}}})
    if token:
        operation["security"] = TOKEN
        answers.setdefault("401", {"description": ERROR_WORDS["401"], "content": {JSON: {"schema": ref("Error")}}})
    return operation


def id_path(name: str) -> dict:
    return path_param(name, integer(minimum=1))


TEXT = string()
PATHS = {
    "/api/v1/practitioners": {"post": op(
        "Register as a practitioner (SPEC R1).", responses("201", "OwnPractitioner", "400", "409", "422", "429"),
        request=body(["email", "password", "name"], email=TEXT, password=string(minLength=10), name=TEXT,
                     region=TEXT, practice=TEXT), tag="people")},
    "/api/v1/tokens": {"post": op(
        "Exchange email and password for a bearer token.", responses("201", "Token", "400", "401", "422", "429"),
        request=body(["email", "password"], email=TEXT, password=TEXT, label=TEXT), tag="people")},
    "/api/v1/me": {"get": op("One's own account, with email and pending invitations.",
                             responses("200", "OwnPractitioner"), token=True, tag="people")},
    "/api/v1/practitioners/{practitioner_id}": {"get": op(
        "A practitioner's public page.", responses("200", "Practitioner", "404"),
        params=[id_path("practitioner_id")], tag="people")},
    "/api/v1/practitioners/{practitioner_id}/accreditation": {"get": op(
        "Accredited at the end of a day (today by default; a future date is a 422).",
        responses("200", "Accreditation", "404", "422"),
        params=[id_path("practitioner_id"), query_param("on", string("date"))], tag="people")},
    "/api/v1/invitations/{invitation_id}/accept": {"post": op(
        "The invitee joins the group as a joining member.", responses("200", "InvitationAnswer", "403", "404", "409"),
        params=[id_path("invitation_id")], token=True, tag="groups")},
    "/api/v1/invitations/{invitation_id}/decline": {"post": op(
        "The invitee declines.", responses("200", "InvitationAnswer", "403", "404", "409"),
        params=[id_path("invitation_id")], token=True, tag="groups")},
    "/api/v1/groups": {
        "get": op("The directory of groups.", responses("200", "GroupList", "422"),
                  params=[query_param("q", TEXT, "Searches name, region and current statement."),
                          query_param("status", STATUS), query_param("region", TEXT), *PAGING], tag="groups"),
        "post": op("Found a group; the caller is its founder.", responses("201", "Group", "400", "409", "422"),
                   request=body(["name"], name=TEXT, region=TEXT), token=True, tag="groups"),
    },
    "/api/v1/groups/{slug}": {"get": op("A group.", responses("200", "Group", "404"), params=[SLUG], tag="groups")},
    "/api/v1/groups/{slug}/invitations": {"post": op(
        "A member invites a participant.", responses("201", "Invitation", "400", "403", "404", "409", "422"),
        params=[SLUG], request=body(["practitioner_id"], practitioner_id=ID), token=True, tag="groups")},
    "/api/v1/groups/{slug}/stand-bys": {"post": op(
        "The caller stands by someone in the group.", responses("201", "StandBy", "400", "403", "404", "409", "422"),
        params=[SLUG], request=body(["practitioner_id"], practitioner_id=ID), token=True, tag="groups")},
    "/api/v1/groups/{slug}/stand-bys/{practitioner_id}": {"delete": op(
        "Withdraw a stand-by, with a reason (in the query or the body) only members can read.",
        responses("200", "StandByWithdrawn", "400", "403", "404", "409", "422"),
        params=[SLUG, id_path("practitioner_id"), query_param("reason", TEXT)],
        request={"required": False, "content": {JSON: {"schema": obj(None, reason=TEXT)}}},
        token=True, tag="groups")},
    "/api/v1/groups/{slug}/leave": {"post": op(
        "Leave the group.", responses("200", "Left", "403", "404", "409"), params=[SLUG], token=True, tag="groups")},
    "/api/v1/groups/{slug}/dissolution": {"post": op(
        "Agree to dissolve; dissolved once every member has.", responses("200", "Dissolution", "403", "404", "409"),
        params=[SLUG], token=True, tag="groups")},
    "/api/v1/groups/{slug}/statements": {
        "get": op("Published versions, newest first.", responses("200", "StatementList", "404", "422"),
                  params=[SLUG, *PAGING], tag="statements"),
        "post": op("A member drafts a new version.", responses("201", "Draft", "400", "403", "404", "409", "422"),
                   params=[SLUG], request=body(["text"], text=TEXT), token=True, tag="statements"),
    },
    "/api/v1/groups/{slug}/draft": {"get": op(
        "The current draft and who endorsed it (members only).", responses("200", "Draft", "403", "404"),
        params=[SLUG], token=True, tag="statements")},
    "/api/v1/statements/{statement_id}": {"put": op(
        "Change a draft; clears its endorsements.", responses("200", "Draft", "400", "403", "404", "409", "422"),
        params=[id_path("statement_id")], request=body(["text"], text=TEXT), token=True, tag="statements")},
    "/api/v1/statements/{statement_id}/endorsements": {"post": op(
        "Endorse this version; the last endorsement publishes it. With `version` (the draft's), a draft "
        "edited since is a 409 `stale_version`.",
        responses("200", "Draft", "400", "403", "404", "409", "422"), params=[id_path("statement_id")],
        request={"required": False, "content": {JSON: {"schema": obj(None, version=integer(minimum=1))}}},
        token=True, tag="statements")},
    "/api/v1/groups/{slug}/links": {"post": op(
        "A member proposes a link to another member group.",
        responses("201", "Link", "400", "403", "404", "409", "422"), params=[SLUG],
        request=body(["partner"], partner=TEXT), token=True, tag="links")},
    "/api/v1/links/{link_id}/accept": {"post": op(
        "A member of the partner accepts.", responses("200", "Link", "403", "404", "409"),
        params=[id_path("link_id")], token=True, tag="links")},
    "/api/v1/links/{link_id}/decline": {"post": op(
        "A member of the partner declines.", responses("200", "Link", "403", "404", "409"),
        params=[id_path("link_id")], token=True, tag="links")},
    "/api/v1/links/{link_id}": {"delete": op(
        "A member of either group ends the link, with a reason (body or query).",
        responses("200", "Link", "400", "403", "404", "409", "422"),
        params=[id_path("link_id"), query_param("reason", TEXT)],
        request={"required": False, "content": {JSON: {"schema": obj(None, reason=TEXT)}}},
        token=True, tag="links")},
    "/api/v1/links/{link_id}/visits": {"post": op(
        "A member of the visiting group records a visit and its outcome.",
        responses("201", "Visit", "400", "403", "404", "409", "422"), params=[id_path("link_id")],
        request=body(["group", "date", "outcome"], group=TEXT, date=string("date"),
                     outcome=string(enum=["validated", "concerns"]), visitors=array(ID), note=TEXT),
        token=True, tag="links")},
    "/api/v1/network": {"get": op(
        "Every group and every active link, with validations.", responses("200", "Network", "422"),
        params=[query_param("region", TEXT)], tag="links")},
    "/api/v1/concerns": {"post": op(
        "Raise a concern about a practitioner or a group (reveals nothing of the group).",
        responses("201", "ConcernReceived", "400", "409", "422", "429"),
        request=body(["name", "email", "text"], about_practitioner_id=ID, about_group=TEXT, name=TEXT,
                     email=TEXT, text=TEXT), tag="concerns")},
    "/api/v1/groups/{slug}/concerns": {"get": op(
        "The group's concerns (members; link groups' members once escalated).",
        responses("200", "ConcernList", "403", "404", "409", "422"), params=[SLUG, *PAGING], token=True,
        tag="concerns")},
    "/api/v1/concerns/{concern_id}/responses": {"post": op(
        "A member of the group concerned responds.",
        responses("201", "ConcernResponseCreated", "400", "403", "409", "422"),
        params=[id_path("concern_id")], request=body(["text"], text=TEXT, group=TEXT), token=True,
        tag="concerns")},
    "/api/v1/concerns/follow/{token}": {"get": op(
        "The person who raised a concern follows it.", responses("200", "ConcernFollow", "404"),
        params=[path_param("token", string())], tag="concerns")},
    "/api/v1/concerns/follow/{token}/unresolved": {"post": op(
        "The person who raised it says it is unresolved: it is escalated.",
        responses("200", "ConcernFollow", "404", "409"), params=[path_param("token", string())], tag="concerns")},
    "/api/v1/gatherings": {
        "get": op("The network's Gatherings.", responses("200", "GatheringList", "422"), params=PAGING,
                  tag="gatherings"),
        "post": op("Any participant announces a Gathering.", responses("201", "GatheringDetail", "409", "422"),
                   request=body(["date", "place"], date=string("date"), place=TEXT, description=TEXT),
                   token=True, tag="gatherings"),
    },
    "/api/v1/gatherings/{gathering_id}": {"get": op(
        "A Gathering: who came, the groups represented, whether it was quorate (null before its day).",
        responses("200", "GatheringDetail", "404"), params=[id_path("gathering_id")], tag="gatherings")},
    "/api/v1/gatherings/{gathering_id}/attendance": {"post": op(
        "Before the day the caller will attend; on or after it, they attended.",
        responses("200", "Attendance", "404", "409"), params=[id_path("gathering_id")], token=True,
        tag="gatherings")},
    "/api/v1/proposals": {
        "get": op("Every proposal, newest first.", responses("200", "ProposalList", "422"), params=PAGING,
                  tag="governance"),
        "post": op("Record a proposal to change rules, presented at a Gathering.",
                   responses("201", "Proposal", "409", "422"),
                   request=body(["title", "text", "changes", "gathering"], title=TEXT, text=TEXT,
                                changes={"type": "object"}, gathering=ID, immediate={"type": "boolean"}),
                   token=True, tag="governance"),
    },
    "/api/v1/proposals/{proposal_id}": {"get": op(
        "A proposal, the Gatherings that considered it and the positions there.",
        responses("200", "Proposal", "404"), params=[id_path("proposal_id")], tag="governance")},
    "/api/v1/proposals/{proposal_id}/positions": {"post": op(
        "Someone who attended the Gathering records a position (a second replaces the first).",
        responses("200", "Proposal", "403", "404", "409", "422"), params=[id_path("proposal_id")],
        request=body(["gathering", "position"], gathering=ID,
                     position=string(enum=["agree", "stand_aside", "block"]), reason=TEXT),
        token=True, tag="governance")},
    "/api/v1/gatherings/{gathering_id}/netcom": {"put": op(
        "Write or revise the Gathering's NetCom issue until it is published; publish: true publishes it.",
        responses("200", "NetcomIssue", "404", "409", "422"), params=[id_path("gathering_id")],
        request=body(["title", "text"], title=TEXT, text=TEXT, publish={"type": "boolean"}), token=True,
        tag="governance")},
    "/api/v1/netcom": {"get": op(
        "Every published NetCom issue, newest first.", responses("200", "NetcomIssueList", "422"),
        params=PAGING, tag="governance")},
    "/api/v1/rules": {"get": op(
        "The rules in force on a day (today by default).", responses("200", "RulesOn", "422"),
        params=[query_param("on", string("date"))], tag="governance")},
    "/api/v1/rules/history": {"get": op(
        "Every version of the rules, newest first.", responses("200", "RuleVersionList", "422"),
        params=PAGING, tag="governance")},
    "/api/v1/concerns/follow/{token}/resolved": {"post": op(
        "The person who raised it says it is resolved (once there is a response).",
        responses("200", "ConcernFollow", "404", "409"), params=[path_param("token", string())], tag="concerns")},
    "/api/v1/concerns/{concern_id}/outcome": {"post": op(
        "A member of the group concerned records the outcome, which closes the concern.",
        responses("200", "Concern", "400", "403", "409", "422"),
        params=[id_path("concern_id")], request=body(["text"], text=TEXT, group=TEXT), token=True,
        tag="concerns")},
    "/api/v1/me/confirmation": {"post": op(
        "Send the link that confirms one's address again.", responses("202", None, "401", "409", "429"),
        token=True, tag="accounts")},
    "/api/v1/confirmations": {"post": op(
        "Confirm an address with the token from its link (works once, expires).",
        responses("200", None, "400", "404", "422"), request=body(["token"], token=TEXT), tag="accounts")},
    "/api/v1/password-resets": {"post": op(
        "Ask for a password reset link (the same answer whether or not the address is known).",
        responses("202", None, "400", "422", "429"), request=body(["email"], email=TEXT), tag="accounts")},
    "/api/v1/password-resets/confirm": {"post": op(
        "Set a new password with the token from the reset link.",
        responses("200", None, "400", "404", "422"), request=body(["token", "password"], token=TEXT, password=TEXT),
        tag="accounts")},
    "/api/v1/me/email": {"post": op(
        "Ask to use another address; it changes once the link sent to it is followed.",
        responses("202", None, "400", "401", "409", "422", "429"),
        request=body(["email", "password"], email=TEXT, password=TEXT), token=True, tag="accounts")},
    "/api/v1/me/email/confirm": {"post": op(
        "Use the new address, with the token from the link sent to it.",
        responses("200", None, "400", "404", "409", "422"), request=body(["token"], token=TEXT), tag="accounts")},
    "/api/v1/me/mail": {
        "get": op("Which kinds of email one receives.", responses("200", "MailPreferences", "401"), token=True,
                  tag="accounts"),
        "put": op("Choose which kinds of email one receives.", responses("200", "MailPreferences", "400", "401", "422"),
                  request=body([], **{k: {"type": "boolean"} for k in PREFERENCES}), token=True, tag="accounts")},
    "/api/v1/openapi.json": {"get": op("This document.", {"200": {"description": "OpenAPI 3.0",
                                                                  "content": {JSON: {"schema": {"type": "object"}}}}})},
    "/healthz": {"get": op("The process answers (no database).", responses("200", "Probe"), tag="probes")},
    "/readyz": {"get": op("The database answers.", {
        "200": {"description": "Ready.", "content": {JSON: {"schema": ref("Probe")}}},
        "503": {"description": "The database does not answer.", "content": {JSON: {"schema": ref("Probe")}}}},
        tag="probes")},
}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "IPN Registry API",
            "version": "1",
            "description": "The register of a peer accountability network. Every list is "
                           "{items, total, page, per_page}; every error is {error: {code, message, fields}}.",
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "A token from POST /api/v1/tokens."}},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document of this API."""
    response = current_app.json.response(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

"""The OpenAPI 3.1 document, generated from the operations declared with
ipn.views.api.spec.operation and the pydantic models they name: each model's JSON Schema
(model_json_schema) is a component, each operation's parameters, body, answers and security
come from its declaration. Nothing here is written per endpoint."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from pydantic.json_schema import models_json_schema

from ipn.views.api import bp
from ipn.views.api.models import Probe
from ipn.views.api.spec import MAX_ID, OPERATIONS, Error, Operation, Query, openapi_path

JSON = "application/json"
REF = "#/components/schemas/{model}"

# Codes of a 422 that the schema cannot foresee: the value is well formed but names nothing,
# or breaks a rule about what it means (a future day, an invisible character in a name...),
# or is a whole number written with a decimal point, which JSON Schema counts as an integer.
BEYOND_SCHEMA = {
    "decimal_point": "a whole number written with a decimal point (3.0): give 3",
    "unknown_reference": "a body value (an id or a slug) names nothing",
    "future_date": "a day after today where only past days can be given",
    "not_in_group": "a practitioner named is not in the group the request is about",
    "not_in_link": "a visit names a group that is not one of the link's two",
    "stand_by_self": "one names oneself to stand by",
    "invisible_character": "a name holds an invisible or text-direction character",
    "about_whom": "a concern names both a practitioner and a group, or neither",
    "email_address": "an address that email-validator refuses though it has the form of one (a special-use "
                     "domain such as .test or .local)",
    "wrong_password": "the password given to confirm a change is not the account's",
    "common_password": "a password on the list of common passwords the registry ships",
    "self_attested": "a practice record names its own practitioner as attester",
    "dates_order": "a period whose end comes before its start",
    "rule_values": "a proposal's new rules do not fit together (the smallest group larger than the "
                   "largest) or a share is above 1",
    # Meetings (SPEC R18)
    "not_linked": "a meeting names as the group that joined it one with no active link to the meeting's group",
    "round_presenter": "a round's presenter is not one of those who came, is missing where its format has one, "
                       "or is named where nobody presents",
    "round_phases": "a round's phases are not its format's, each once, in the format's order",
    "phase_names": "two phases of a format have the same name",
}

ERROR_WORDS = {
    400: "Malformed: the body is not a JSON object, or text carries a NUL character or a lone surrogate.",
    401: "No valid bearer token (or, for /tokens, no such email and password).",
    403: "Not allowed for the caller.",
    404: "No such thing: the path names nothing.",
    409: "Conflicts with the network's rules or with the current state; `code` says which.",
    413: "The body is larger than the registry accepts (1 MB).",
    422: ("A value is not valid; `fields` says which. `code` is `invalid` for a value outside this "
          "document's schema, or one of: " + "; ".join(f"`{c}`: {w}" for c, w in BEYOND_SCHEMA.items()) + "."),
    429: "Rate limited; Retry-After says when to try again.",
    503: "The database does not answer.",
}


def _param_schema(schema: dict, defs: dict) -> dict:
    """A query parameter's schema without the null branch of an optional value."""
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if b.get("type") != "null"]
        if len(branches) == 1:
            extra = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
            schema = {**branches[0], **extra}
    schema = {k: v for k, v in schema.items() if k not in ("title", "default")}
    return schema


# Examples of path values: things in the network of the schema and examples tests (River Group, ids 1).
PATH_EXAMPLES = {"slug": "river-group", "token": "the-follow-token-from-raising-it"}


def _path_parameters(op: Operation) -> list[dict]:
    params = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", op.rule):
        schema = ({"type": "integer", "minimum": 1, "maximum": MAX_ID} if converter == "int"
                  else {"type": "string", "minLength": 1})
        param = {"name": name, "in": "path", "required": True, "schema": schema}
        param["example"] = op.path_examples.get(name, PATH_EXAMPLES.get(name, 1))
        params.append(param)
    return params


def _query_parameters(model: type[Query], defs: dict) -> list[dict]:
    schema = model.model_json_schema(ref_template=REF)
    defs.update(schema.pop("$defs", {}))
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                 "schema": _param_schema(prop, defs)}
        if "description" in param["schema"]:
            param["description"] = param["schema"].pop("description")
        params.append(param)
    return params


def _answer(description: str, model: Any, refs: dict) -> dict:
    return {"description": description, "content": {JSON: {"schema": refs[model]}}}


def _operation(op: Operation, defs: dict, refs: dict) -> dict:
    summary = op.summary
    item: dict[str, Any] = {"operationId": op.endpoint, "summary": summary, "tags": [op.tag] if op.tag else []}
    description = op.description
    if op.also_in_query:
        description = (description + " " if description else "") + (
            "The body's " + ", ".join(f"`{n}`" for n in op.also_in_query) + " may be sent in the query string instead.")
    if description:
        item["description"] = description
    params = _path_parameters(op)
    if op.query is not None:
        params += _query_parameters(op.query, defs)
    if params:
        item["parameters"] = params
    if op.body is not None:
        content: dict[str, Any] = {"schema": refs[op.body]}
        examples = op.body.model_json_schema(ref_template=REF).get("examples")
        if examples:
            content["example"] = examples[0]
        required = any(field.is_required() for field in op.body.model_fields.values())
        item["requestBody"] = {"required": required, "content": {JSON: content}}
    answers: dict[str, Any] = {}
    if op.answer is not None:
        answers[str(op.status)] = _answer(op.answer_description, op.answer, refs)
    else:
        answers[str(op.status)] = {"description": op.answer_description}
    statuses = set(op.errors) | {400}
    if op.token:
        statuses.add(401)
    if "<" in op.rule:
        statuses.add(404)
    if op.body is not None or op.query is not None:
        statuses.add(422)
    if op.body is not None:
        statuses.add(413)
    for status in sorted(statuses):
        answers[str(status)] = _answer(ERROR_WORDS[status], Error, refs)
    item["responses"] = answers
    item["security"] = [{"bearerAuth": []}] if op.token else []
    return item


def _models() -> list[tuple[Any, str]]:
    """Every model the operations name, with the JSON Schema mode it is used in."""
    seen: dict[Any, str] = {Error: "serialization", Probe: "serialization"}
    for op in OPERATIONS:
        if op.body is not None:
            seen[op.body] = "validation"
        if op.answer is not None:
            seen[op.answer] = "serialization"
    return list(seen.items())


def document() -> dict:
    models = _models()
    mapping, top = models_json_schema(models, ref_template=REF)
    refs = {model: mapping[(model, mode)] for model, mode in models}
    defs: dict[str, Any] = dict(top.get("$defs", {}))
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault("/api/v1" + openapi_path(op.rule), {})[op.method.lower()] = _operation(op, defs, refs)
    paths["/api/v1/openapi.json"] = {"get": {
        "operationId": "openapi_json", "summary": "This document.", "tags": ["meta"], "security": [],
        "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                              "content": {JSON: {"schema": {"type": "object"}}}},
                      "400": _answer(ERROR_WORDS[400], Error, refs)}}}
    for path, summary, codes in (("/healthz", "The process answers (no database touched).", ("200",)),
                                 ("/readyz", "The database answers (503 when not).", ("200", "503"))):
        answers = {code: _answer("Ready." if code == "200" else ERROR_WORDS[503], Probe, refs) for code in codes}
        answers["400"] = _answer(ERROR_WORDS[400], Error, refs)
        paths[path] = {"get": {"operationId": path.strip("/"), "summary": summary, "tags": ["probes"],
                               "security": [], "responses": answers}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IPN Registry API",
            "version": "1",
            "description": "The register of a peer accountability network. Every list is "
                           "{items, total, page, per_page}; every error is {error: {code, message, fields}}.",
        },
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "A token from POST /api/v1/tokens."}},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document of this API."""
    # The operations are all registered at import, so the document is made once per process.
    if "ipn_openapi" not in current_app.extensions:
        current_app.extensions["ipn_openapi"] = document()
    response = current_app.json.response(current_app.extensions["ipn_openapi"])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

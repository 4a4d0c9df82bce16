"""A client built from the document alone: for every operation, a request made of the
document's own examples (path values, query, body) and the caller's token is well formed
(never a 400 or a 422), and its answer is one the document gives for that operation, in the
shape it gives. Reading operations answer their success, as a generated client's first
request should. Runs on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import datetime as dt
import re

import jsonschema_rs
import pytest

from ipn.extensions import db
from ipn.models import Gathering
from ipn.services import accounts, concerns, proposals, statements
from tests import factories as f

# Reading operations whose example cannot name something real: a follow token is only ever
# in the answer to raising a concern.
SECRET_PATHS = {"/api/v1/concerns/follow/{token}"}


@pytest.fixture
def network(app) -> str:
    """River Group (ids from 1) linked to Hill Group and validated, a draft, a concern, a Gathering
    and a proposal presented there."""
    with app.app_context():
        river, hill = f.member_group("River Group"), f.member_group("Hill Group")
        f.validate(f.link(river, hill), hill, river[0])
        statements.draft_statement(river[1][1], river[0], "We hold each other to account, and say how.")
        concerns.raise_concern(about_practitioner=river[1][1], name="A client", email="client@example.org",
                               text="I am worried.")
        gathering = Gathering(date=dt.date(2026, 3, 14), place="Leeds")
        db.session.add(gathering)
        db.session.flush()
        proposals.record(river[1][2], "Smaller groups", "Let four stand by each other.", {"min_members": 4},
                         gathering)
        token = accounts.create_token(river[1][0], "examples")
        db.session.commit()
        return token


def _request(path: str, operation: dict) -> tuple[str, dict, object]:
    url = path
    query = {}
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", str(param["example"]))
        elif "example" in param:
            query[param["name"]] = param["example"]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("example")
    return url, query, body


def _validate(document: dict, schema: dict, instance) -> None:
    jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]}).validate(instance)


def test_every_operation_answers_a_request_made_of_its_examples(client, network):
    document = client.get("/api/v1/openapi.json").get_json()
    reads, writes = [], []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            (reads if method == "get" else writes).append((path, method, operation))
    tried = 0
    # Reads first, on the network as seeded; then the changes, those that end something last.
    writes.sort(key=lambda w: 2 if w[0].endswith(("/leave", "/dissolution")) else
                int(w[1] == "delete" or w[0].endswith("/outcome")))
    for path, method, operation in reads + writes:
        url, query, body = _request(path, operation)
        assert not re.search(r"{\w+}", url), f"{method} {path}: a path value has no example"
        if operation.get("requestBody", {}).get("required"):
            assert body is not None, f"{method} {path}: its body has no example"
        response = client.open(url, method=method.upper(), query_string=query, json=body,
                               headers={"Authorization": f"Bearer {network}"})
        status = str(response.status_code)
        where = f"{method.upper()} {url} -> {status} {response.get_data(as_text=True)[:300]}"
        assert status not in ("400", "422"), where
        assert status in operation["responses"], where
        schema = operation["responses"][status].get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            _validate(document, schema, response.get_json())
        if method == "get" and path not in SECRET_PATHS:
            assert status.startswith("2"), where
        tried += 1
    assert tried == sum(len(item) for item in document["paths"].values()) > 50

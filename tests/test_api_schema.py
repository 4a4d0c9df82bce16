"""The API is fuzzed against its own OpenAPI document with every check schemathesis has
(`--checks all`: no 500; every answer's status, content type, headers and shape documented;
schema-valid requests accepted and schema-invalid ones refused; ...), in its examples,
coverage and fuzzing phases, over every operation, with and without a token, on both databases.

One allowance, stated in the document itself (tests/schemathesis_hooks.py): a 422 whose code
is one of ipn.views.api.openapi.BEYOND_SCHEMA refuses a well-formed value for what it means
(an id that names nothing, a future day), which no schema can foresee; a 422 with code
`invalid` on schema-valid data is always a failure, as is anything else the document does not
say."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from ipn.extensions import db
from ipn.models import Gathering
from ipn.services import accounts, concerns
from tests import factories as f
from tests.schemathesis_hooks import positive_data_acceptance_beyond_schema

load_all_checks()
# Every check schemathesis has, its positive_data_acceptance with the document's allowance.
ALL_CHECKS = [check for check in CHECKS.get_all() if check.__name__ != "positive_data_acceptance"]
assert positive_data_acceptance_beyond_schema in ALL_CHECKS and len(ALL_CHECKS) >= 14


@pytest.fixture
def seeded(app) -> str:
    """Three member groups, two linked and validated, a concern, a Gathering; a member's token."""
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        f.validate(f.link(river, hill), hill, river[0])
        f.validate(f.link(river, oak), oak, river[0])
        concerns.raise_concern(about_practitioner=river[1][1], name="A client", email="client@example.org",
                               text="I am worried.")
        db.session.add(Gathering(date=dt.date(2026, 3, 14), place="Leeds", netcom_url="https://example.org/n/1"))
        token = accounts.create_token(river[1][0], "schema test")
        db.session.commit()
        db.session.remove()
        return token


@pytest.fixture
def api_schema(app, seeded):
    """The document as a member sees it: the token goes with every request (as the command
    line's -H sends it), so schemathesis neither leaves it out nor spoils it."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.config.update(headers={"Authorization": f"Bearer {seeded}"})
    return loaded


@pytest.fixture
def anonymous_schema(app, seeded):
    """The document as someone without a token sees it (the same seeded registry). Its
    answers come from the page cache, gzipped for a client that accepts it; schemathesis's
    WSGI transport sends requests' default "Accept-Encoding: gzip, deflate" but, unlike an
    HTTP client, does not unpack the answer, so this asks for it as it is (the gzipped answers
    are tests/test_page_cache.py's)."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.config.update(headers={"Accept-Encoding": "identity"})
    return loaded


@pytest.fixture(autouse=True)
def _node_id(request):
    """schemathesis 4's lazy schemas rename the test node through `_nodeid`, which pytest 9
    no longer has; giving it one keeps its reports naming each operation."""
    request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")
anonymous = schemathesis.pytest.from_fixture("anonymous_schema")
SUPPRESS = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture]


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=SUPPRESS)
def test_the_api_keeps_to_its_openapi_document(case):
    case.call_and_validate(checks=ALL_CHECKS)


@anonymous.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=SUPPRESS)
def test_the_api_keeps_to_its_document_without_a_token(case):
    case.call_and_validate(checks=ALL_CHECKS)

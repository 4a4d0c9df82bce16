"""The API is fuzzed against its own OpenAPI document: whatever a client sends, no 500, and
every answer has a documented status, content type and shape.

Schemathesis builds its tests when this module is imported, so the app is built here once,
on a temporary SQLite file with a small seeded network (not the per-test `app` fixture)."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from sqlalchemy import create_engine

from ipn import create_app
from ipn.extensions import db
from ipn.models import Base, Gathering, Practitioner
from ipn.services import accounts, concerns
from tests import factories as f

_folder = tempfile.mkdtemp(prefix="ipn-schema-")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
_url = f"sqlite:///{_folder}/ipn.sqlite"
_engine = create_engine(_url)
Base.metadata.create_all(_engine)
_engine.dispose()

app = create_app({
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "DATABASE_URL": _url,
    "RATELIMIT_ENABLED": False,
})


def _seed() -> str:
    """Three member groups, two linked and validated, a concern, a Gathering; a member's token."""
    with app.app_context():
        river, hill, oak = f.member_group("River Group"), f.member_group("Hill Group"), f.member_group("Oak Group")
        f.validate(f.link(river, hill), hill, river[0])
        f.validate(f.link(river, oak), oak, river[0])
        concerns.raise_concern(about_practitioner=river[1][1], name="A client", email="client@example.org",
                               text="I am worried.")
        db.session.add(Gathering(date=dt.date(2026, 3, 14), place="Leeds", netcom_url="https://example.org/n/1"))
        db.session.commit()
        person_id = river[1][0].id
        db.session.remove()
        return person_id


CALLER = _seed()


def _fresh_token() -> str:
    """A token of the same member for each case: DELETE /tokens (a case like any other) revokes
    every token of the caller's, which would leave later cases with nothing but 401s."""
    with app.app_context():
        token = accounts.create_token(db.session.get(Practitioner, CALLER), "schema test")
        db.session.commit()
        db.session.remove()
        return token
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_the_api_keeps_to_its_openapi_document(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {_fresh_token()}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_the_api_keeps_to_its_document_without_a_token(case):
    case.call_and_validate(checks=CHECKS)

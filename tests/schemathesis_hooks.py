"""The document's one allowance, as a schemathesis check, for pytest (tests/test_api_schema.py)
and for the command line against a served registry:

    SCHEMATHESIS_HOOKS=tests.schemathesis_hooks schemathesis run <server>/api/v1/openapi.json \\
        --checks all --exclude-checks positive_data_acceptance -H "Authorization: Bearer <token>"

A 422 whose code is one of ipn.views.api.openapi.BEYOND_SCHEMA refuses a well-formed value for
what it means (an id that names nothing, a future day), which no schema can foresee; the
document's 422 lists those codes. Any other refusal of schema-valid data is still a failure."""

from __future__ import annotations

import schemathesis
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure

from ipn.views.api.openapi import BEYOND_SCHEMA

load_all_checks()
_BUILT_IN = CHECKS.get_one("positive_data_acceptance")


@schemathesis.check
def positive_data_acceptance_beyond_schema(ctx, response, case):
    """schemathesis's positive_data_acceptance, allowing the 422s the document names."""
    try:
        return _BUILT_IN(ctx, response, case)
    except Failure:
        body = response.json() if response.status_code == 422 else None
        if isinstance(body, dict) and body.get("error", {}).get("code") in BEYOND_SCHEMA:
            return None
        raise

"""One's own API tokens (docs/api-additions.md "Tokens"): list them, revoke one or all, renew
one. Issuing a token (POST /tokens, with email and password) stays in ipn.views.api.people.

Kept in a module of its own, with its OpenAPI paths beside it, so that it ports as a unit."""

from __future__ import annotations

from flask import request
from sqlalchemy import select

from ipn.extensions import db
from ipn.models import ApiToken
from ipn.services import accounts, secret_tokens
from ipn.views.actions import perform
from ipn.views.api import bp, iso, paged_list
from ipn.views.api.openapi import PAGING, PATHS, id_path, op, responses
from ipn.views.api.openapi_schemas import ID, SCHEMAS, obj, ref, string
from ipn.views.bearer import caller, token_required


def _current_token_id() -> int | None:
    """The id of the token this request came with."""
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    row = accounts.token_for(raw) if raw else None
    return row.id if row is not None else None


def show_token(row: ApiToken, current_id: int | None = None) -> dict:
    """A token as its owner sees it: never the token itself, which is shown once when issued."""
    return {
        "id": row.id,
        "label": row.label,
        "state": accounts.token_state(row),
        "created_at": iso(row.created_at),
        "last_used_at": iso(row.last_used_at),
        "expires_at": iso(accounts.expires_at(row)),
        "revoked_at": iso(row.revoked_at),
        "current": row.id == current_id,
    }


@bp.get("/tokens")
@token_required
def my_tokens():
    """One's tokens, live ones first; `current` marks the one this request came with."""
    current = _current_token_id()
    return paged_list(accounts.tokens_of(caller()), lambda row: show_token(row, current))


@bp.delete("/tokens")
@token_required
def revoke_my_tokens():
    """Revoke every token of one's own, this one too."""
    return {"revoked": perform(accounts.revoke_all_tokens, caller())}


@bp.delete("/tokens/<int:token_id>")
@token_required
def revoke_token(token_id: int):
    """Revoke one of one's tokens (another's is a 404); anything using it loses access at once."""
    current = _current_token_id()
    return show_token(perform(accounts.revoke_token, caller(), token_id), current)


@bp.post("/tokens/<int:token_id>/renew")
@token_required
def renew_token(token_id: int):
    """Make one of one's tokens work for another API_TOKEN_DAYS from now (a revoked one is a 409)."""
    current = _current_token_id()
    return show_token(perform(accounts.renew_token, caller(), token_id), current)


def issued(token: str) -> dict:
    """The answer to POST /tokens: the token (shown once) and when it expires."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == secret_tokens.digest(token)))
    return {"token": token, "id": row.id, "expires_at": iso(accounts.expires_at(row))}


# --- Their OpenAPI description, added to the document's -------------------------------------

SCHEMAS["Token"] = obj(["token"], token=string(), id=ID, expires_at=string("date-time"))
SCHEMAS["TokenInfo"] = obj(
    ["id", "label", "state", "created_at", "expires_at", "current"], id=ID, label=string(),
    state=string(enum=["active", "expired", "revoked"]), created_at=string("date-time"),
    last_used_at=string("date-time", nullable=True), expires_at=string("date-time"),
    revoked_at=string("date-time", nullable=True), current={"type": "boolean"})
SCHEMAS["TokenList"] = obj(["items", "total", "page", "per_page"], items={"type": "array", "items": ref("TokenInfo")},
                           total={"type": "integer"}, page={"type": "integer"}, per_page={"type": "integer"})
SCHEMAS["TokensRevoked"] = obj(["revoked"], revoked={"type": "integer", "minimum": 0})

PATHS.setdefault("/api/v1/tokens", {}).update({
    "get": op("One's own tokens (never the tokens themselves).", responses("200", "TokenList", "422"),
              params=PAGING, token=True, tag="people"),
    "delete": op("Revoke every token of one's own, this one too.", responses("200", "TokensRevoked"),
                 token=True, tag="people"),
})
PATHS["/api/v1/tokens/{token_id}"] = {"delete": op(
    "Revoke one of one's own tokens.", responses("200", "TokenInfo", "404"),
    params=[id_path("token_id")], token=True, tag="people")}
PATHS["/api/v1/tokens/{token_id}/renew"] = {"post": op(
    "Renew one of one's own tokens for another API_TOKEN_DAYS.", responses("200", "TokenInfo", "404", "409"),
    params=[id_path("token_id")], token=True, tag="people")}

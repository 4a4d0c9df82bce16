"""One's own API tokens (docs/api-additions.md "Tokens"): list them, revoke one or all, renew
one. Issuing a token (POST /tokens, with email and password) stays in ipn.views.api.people,
which answers with IssuedTokenOut from here."""

from __future__ import annotations

from typing import Literal

from flask import request
from sqlalchemy import select

from ipn.extensions import db
from ipn.models import ApiToken
from ipn.services import accounts, secret_tokens
from ipn.views.actions import perform
from ipn.views.api import paged_list
from ipn.views.api.models import TokenOut
from ipn.views.api.spec import Answer, Page, Paging, operation
from ipn.views.bearer import caller


class IssuedTokenOut(TokenOut):
    """A new token, shown once, and when it stops working (API_TOKEN_DAYS after issue)."""

    id: int
    expires_at: str


class TokenInfoOut(Answer):
    """A token as its owner sees it: never the token itself."""

    id: int
    label: str
    state: Literal["active", "expired", "revoked"]
    created_at: str
    last_used_at: str | None
    expires_at: str
    revoked_at: str | None
    current: bool


class TokensRevokedOut(Answer):
    revoked: int


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _current_token_id() -> int | None:
    """The id of the token this request came with."""
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    row = accounts.token_for(raw) if raw else None
    return row.id if row is not None else None


def show_token(row: ApiToken, current_id: int | None = None) -> TokenInfoOut:
    return TokenInfoOut(id=row.id, label=row.label, state=accounts.token_state(row),
                        created_at=_iso(row.created_at), last_used_at=_iso(row.last_used_at),
                        expires_at=_iso(accounts.expires_at(row)), revoked_at=_iso(row.revoked_at),
                        current=row.id == current_id)


def issued(token: str) -> IssuedTokenOut:
    """The answer to POST /tokens: the token (shown once) and when it expires."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == secret_tokens.digest(token)))
    return IssuedTokenOut(token=token, id=row.id, expires_at=_iso(accounts.expires_at(row)))


@operation("/tokens", query=Paging, answer=Page[TokenInfoOut], token=True, errors=(422,), tag="people")
def my_tokens(query: Paging):
    """One's tokens, live ones first; `current` marks the one this request came with."""
    current = _current_token_id()
    return paged_list(accounts.tokens_of(caller()), query, lambda row: show_token(row, current))


@operation("/tokens", "DELETE", answer=TokensRevokedOut, token=True, tag="people")
def revoke_my_tokens():
    """Revoke every token of one's own, this one too."""
    return TokensRevokedOut(revoked=perform(accounts.revoke_all_tokens, caller()))


@operation("/tokens/<int:token_id>", "DELETE", answer=TokenInfoOut, token=True, tag="people")
def revoke_token(token_id: int):
    """Revoke one of one's tokens (another's is a 404); anything using it loses access at once."""
    current = _current_token_id()
    return show_token(perform(accounts.revoke_token, caller(), token_id), current)


@operation("/tokens/<int:token_id>/renew", "POST", answer=TokenInfoOut, token=True, errors=(409,), tag="people")
def renew_token(token_id: int):
    """Make one of one's tokens work for another API_TOKEN_DAYS from now (a revoked one is a 409)."""
    current = _current_token_id()
    return show_token(perform(accounts.renew_token, caller(), token_id), current)

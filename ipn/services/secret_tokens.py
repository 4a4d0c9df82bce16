"""Secret tokens handed to a person (API tokens, a concern's follow link): made at random,
shown once, and kept only as a SHA-256 digest, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

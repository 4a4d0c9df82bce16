"""What makes a password acceptable (SECURITY.md "Guessing and flooding"): at least
MIN_LENGTH characters, and not one of the common passwords shipped in
ipn/common_passwords.txt (its header says where the list comes from)."""

from __future__ import annotations

import functools
import os

MIN_LENGTH = 12
MAX_LENGTH = 1000
COMMON_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "common_passwords.txt")

TOO_SHORT = f"Choose a password of at least {MIN_LENGTH} characters."
TOO_COMMON = ("That password is one of the most common ones, which are tried first when accounts are "
              "attacked. Please choose another: a few unrelated words work well.")


@functools.cache
def common_passwords() -> frozenset[str]:
    with open(COMMON_FILE, encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def problem(password: str | None) -> str | None:
    """Why this password will not do, or None."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return f"Keep your password to {MAX_LENGTH} characters."
    if password.strip().lower() in common_passwords():
        return TOO_COMMON
    return None


def code_for(fields: dict[str, list[str]]) -> str | None:
    """The error code when a common password is all that is wrong: a refusal no schema can
    foresee (the API's document lists the code)."""
    return "common_password" if fields == {"password": [TOO_COMMON]} else None

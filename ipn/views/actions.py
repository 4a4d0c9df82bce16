"""What every view that changes something shares: run one service inside the request's
transaction, commit once on success, roll back on any refusal or error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ipn.extensions import db
from ipn.models import Group
from ipn.services.errors import Conflict, ServiceError

T = TypeVar("T")


def perform(action: Callable[..., T], *args, **kwargs) -> T:
    """Call a service and commit; a refusal (ServiceError) rolls back and is re-raised.

    A database conflict with a concurrent request (a unique index, a lock that timed out)
    becomes a Conflict, so nothing a client sends ends in a 500 or a half-done change."""
    try:
        result = action(*args, **kwargs)
        db.session.commit()
        return result
    except ServiceError:
        db.session.rollback()
        raise
    except (IntegrityError, OperationalError) as error:
        db.session.rollback()
        if isinstance(error, OperationalError) and not _is_contention(error):
            raise
        raise Conflict("Someone else changed this at the same moment. Please reload and try again.",
                       code="concurrent_change") from None
    except Exception:
        db.session.rollback()
        raise


def _is_contention(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return any(word in text for word in ("locked", "deadlock", "could not serialize", "lock timeout"))


def group_or_404(slug: str) -> Group:
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        abort(404, description="There is no group at this address.")
    return group

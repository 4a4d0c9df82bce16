"""The public directory of groups: search by name, region and statement text (SPEC "What the
public sees"), for the directory page, its CSV and the API's list alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from sqlalchemy import func, select
from sqlalchemy.sql import Select

from ipn.extensions import db
from ipn.models import Group
from ipn.services import public_registry, search_index
from ipn.states import GroupStatus

# A search that matches at least one group in this many reads the groups in name order; one whose
# last word is in one statement in DENSE, and each group read is looked up in the index (SQLite).
COMMON = 50
DENSE = 4


class Found:
    """What a directory search finds: the query of the groups, for the caller to page
    through, and (worked out when first asked) how many there are, when that is known without
    counting them row by row; with `count_up_to`, a search's words counted no further than
    that (`more`: there are more than `total`)."""

    def __init__(self, query: Select, total: Callable[[], tuple[int | None, bool]]) -> None:
        self.query, self._total = query, total

    @cached_property
    def _counted(self) -> tuple[int | None, bool]:
        return self._total()

    @property
    def total(self) -> int | None:
        return self._counted[0]

    @property
    def more(self) -> bool:
        return self._counted[1]


def search(q: str | None = None, status: str | None = None, region: str | None = None,
           current_only: bool = False, count_up_to: int | None = None) -> Found:
    """Groups whose name, region or current statement has every word of `q` (any letter case),
    with `status`, in `region` (exact, any letter case) and not dissolved if `current_only`,
    when given; ordered by name. `count_up_to`: the groups a search's words find are counted
    no further (a word in most statements finds most groups: counting them all costs what the
    network's size costs), for a caller that reads a page of them; without it, exactly."""
    connection = db.session.connection()
    query = select(Group).order_by(Group.name_key, Group.id)
    counts = public_registry.status_counts()  # kept until the network changes
    # What the index is asked for besides the words: the status, or only groups not dissolved.
    nothing = current_only and status == GroupStatus.DISSOLVED  # dissolved, and not: none found
    state = None if nothing else status or (search_index.CURRENT if current_only else None)
    # SQLite: counted first, to choose how the page's groups are read (far enough to tell).
    groups = sum(counts.values())
    common_from, dense_from = -(-groups // COMMON), -(-groups // DENSE)
    up_to = None if count_up_to is None else max(count_up_to + 1, common_from)
    indexed = search_index.indexed_match_count(connection, q, state, up_to) \
        if q and connection.dialect.name == "sqlite" else None
    if q:
        # Full-text, through the index of ipn.services.search_index: every word of `q` in the
        # name, region or current statement (name and region also by the start of a word).
        # Most groups match (their words are in at least one in DENSE, as far as the last
        # word tells, and the search finds many), and the caller reads a page of them, not
        # all (a CSV) nor a region's all counted: each group read is looked up in the index.
        common = indexed is not None and indexed >= common_from
        dense = common and count_up_to is not None and not region \
            and (search_index.last_word_documents(connection, q) or 0) >= dense_from
        condition = search_index.matching_group_ids(connection, q, as_filter=common, one_by_one=dense)
        if condition is not None:
            query = query.where(condition)
    if status:
        query = query.where(Group.status == status)
    if region:
        query = query.where(func.lower(Group.region) == region.lower())
    if current_only:
        query = query.where(Group.status != GroupStatus.DISSOLVED)
    return Found(query, lambda: (0, False) if nothing else
                 _total(q, status, region, current_only, counts, state, indexed, count_up_to, up_to))


def _total(q: str | None, status: str | None, region: str | None, current_only: bool, counts: dict[str, int],
           state: str | None, indexed: int | None, count_up_to: int | None, up_to: int | None,
           ) -> tuple[int | None, bool]:
    """The number of groups found, the quickest way there is, and whether there are more:
    without words or a region, from the status counts kept until the network changes (the
    directory as most open it); with words, from the search index alone, which holds each
    group's status too, up to `up_to` (then `count_up_to` and more). None when it must be
    counted row by row (a region, or no index)."""
    if region:
        return None, False
    if not q:
        if status:
            return counts.get(status, 0), False
        return sum(n for s, n in counts.items() if not (current_only and s == GroupStatus.DISSOLVED)), False
    if indexed is None:
        indexed = search_index.indexed_match_count(db.session.connection(), q, state, up_to)
    if indexed is not None and up_to is not None and indexed >= up_to:
        return count_up_to, True
    return indexed, False

"""URL converters. Every `<int:...>` in a route names a row, and no row's id exceeds the
database's integer: a larger number is a 404 at routing, never an overflow in the database."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from ipn.models.base import MAX_ROW_ID


def up_to(limit: int) -> str:
    """A regular expression for the whole numbers from 0 to `limit`, written without leading zeros."""
    digits = str(limit)
    shorter = f"0|[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else "0"
    ways = [shorter]
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            ways.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}")
    ways.append(digits)
    return "(?:" + "|".join(ways) + ")"


class RowIdConverter(IntegerConverter):
    """A number beyond the database's integer does not match the route at all, so it is a 404
    (refusing it after matching would let Werkzeug answer 405 when another method's rule has
    the same path)."""

    regex = up_to(MAX_ROW_ID)

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)

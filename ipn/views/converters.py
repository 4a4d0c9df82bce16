"""URL converters. Every `<int:...>` in a route names a row, and no row's id exceeds the
database's integer: a larger number is a 404 at routing, never an overflow in the database."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from ipn.models.base import MAX_ROW_ID


class RowIdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)

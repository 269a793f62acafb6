"""URL converters registered app-wide. `<id:name>` is a database id: digits within PostgreSQL's `integer`
range, so `/attempts/9999999999999999999` is a 404 like any id that does not exist (never an OverflowError)."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A positive integer id no larger than the database column holds."""

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, **kwargs)


def init_app(app: Flask) -> None:
    """Register the converters; call before blueprints add their rules."""
    app.url_map.converters["id"] = IdConverter

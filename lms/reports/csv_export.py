"""CSV downloads of reports: streamed (an export of thousands of learners is never built in memory), with the
byte-order mark and formula-safe cells of lms.spreadsheet."""
from __future__ import annotations

from collections.abc import Iterable

from flask import Response

from lms.spreadsheet import csv_lines


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """A streamed CSV download named `filename`; `rows` must not need the database (load it first)."""
    return Response(csv_lines(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})

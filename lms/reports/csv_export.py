"""CSV that spreadsheets open correctly and safely: a UTF-8 byte-order mark first, formula-looking cells defused,
rows streamed one at a time (an export of thousands of learners is never built in memory)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula (a leading apostrophe defuses it)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The BOM and header, then one CSV line per row, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(c) for c in cells])
        return buffer.getvalue()

    yield BOM + line(header)
    for row in rows:
        yield line(row)


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """A streamed CSV download named `filename`; `rows` must not need the database (load it first)."""
    return Response(csv_lines(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})

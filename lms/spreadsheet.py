"""CSV that spreadsheet programs open safely: no cell runs as a formula; UTF-8 with a BOM so Excel reads accents."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets Excel read the file as UTF-8


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would treat the cell as a formula."""
    return text[:1] in FORMULA_START


def safe_cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_lines(header: list[str], rows: Iterable[Iterable], *, batch: int = 100) -> Iterator[str]:
    """A CSV document in pieces for streaming: the UTF-8 byte-order mark and the header first, then `batch` rows
    at a time (memory stays flat however many rows), every cell formula-safe. The one CSV writer of the app."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for index, row in enumerate(rows, 1):
        writer.writerow([safe_cell(v) for v in row])
        if index % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()

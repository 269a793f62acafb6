"""CSV that spreadsheet programs open safely: no cell runs as a formula; UTF-8 with a BOM so Excel reads accents."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would treat the cell as a formula."""
    return text[:1] in FORMULA_START


def safe_cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """A CSV document piece by piece (BOM first, then one line per row), every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in ([header], ([safe_cell(v) for v in r] for r in rows)):
        for line in row:
            writer.writerow(line)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

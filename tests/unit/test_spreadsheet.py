"""The app's one CSV writer (audit log, reports, the certificate list): a UTF-8 byte-order mark and the header come
first, rows follow in batches so a long export streams with flat memory, and no cell runs as a formula."""
from __future__ import annotations

import csv
import io

from lms.spreadsheet import BOM, csv_lines


def test_the_bom_and_header_come_first_then_rows_in_batches():
    pieces = list(csv_lines(["name", "hours"], ([f"Learner {n}", n] for n in range(250)), batch=100))
    assert pieces[0] == BOM + "name,hours\r\n"
    assert [piece.count("\r\n") for piece in pieces[1:]] == [100, 100, 50]
    rows = list(csv.reader(io.StringIO("".join(pieces)[1:])))
    assert rows[0] == ["name", "hours"] and rows[-1] == ["Learner 249", "249"] and len(rows) == 251


def test_no_rows_is_still_a_document_with_its_header():
    assert "".join(csv_lines(["a"], [])) == BOM + "a\r\n"


def test_cells_that_a_spreadsheet_would_run_are_quoted_as_text():
    text = "".join(csv_lines(["cell"], [["=HYPERLINK(\"x\")"], ["+1"], ["-2"], ["@SUM(A1)"], [None], ["plain"]]))
    cells = [row[0] for row in csv.reader(io.StringIO(text[1:]))][1:]
    assert cells == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "", "plain"]

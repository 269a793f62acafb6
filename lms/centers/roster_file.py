"""Reading a roster spreadsheet (CSV) into rows and line-numbered problems. Pure: no Flask, no database.

Accepts UTF-8 with or without a BOM and Excel's legacy CSV (Windows-1252), ',' or ';' between cells (Excel writes
';' where the decimal mark is a comma), quoted cells with line breaks, and CRLF line ends."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from lms.spreadsheet import looks_like_formula

# Column -> longest value the database keeps. Documented in docs/centers.md.
COLUMNS = {"email": 254, "full_name": 120, "discipline": 40, "agency": 160, "badge_number": 40,
           "license_type": 40, "license_number": 40, "license_state": 2, "cohort": 120, "team": 80, "role": 40}
REQUIRED_COLUMNS = ("email", "full_name")
_HEADER_ALIASES = {"name": "full_name", "e_mail": "email", "email_address": "email", "badge": "badge_number",
                   "employee_number": "badge_number", "badge_employee_number": "badge_number",
                   "license": "license_number", "state": "license_state"}
_DISCIPLINES = {"officer": "officer", "police_officer": "officer", "police": "officer", "clinician": "clinician",
                "mental_health_clinician": "clinician", "cps_worker": "cps_worker", "cps": "cps_worker",
                "other": "other"}
_ROLES = {"learner": "learner", "trainer": "trainer", "center_admin": "center_admin",
          "agency_coordinator": "agency_coordinator", "coordinator": "agency_coordinator"}


class RosterFileError(ValueError):
    """The file as a whole cannot be read (too big, empty, not text, no header)."""


@dataclass(frozen=True)
class RosterRow:
    """One person in the file; empty strings mean "not given" (an existing value is left alone)."""

    line: int
    email: str
    full_name: str
    discipline: str = ""
    agency: str = ""
    badge_number: str = ""
    license_type: str = ""
    license_number: str = ""
    license_state: str = ""
    cohort: str = ""
    team: str = ""
    role: str = ""


@dataclass(frozen=True)
class RowProblem:
    """Why one line of the file cannot be imported."""

    line: int
    reason: str


@dataclass
class RosterFile:
    """The readable rows, the problems found, and how the file was read."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = "UTF-8"
    delimiter: str = ","


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterFileError("The file is saved as UTF-16 (Excel's \"Unicode text\"). Save it as \"CSV UTF-8\".")
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Excel CSV)"
    except UnicodeDecodeError:
        raise RosterFileError("The file is not text in a known encoding. Save it as \"CSV UTF-8\".") from None


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return ";" if first.count(";") > first.count(",") else ","


def read_roster(data: bytes, *, max_bytes: int) -> RosterFile:
    """Parse the file; RosterFileError when it cannot be read at all, else rows plus per-line problems."""
    if len(data) > max_bytes:
        raise RosterFileError(f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB. "
                              "Split it into smaller files and import each.")
    text, encoding = _decode(data)
    if not text.strip():
        raise RosterFileError("The file is empty.")
    result = RosterFile(encoding=encoding, delimiter=_delimiter(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        header = next(reader)
        columns = _header(header, result)
        if columns is None:
            return result
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                _row(line, cells, columns, result)
    except csv.Error as error:
        raise RosterFileError(f"Line {reader.line_num}: the file is not valid CSV ({error}).") from None
    if not result.rows and not result.problems:
        raise RosterFileError("The file has a header but no people.")
    return result


def _header(cells: list[str], result: RosterFile) -> list[str] | None:
    columns = [_HEADER_ALIASES.get(_key(c), _key(c)) for c in cells]
    unknown = [c for c, key in zip(cells, columns, strict=True) if key and key not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    for reason in ([f"unknown column '{c.strip()}' (known: {', '.join(COLUMNS)})" for c in unknown]
                   + [f"the header has no '{c}' column" for c in missing]
                   + [f"the column '{c}' appears more than once" for c in repeated]):
        result.problems.append(RowProblem(1, reason))
    return None if result.problems else columns


def _row(line: int, cells: list[str], columns: list[str], result: RosterFile) -> None:
    problems = []
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
        problems.append(f"{len(cells)} cells, but the header has {len(columns)}")
    values: dict[str, str] = {}
    for name, raw in zip(columns, cells, strict=False):
        if not name:
            continue
        value = " ".join(raw.split()) if name == "full_name" else raw.strip()
        if "\x00" in raw:
            problems.append(f"{name}: contains a NUL byte")
        elif looks_like_formula(value):
            problems.append(f"{name}: starts with '{value[:1]}', which a spreadsheet would run as a formula")
        elif len(value) > COLUMNS[name]:
            problems.append(f"{name}: longer than {COLUMNS[name]} characters")
        values[name] = value
    problems += _check_values(values)
    if problems:
        result.problems.extend(RowProblem(line, p) for p in problems)
        return
    result.rows.append(RosterRow(line=line, **values))


def _check_values(values: dict[str, str]) -> list[str]:
    """Normalise email, discipline, role and state in place; the problems with them."""
    problems = []
    email = values.get("email", "")
    if not email:
        problems.append("email: missing")
    else:
        try:
            values["email"] = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            problems.append(f"email: '{email[:60]}' is not a valid address")
    if not values.get("full_name"):
        problems.append("full_name: missing")
    for name, known, label in (("discipline", _DISCIPLINES, "officer, clinician, cps_worker or other"),
                               ("role", _ROLES, "learner, trainer, center_admin or agency_coordinator")):
        if values.get(name):
            code = known.get(_key(values[name]))
            if code is None:
                problems.append(f"{name}: unknown '{values[name][:40]}' (use {label})")
            else:
                values[name] = code
    state = values.get("license_state", "")
    if state and not re.fullmatch(r"[A-Za-z]{2}", state):
        problems.append("license_state: use the two-letter state code")
    values["license_state"] = state.upper()
    if values.get("team") and not values.get("cohort"):
        problems.append("team: a team needs a cohort in the same row")
    return problems

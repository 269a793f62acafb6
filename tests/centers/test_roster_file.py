"""Reading roster spreadsheets: encodings, delimiters, Excel's quirks, and every per-line problem. No app needed."""
import pytest

from lms.centers.roster_file import RosterFileError, read_roster

HEADER = "email,full_name,discipline,agency"
LIMIT = 100_000


def read(text: str | bytes):
    return read_roster(text.encode() if isinstance(text, str) else text, max_bytes=LIMIT)


def reasons(result) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in result.problems]


def test_utf8_with_bom_semicolons_and_crlf_as_excel_writes_them():
    data = "\ufeffEmail;Full name;Discipline;Agency\r\nzoe@example.org;Zoë Brontë;Officer;\"Metro; PD\"\r\n"
    result = read(data)
    assert result.delimiter == ";" and result.problems == []
    [row] = result.rows
    assert (row.email, row.full_name, row.discipline, row.agency) == ("zoe@example.org", "Zoë Brontë", "officer",
                                                                      "Metro; PD")


def test_excel_legacy_csv_in_windows_1252_is_read():
    result = read(f"{HEADER}\nrene@example.org,René Côté,clinician,Clinique\n".encode("cp1252"))
    assert result.encoding.startswith("Windows-1252") and result.rows[0].full_name == "René Côté"


def test_a_quoted_cell_with_a_line_break_keeps_later_line_numbers_right():
    result = read(f'{HEADER}\na@example.org,"Ann\nLee",officer,PD\nbad-email,Bob,officer,PD\n')
    assert result.rows[0].full_name == "Ann Lee"
    assert reasons(result) == [(4, "email: 'bad-email' is not a valid address")]


def test_each_bad_cell_is_named_with_its_line():
    data = (f"{HEADER},badge_number,license_state,team,role\n"
            "ok@example.org,Ok Person,officer,PD,123,,,\n"
            "f@example.org,=HYPERLINK(\"x\"),officer,PD,,,,\n"
            "n@example.org,Nul\x00Name,officer,PD,,,,\n"
            f"l@example.org,{'x' * 121},officer,PD,,,,\n"
            "d@example.org,Dee,astronaut,PD,,,,\n"
            "s@example.org,Ess,clinician,PD,,North Carolina,,\n"
            "t@example.org,Tee,officer,PD,,,Team A,\n"
            "r@example.org,Arr,officer,PD,,,,boss\n"
            "p@example.org,Pee,officer,+1 555,,,,\n"
            ",No Email,officer,PD,,,,\n")
    result = read(data)
    assert [r.email for r in result.rows] == ["ok@example.org"]
    got = reasons(result)
    assert (3, "full_name: starts with '=', which a spreadsheet would run as a formula") in got
    assert (4, "full_name: contains a NUL byte") in got
    assert (5, "full_name: longer than 120 characters") in got
    assert (6, "discipline: unknown 'astronaut' (use officer, clinician, cps_worker or other)") in got
    assert (7, "license_state: longer than 2 characters") in got
    assert (8, "team: a team needs a cohort in the same row") in got
    assert (9, "role: unknown 'boss' (use learner, trainer, center_admin or agency_coordinator)") in got
    assert (10, "agency: starts with '+', which a spreadsheet would run as a formula") in got
    assert (11, "email: missing") in got


def test_unknown_and_missing_columns_are_reported_on_line_one():
    result = read("emial,full_name\nx@example.org,X\n")
    assert (1, "the header has no 'email' column") in reasons(result)
    assert any(line == 1 and "unknown column 'emial'" in reason for line, reason in reasons(result))


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"email,full_name\n", "no people"),
    ("email,full_name\nx@example.org,X\n".encode("utf-16"), "UTF-16"),
    (b"x" * (LIMIT + 1), "the limit is 0.1 MB"),
])
def test_files_that_cannot_be_read_at_all_say_why(data, message):
    with pytest.raises(RosterFileError, match=message):
        read(data)


def test_blank_lines_and_header_aliases_are_accepted():
    result = read("E-mail,Name,Badge\n\nx@example.org,  Xavier   Ortiz ,77\n,,\n")
    [row] = result.rows
    assert (row.line, row.full_name, row.badge_number) == (3, "Xavier Ortiz", "77")

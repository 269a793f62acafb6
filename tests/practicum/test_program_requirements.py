"""Program files may require field activities and live sessions; mistakes are reported as file:line."""
from dataclasses import replace

import pytest

from lms.contentfiles import ContentErrors
from lms.programs.spec import ProgramSpec, parse_program

BASE = """title: Sample
modules: [sample-module]
ce_hours: 2
layouts: {officer: post, clinician: ce, cps_worker: ce, other: ce}
objectives: [Describe the sample]
accreditation: {}
"""


def parse(extra: str) -> ProgramSpec:
    return parse_program(BASE + extra, "programs/sample.yaml", slug="sample", module_slugs={"sample-module"})


def test_activity_and_session_requirements_are_read_and_stored():
    spec = parse("activities:\n  ride_along: {count: 2, hours: 8, for: [clinician]}\n"
                 "  case_conference: {count: 2, for: [officer], signers: [police]}\n"
                 "sessions:\n  - {series: CD-CP seminar, attend: 3}\n")
    assert spec.activities == {
        "ride_along": {"count": 2, "hours": 8.0, "for": ["clinician"], "signers": ["police", "clinical"]},
        "case_conference": {"count": 2, "hours": 0.0, "for": ["officer"], "signers": ["police"]}}
    assert spec.sessions == ({"series": "CD-CP seminar", "attend": 3},)
    assert ProgramSpec.from_dict(spec.to_dict()) == replace(spec, path="")  # the path is not stored


def test_a_program_without_them_keeps_working_and_old_stored_specs_load():
    spec = parse("")
    assert (spec.activities, spec.sessions) == ({}, ())
    stored = spec.to_dict()
    del stored["activities"], stored["sessions"]
    assert ProgramSpec.from_dict(stored) == replace(spec, path="")


@pytest.mark.parametrize("extra,line,message", [
    ("activities:\n  ride_along: {hours: 8}\n", 8, "activities.ride_along: missing required key 'count'"),
    ("activities:\n  ride_along: {count: 0}\n", 8,
     "activities.ride_along: 'count' must be a whole number from 1 to 100"),
    ("activities:\n  ride_along: {count: 2, for: [pilot]}\n", 8, "activities.ride_along: 'for' must be a list of"),
    ("activities:\n  ride_along: {count: 2, signers: [judge]}\n", 8,
     "activities.ride_along: 'signers' must be a list of"),
    ("activities:\n  Ride-Along: {count: 2}\n", 8, "activities: 'Ride-Along' must be a snake_case kind"),
    ("sessions:\n  - {series: Seminar}\n", 8, "sessions[1]: missing required key 'attend'"),
    ("sessions: 3\n", 7, "program: 'sessions' must be a list"),
])
def test_mistakes_are_reported_with_file_and_line(extra, line, message):
    with pytest.raises(ContentErrors) as caught:
        parse(extra)
    shown = [str(error) for error in caught.value.errors]
    assert any(text.startswith(f"programs/sample.yaml:{line}: {message}") for text in shown), shown

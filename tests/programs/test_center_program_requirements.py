"""A center program's field work, live sessions and disclosures, typed in its form in the program file's own YAML:
read by the same validators as a file (the same values as a file of the same text), shown again on edit so an
unchanged save keeps the version, each problem reported at its line with nothing written; a learner who has done the
modules but not the field work gets no certificate. SQLite and PostgreSQL."""
import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.curriculum.models import Lesson, Module
from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import parse_program
from lms.progress.service import mark_lesson_done
from tests.programs.test_center_program_story import FORM, signed_in

pytestmark = pytest.mark.pg

REQUIREMENTS = """activities:
  ride_along: {count: 2, hours: 8, for: [clinician], signers: [police, clinical]}
sessions:
  - {series: County seminar, attend: 1}
disclosures:
  authors: [{name: Dana Roe, credentials: LCSW}]
  reviewers: [{name: Lee Moe, credentials: "PhD, licensed psychologist"}]
  conflict_of_interest: No author or reviewer has a relevant financial relationship.
  commercial_support: None.
  hours_basis: The modules' estimated minutes.
  review_date: 2026-11-30
  accessibility: Every page works with a screen reader.
  grievance: Write to the center's director.
"""
FILE_KEYS = """title: County refresher
modules: [sample-module, our-county]
ce_hours: 1
layouts: {officer: post, clinician: ce, cps_worker: ce, other: ce}
objectives: [Describe the county's referral routes]
accreditation: {}
"""


@pytest.fixture
def staff(app, make_user, own_module):
    return signed_in(app, make_user("center_admin"))


def test_typed_requirements_are_read_as_a_program_file_reads_them_and_shown_again_on_edit(db, center, staff):
    url = f"/centers/{center.slug}/programs"
    assert staff.post(f"{url}/new", data={**FORM, "requirements": REQUIREMENTS}).status_code == 302
    program = db.session.scalar(select(Program).where(Program.slug == "county-refresher"))
    spec = program.current_version.spec
    as_file = parse_program(FILE_KEYS + REQUIREMENTS, "programs/county-refresher.yaml", slug="county-refresher",
                            module_slugs={"sample-module", "our-county"})
    assert spec["activities"] == as_file.activities and spec["disclosures"] == as_file.disclosures
    assert [dict(s) for s in spec["sessions"]] == [dict(s) for s in as_file.sessions]
    assert spec["activities"]["ride_along"] == {"count": 2, "hours": 8.0, "for": ["clinician"],
                                                "signers": ["police", "clinical"]}
    assert spec["disclosures"]["review_date"] == "2026-11-30"

    form = staff.get(f"{url}/county-refresher/edit").get_data(as_text=True)
    assert "ride_along" in form and "County seminar" in form and "Dana Roe" in form
    shown = form.split('name="requirements"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    import html

    again = {**FORM, "requirements": html.unescape(shown).lstrip("\n"), "expected": str(program.current_version_id)}
    assert staff.post(f"{url}/county-refresher/edit", data=again).status_code == 302
    db.session.expire_all()
    assert program.current_version.number == 1  # what the form showed reads back to the same program
    changed = {**again, "requirements": "sessions:\n  - {series: County seminar, attend: 2}\n"}
    assert staff.post(f"{url}/county-refresher/edit", data=changed).status_code == 302
    db.session.expire_all()
    assert program.current_version.number == 2 and program.current_version.spec["activities"] == {}
    assert program.current_version.spec["sessions"] == [{"series": "County seminar", "attend": 2}]


@pytest.mark.parametrize("typed, message", [
    ("activities:\n  ride_along: {count: 0}\n", "Line 2: activities.ride_along: &#39;count&#39;"),
    ("activities:\n  Ride Along: {count: 2}\n", "Line 2: activities: &#39;Ride Along&#39; must be a snake_case"),
    ("activities:\n  ride_along: {count: 2, for: [astronaut]}\n", "Line 2: activities.ride_along: &#39;for&#39;"),
    ("sessions:\n  - {series: County seminar}\n", "Line 2: sessions[1]: missing required key &#39;attend&#39;"),
    ("activities: {}\nfield_work: yes\n", "Line 2: program: unknown key &#39;field_work&#39;"),
    ("activities:\n  ride_along: [count: 2\n", "Line 3: invalid YAML"),  # where the parser sees the list unclosed
    ("disclosures:\n  authors: []\n", "disclosures: missing required key"),
    ("- ride_along\n", "Line 1: give the keys activities, sessions or disclosures"),
])
def test_a_problem_in_the_typed_requirements_is_named_at_its_line_and_nothing_is_saved(db, center, staff, typed,
                                                                                      message):
    response = staff.post(f"/centers/{center.slug}/programs/new", data={**FORM, "requirements": typed})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(ProgramVersion).join(Program, Program.id == ProgramVersion.program_id).where(Program.owner_center_id.is_not(None))) is None


def test_a_learner_who_has_done_the_modules_but_not_the_field_work_gets_no_certificate(db, center, staff, make_user,
                                                                                      issuing):
    data = {**FORM, "approval_statement": "Approved (test).", "requirements": REQUIREMENTS.split("sessions:")[0]}
    assert staff.post(f"/centers/{center.slug}/programs/new", data=data).status_code == 302
    learner = make_user(discipline="clinician")
    for lesson in db.session.scalars(select(Lesson).join(Module, Module.current_version_id == Lesson.version_id)
                                     .where(Module.slug.in_(("sample-module", "our-county")))):
        mark_lesson_done(user_id=learner.id, lesson=lesson)
    assert db.session.scalar(select(IssuanceRequest).where(IssuanceRequest.user_id == learner.id)) is None
    officer = make_user(discipline="officer")  # the ride-alongs are asked of clinicians only
    for lesson in db.session.scalars(select(Lesson).join(Module, Module.current_version_id == Lesson.version_id)
                                     .where(Module.slug.in_(("sample-module", "our-county")))):
        mark_lesson_done(user_id=officer.id, lesson=lesson)
    assert db.session.scalar(select(IssuanceRequest).where(IssuanceRequest.user_id == officer.id)) is not None

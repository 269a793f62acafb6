"""Bad input to a center's program forms (new, edit, archive), on SQLite and PostgreSQL: over-long text, huge,
negative and not-a-number hours and months, a tampered choice or version, a stale version are answered 422 with a
sentence naming what to change; a control character (a NUL byte, which PostgreSQL would refuse) is answered 400
before any form reads it. Nothing is written."""
import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.inputs import MESSAGE as CONTROL_MESSAGE
from lms.programs.models import Program, ProgramVersion
from tests.programs.test_center_program_story import FORM, signed_in

pytestmark = pytest.mark.pg

HOURS = "CE hours are 0.5 to 200."
MONTHS = "Months of validity are 1 to 240."
NAME = "A program&#39;s name is lowercase letters, digits and hyphens"


def written(db) -> tuple[int, int, int]:
    """Programs, versions and audit events of programs, to show that nothing was written."""
    return (db.session.scalar(select(func.count()).select_from(Program)),
            db.session.scalar(select(func.count()).select_from(ProgramVersion)),
            db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("program.%"))))


@pytest.fixture
def staff(app, make_user, own_module):
    return signed_in(app, make_user("center_admin"))


@pytest.mark.parametrize("changes, message", [
    ({"program_slug": "County Refresher"}, NAME),
    ({"program_slug": "../etc"}, NAME),
    ({"program_slug": "x" * 61}, "Field cannot be longer than 60 characters."),
    ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    ({"objectives": "x" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"objectives": "   \n  "}, "Give at least one learning objective."),
    ({"ce_hours": "-1"}, HOURS),
    ({"ce_hours": "99999999999999999999999"}, HOURS),
    ({"ce_hours": "1e309"}, HOURS),
    ({"ce_hours": "Infinity"}, HOURS),
    ({"ce_hours": "NaN"}, HOURS),
    ({"ce_hours": "sNaN"}, HOURS),
    ({"ce_hours": "sNaN"}, "Not a valid decimal value."),
    ({"ce_hours": "-Infinity"}, "Not a valid decimal value."),
    ({"ce_hours": ""}, "Give the program&#39;s CE hours."),
    ({"validity_months": "2147483648"}, MONTHS),
    ({"validity_months": "99999999999999999999999"}, MONTHS),
    ({"validity_months": "0"}, MONTHS),
    ({"validity_months": "twelve"}, "Not a valid integer value."),
    ({"layout_officer": "gold"}, "Not a valid choice."),
    ({"evaluation": "maybe"}, "Not a valid choice."),
    ({"modules": "x" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"modules": "sample-module\n" + "x" * 4000}, "No published module is called"),
])
def test_a_bad_new_program_is_refused_with_its_reason_and_nothing_is_written(db, center, staff, changes, message):
    before = written(db)
    response = staff.post(f"/centers/{center.slug}/programs/new", data={**FORM, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.rollback()
    assert written(db) == before


@pytest.fixture
def made(db, center, staff):
    assert staff.post(f"/centers/{center.slug}/programs/new", data=FORM).status_code == 302
    return db.session.scalar(select(Program).where(Program.slug == "county-refresher"))


STALE = "Someone else saved this program since you opened it; reload the page and try again."


@pytest.mark.parametrize("changes, message", [
    ({"expected": "abc"}, STALE),
    ({"expected": "99999999999999999999999"}, STALE),
    ({"expected": "-1"}, STALE),
    ({"ce_hours": "NaN"}, HOURS),
    ({"validity_months": "-5"}, MONTHS),
    ({"modules": "sample-module\nsample-module"}, "A module is listed twice"),
])
def test_a_bad_edit_is_refused_with_its_reason_and_the_program_keeps_its_version(db, center, staff, made, changes,
                                                                                 message):
    before, version = written(db), made.current_version_id
    data = {**FORM, "title": "Second edition", "expected": str(version), **changes}
    response = staff.post(f"/centers/{center.slug}/programs/county-refresher/edit", data=data)
    assert response.status_code == 422
    assert message.replace("'", "&#39;") in response.get_data(as_text=True)
    db.session.rollback()
    db.session.expire_all()
    assert written(db) == before and made.current_version_id == version


def test_an_edit_from_a_form_opened_before_another_save_is_refused(db, center, staff, made):
    opened = str(made.current_version_id)
    url = f"/centers/{center.slug}/programs/county-refresher/edit"
    assert staff.post(url, data={**FORM, "title": "First change", "expected": opened}).status_code == 302
    before = written(db)
    response = staff.post(url, data={**FORM, "title": "Second change", "expected": opened})
    assert response.status_code == 422 and STALE.replace("'", "&#39;") in response.get_data(as_text=True)
    db.session.expire_all()
    assert written(db) == before and made.current_version.title == "First change"


@pytest.mark.parametrize("query", ["restore=99999999999999999999999", "restore=yes", "restore="])
def test_an_archive_query_other_than_restore_1_archives(db, center, staff, made, query):
    response = staff.post(f"/centers/{center.slug}/programs/county-refresher/archive?{query}")
    assert response.status_code == 302
    db.session.expire_all()
    assert made.archived_at is not None


@pytest.mark.parametrize("form, where", [
    ("new", {"title": "County\x00refresher"}), ("new", {"modules": "sample-module\x00\nour-county"}),
    ("new", {"program_slug": "county\x00refresher"}), ("new", {"objectives": "Apply\x00the protocol"}),
    ("new", {"approval_statement": "\x1b[31m"}), ("edit", {"title": "x\x00"}), ("edit", {"expected": "1\x00"}),
    ("archive", {}),
])
def test_a_control_character_anywhere_is_refused_before_the_form_and_nothing_is_written(db, center, staff, made,
                                                                                        form, where):
    before, base = written(db), f"/centers/{center.slug}/programs"
    if form == "archive":
        response = staff.post(f"{base}/county-refresher/archive?restore=%00")
    else:
        url = f"{base}/new" if form == "new" else f"{base}/county-refresher/edit"
        response = staff.post(url, data={**FORM, "program_slug": "other-refresher",
                                         "expected": str(made.current_version_id), **where})
    assert response.status_code == 400 and CONTROL_MESSAGE in response.get_data(as_text=True)
    db.session.expire_all()
    assert written(db) == before and made.archived_at is None

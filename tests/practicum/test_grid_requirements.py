"""The cohort grid gains a column per field-activity kind and session series the cohort's programs require, counted
in SQL with a query count that does not grow with the number of learners."""
import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import event, insert, select

from lms.programs.service import publish_program
from lms.programs.spec import parse_program
from lms.reports.grid_requirements import RequirementCell, RequirementColumn, requirement_cell
from tests.practicum.conftest import entry_data, outbox_links
from tests.practicum.test_certificate_field_work import attend_seminar
from tests.practicum.test_program_requirements import BASE

pytestmark = pytest.mark.pg

REQUIREMENTS = ("activities:\n  ride_along: {count: 2, hours: 8, for: [clinician]}\n"
                "  case_conference: {count: 2, for: [officer], signers: [police]}\n"
                "sessions:\n  - {series: CD-CP seminar, attend: 3}\n")


@pytest.fixture
def assigned(db, team, content):
    """The cohort is assigned a program needing ride-alongs (clinicians), case conferences (officers), seminars."""
    from lms.centers import cohort_service

    version = publish_program(parse_program(BASE + REQUIREMENTS, "programs/field.yaml", slug="field",
                                            module_slugs={"sample-module"})).version
    db.session.commit()
    cohort_service.assign(team["cohort"], target=f"program:{version.program_id}", due_on=date(2027, 1, 1),
                          actor_id=team["trainer"].id)
    return version


def test_requirement_cells_say_how_far_along_and_not_required_for_other_disciplines():
    rides = RequirementColumn("activity", "ride_along", 2, 8.0, ("clinician",), ("police", "clinical"))
    progress = {(1, "activity", "ride_along"): (1, 330)}
    cell = requirement_cell(user_id=1, discipline="clinician", column=rides, progress=progress)
    assert cell.label == "1 of 2 · 5.5 of 8 h" and not cell.met
    assert requirement_cell(user_id=2, discipline="officer", column=rides, progress=progress).label == "not required"
    assert RequirementCell(True, 2, 480, 2, 8.0).met and not RequirementCell(True, 2, 470, 2, 8.0).met


def test_the_grid_shows_each_requirement_with_each_learners_progress(client, login, db, center, team, supervisors,
                                                                    assigned, tmp_path):
    attend_seminar(center, team, title="Seminar 1")
    login(team["clinician"])
    client.post("/practicum/new", data=entry_data())  # 5.5 h ride-along, both sign below
    client.post("/signout")
    for link in outbox_links(tmp_path).values():
        client.post(link, data={"decision": "approved"})
    login(team["trainer"])
    url = f"/centers/{center.slug}/cohorts/{team['cohort'].id}/grid"
    page = client.get(url).get_data(as_text=True)
    assert 'Ride-along<br><span class="meta">2 signed' in page
    assert 'CD-CP seminar<br><span class="meta">attend 3' in page
    assert "1 of 2 · 5.5 of 8 h" in page and "1 of 3" in page and "not required" in page
    rows = list(csv.reader(io.StringIO(client.get(url + ".csv").get_data().decode("utf-8-sig"))))
    assert rows[0][-3:] == ["Ride-along (requirement)", "Case conference (requirement)",
                            "CD-CP seminar (requirement)"]
    clinician = next(r for r in rows if r[0] == "Priya Raman")
    officer = next(r for r in rows if r[0] == "Jordan Ellis")
    assert clinician[-3:] == ["1 of 2 · 5.5 of 8 h", "not required", "1 of 3"]
    assert officer[-3:] == ["not required", "0 of 2", "0 of 3"]


def _more_learners(db, center, cohort, count: int, offset: int) -> None:
    """`count` more cohort learners, each with a signed ride-along (both signatures) and an attended seminar."""
    from lms.auth.models import User
    from lms.centers.cohort_models import CohortMember
    from lms.centers.models import Membership
    from lms.practicum.models import LiveSession, PracticumEntry, SessionRegistration, SignoffRequest

    db.session.execute(insert(User), [{"email": f"bulk{offset + n}@example.org", "full_name": f"Bulk {offset + n}",
                                       "password_hash": "x", "discipline": ("officer", "clinician")[n % 2],
                                       "agency": "Agency", "is_site_admin": False, "session_token": f"s{offset + n}",
                                       "failed_logins": 0} for n in range(count)])
    ids = list(db.session.scalars(select(User.id).where(User.email.like("bulk%")).order_by(User.id)))[-count:]
    db.session.execute(insert(Membership), [{"user_id": i, "center_id": center.id, "role": "learner"} for i in ids])
    db.session.execute(insert(CohortMember), [{"user_id": i, "cohort_id": cohort.id} for i in ids])
    when = date(2026, 11, 1)
    db.session.execute(insert(PracticumEntry), [{"user_id": i, "center_id": center.id, "kind": "ride_along",
                                                 "occurred_on": when, "minutes": 240, "status": "signed",
                                                 "signers": {"police": "p@x.test", "clinical": "c@x.test"},
                                                 "signed_at": None} for i in ids])
    entries = list(db.session.scalars(select(PracticumEntry.id).where(PracticumEntry.user_id.in_(ids))))
    db.session.execute(insert(SignoffRequest), [
        {"entry_id": e, "role": role, "signer_email": "p@x.test", "signer_name": "P", "token_hash": f"{e}-{role}",
         "expires_at": datetime(2027, 1, 1), "decision": "approved"}
        for e in entries for role in ("police", "clinical")])
    session_id = db.session.scalar(select(LiveSession.id))
    db.session.execute(insert(SessionRegistration), [{"session_id": session_id, "user_id": i, "attended": True,
                                                      "credited_minutes": 120} for i in ids])
    db.session.commit()


def _count(db, fn) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert fn().status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_grid_query_count_does_not_grow_with_the_learners(client, login, db, center, team, assigned):
    attend_seminar(center, team, title="Seminar 1")
    login(team["trainer"])
    url = f"/centers/{center.slug}/cohorts/{team['cohort'].id}/grid?per_page=1000"
    client.get(url)
    _more_learners(db, center, team["cohort"], 5, 0)
    small = _count(db, lambda: client.get(url))
    _more_learners(db, center, team["cohort"], 150, 5)
    response = client.get(url)
    assert response.get_data(as_text=True).count("1 of 2 · 4 of 8 h") == 77  # the 155 new learners, odd ones
    assert _count(db, lambda: client.get(url)) == small

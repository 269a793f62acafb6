"""POST and CE rosters carry each learner's session hours attended and signed field hours, in a bounded number of
queries, and list a field-work program's completers only once the field work is met too."""
import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import event, insert, select

from lms.certificates.models import IssuanceRequest
from lms.curriculum.models import Module
from lms.practicum.models import PracticumEntry
from lms.progress.models import ModuleCompletion
from lms.reports.attendance_hours import attendance_hours
from lms.reports.rosters import CE_HEADER
from tests.conftest import SAMPLE_CONTENT
from tests.practicum.conftest import entry_data, outbox_links
from tests.practicum.test_certificate_field_work import attend_seminar

pytestmark = pytest.mark.pg


def rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_rosters_list_session_hours_and_signed_field_hours(app, client, login, db, center, team, supervisors,
                                                           content, make_user, tmp_path):
    from lms.certificates.issuing.center_settings import save_settings
    from lms.programs.models import Program

    clinician, officer = team["clinician"], team["officer"]
    program = db.session.scalar(select(Program).where(Program.slug == "sample-program"))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="CE-77", requires_approval=False,
                  programs={program.id: ("POST-123", "Approved.")})
    modules = db.session.scalars(select(Module)).all()
    db.session.execute(insert(ModuleCompletion), [{"user_id": u.id, "module_id": m.id,
                                                   "version_id": m.current_version_id}
                                                  for u in (clinician, officer) for m in modules])
    db.session.commit()
    attend_seminar(center, team, title="Seminar 1", late=30)  # 1.5 of 2 hours
    attend_seminar(center, team, title="Seminar 2")
    login(clinician)
    client.post("/practicum/new", data=entry_data())  # 5.5 hours, signed
    client.post("/signout")
    for link in outbox_links(tmp_path).values():
        client.post(link, data={"decision": "approved"})
    login(clinician)
    client.post("/practicum/new", data=entry_data(occurred_on="2026-11-18", hours="3", start_time="",
                                                  end_time=""))  # stays pending: not counted
    assert [e.status for e in db.session.scalars(select(PracticumEntry))] == ["signed", "pending"]
    login(make_user("center_admin"))
    ce = rows(client.get(f"/centers/{center.slug}/rosters/sample-program/ce.csv"))
    assert ce[0][-2:] == ["session hours", "field hours"]
    assert [r[0] for r in ce[1:]] == ["Priya Raman"] and ce[1][-2:] == ["3.5", "5.5"]
    post = rows(client.get(f"/centers/{center.slug}/cohorts/{team['cohort'].id}/rosters/sample-program/post.csv"))
    assert post[0][-2:] == ["session hours", "field hours"]
    assert post[1][0] == "Jordan Ellis" and post[1][-2:] == ["0", "0"]


def test_attendance_hours_take_two_queries_whatever_the_number_of_learners(db, team, make_user):
    users = [team["clinician"].id, team["officer"].id] + [make_user().id for _ in range(20)]
    seen = []
    listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        few = attendance_hours(users[:2])
        count_few = len(seen)
        seen.clear()
        many = attendance_hours(users)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert count_few == len(seen) == 2
    assert len(few) == 2 and len(many) == 22 and many[users[-1]].session_hours == "0"


def test_a_field_work_program_roster_lists_only_learners_who_also_met_the_field_work(client, login, db, center,
                                                                                       team, make_user):
    from lms.certificates.issuing.center_settings import save_settings
    from lms.programs.service import publish_program
    from lms.programs.spec import parse_program
    from tests.practicum.test_certificate_field_work import CE
    from tests.practicum.test_program_requirements import BASE

    text = BASE.replace("accreditation: {}", CE) + "sessions:\n  - {series: CD-CP seminar, attend: 1}\n"
    from lms.publishing import import_content

    import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes")
    version = publish_program(parse_program(text, "programs/field.yaml", slug="field",
                                            module_slugs={"sample-module"})).version
    db.session.commit()
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="CE-77", requires_approval=False,
                  programs={version.program_id: ("POST-1", "Approved.")})
    module = db.session.scalar(select(Module).where(Module.slug == "sample-module"))
    db.session.execute(insert(ModuleCompletion), [{"user_id": u.id, "module_id": module.id,
                                                   "version_id": module.current_version_id,
                                                   "completed_at": datetime(2026, 10, 1, 12, 0)}
                                                  for u in (team["clinician"], team["officer"])])
    db.session.commit()
    attend_seminar(center, team, title="Seminar 1")  # the clinician attends; the officer does not
    met = db.session.scalar(select(IssuanceRequest.created_at).where(IssuanceRequest.user_id == team["clinician"].id))
    assert met is not None  # the attendance that met the program requested the certificate
    login(make_user("center_admin"))
    ce = rows(client.get(f"/centers/{center.slug}/rosters/field/ce.csv"))
    assert [r[0] for r in ce[1:]] == ["Priya Raman"] and ce[1][-2:] == ["2", "0"]
    # the completion date is the day the seminar met the program, not the day the module was finished
    assert ce[1][CE_HEADER.index("date")] == f"{met:%Y-%m-%d}" != "2026-10-01"
    post = rows(client.get(f"/centers/{center.slug}/rosters/field/post.csv"))
    assert len(post) == 1  # the officer finished the module but not the seminar

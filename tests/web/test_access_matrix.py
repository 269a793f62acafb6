"""Every route x every role gets its expected status (checklist 8). A new route fails here until it has a row."""
import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.curriculum.models import Module
from lms.progress.service import start_quiz
from lms.quizzes.selectors import quiz_for, spec_for
from tests.practicum.matrix_records import practicum_records

# "trainer" trains at the center but not the cohort {cohort}; "cohort_trainer" trains it. The learner is in the
# cohort and in team {team}; the agency coordinator shares the learner's agency.
ROLES = ("anonymous", "learner", "trainer", "cohort_trainer", "center_admin", "other_center_admin",
         "other_center_trainer", "agency_coordinator", "site_admin")


def everyone(code: int) -> dict:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int) -> dict:
    """Anonymous users are sent to sign in; everyone else gets `code`."""
    return {**everyone(code), "anonymous": 302}


def owner_only(code: int) -> dict:
    """Only the learner who owns the record gets `code`; other signed-in users get 404."""
    return {**signed_in(404), "learner": code}


def admins(code: int) -> dict:
    """Admins of this center and site admins get `code`; other signed-in users 404."""
    return {**signed_in(404), "center_admin": code, "site_admin": code}


def staff(code: int) -> dict:
    """Trainers and admins of this center and site admins get `code`; other signed-in users 404."""
    return {**admins(code), "trainer": code, "cohort_trainer": code}


def owner_or_admins(code: int) -> dict:
    """The learner who owns the record, this center's admins and site admins."""
    return {**admins(code), "learner": code}


def center_viewers(code: int) -> dict:
    """Everyone who reads this center's cohorts list: its trainers, admins, agency coordinators, site admins."""
    return {**admins(code), "trainer": code, "cohort_trainer": code, "agency_coordinator": code}


def cohort_staff(code: int) -> dict:
    """The cohort's trainer, the center's admins and agency coordinators (read-only), site admins."""
    return {**admins(code), "cohort_trainer": code, "agency_coordinator": code}


def admins_and_coordinators(code: int) -> dict:
    """The center's admins, site admins and agency coordinators."""
    return {**admins(code), "agency_coordinator": code}


def site_admins(code: int) -> dict:
    """Only site admins get `code`; every other signed-in user 404."""
    return {**signed_in(404), "site_admin": code}


# endpoint: (method, url, {role: status}); routes run in this order for each role

MATRIX = {
    "main.index": ("GET", "/", {**everyone(302), "anonymous": 200}),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "main.readyz": ("GET", "/readyz", everyone(200)),
    "auth.signup": ("GET", "/signup", everyone(200)),
    "auth.confirm_signup": ("GET", "/signup/confirm/not-a-token", everyone(302)),
    "auth.signin": ("GET", "/signin", everyone(200)),
    "auth.signout": ("POST", "/signout", everyone(302)),
    "auth.forgot_password": ("GET", "/forgot-password", everyone(200)),
    "auth.reset_password": ("GET", "/reset-password/not-a-token", everyone(302)),
    "auth.profile": ("GET", "/account", signed_in(200)),
    "auth.change_password": ("GET", "/account/password", signed_in(200)),
    "reminders.email_settings": ("GET", "/account/email-settings", signed_in(200)),
    "reminders.unsubscribe": ("GET", "/unsubscribe/not-a-token", everyone(404)),
    "progress.dashboard": ("GET", "/dashboard", signed_in(200)),
    "progress.module": ("GET", "/modules/sample-module", signed_in(200)),
    "progress.lesson": ("GET", "/modules/sample-module/lessons/first-lesson", signed_in(200)),
    "progress.mark_done": ("POST", "/modules/sample-module/lessons/first-lesson/done", signed_in(302)),
    "quiz.landing": ("GET", "/modules/quiz-module/quiz", signed_in(200)),
    "quiz.start": ("POST", "/modules/quiz-module/quiz/start", signed_in(302)),
    # The learner owns attempt {attempt}; for everyone else it does not exist (404), never 403.
    "quiz.attempt": ("GET", "/attempts/{attempt}", owner_only(200)),
    "quiz.answer": ("POST", "/attempts/{attempt}/answer", owner_only(302)),
    "quiz.decide": ("POST", "/attempts/{attempt}/decide", owner_only(302)),
    "quiz.submit": ("POST", "/attempts/{attempt}/submit", owner_only(302)),
    "quiz.result": ("GET", "/attempts/{attempt}/result", owner_only(200)),
    "certificates.mine": ("GET", "/certificates", signed_in(200)),
    # A certificate's files: its learner, the issuing center's admins and site admins.
    "certificates.pdf": ("GET", "/certificates/{cert}/certificate.pdf", owner_or_admins(200)),
    "certificates.badge": ("GET", "/certificates/{cert}/badge.jwt", owner_or_admins(200)),
    "verify.lookup": ("GET", "/verify", everyone(200)),
    "verify.certificate": ("GET", "/verify/{cert}", everyone(200)),
    "verify.certificate_json": ("GET", "/verify/{cert}.json", everyone(200)),
    "verify.issuer": ("GET", "/centers/{center}/issuer", everyone(200)),
    "verify.jwk": ("GET", "/keys/{fingerprint}.json", everyone(200)),
    "verify.program": ("GET", "/programs/sample-program", everyone(200)),
    "verify.program_image": ("GET", "/programs/sample-program/image.svg", everyone(200)),
    "verify.status_list": ("GET", "/centers/{center}/status/revocation", everyone(200)),
    "center_admin.certificates": ("GET", "/centers/{center}/admin/certificates", admins(200)),
    "center_admin.export_csv": ("GET", "/centers/{center}/admin/certificates.csv", admins(200)),
    "center_admin.export_zip": ("POST", "/centers/{center}/admin/certificates.zip", admins(302)),
    "center_admin.certificate": ("GET", "/centers/{center}/admin/certificates/{cert}", admins(200)),
    "center_admin.revoke_certificate": ("POST", "/centers/{center}/admin/certificates/{cert}/revoke", admins(302)),
    "center_admin.decide": ("POST", "/centers/{center}/admin/requests/{request}/approve", admins(302)),
    "center_setup.settings": ("GET", "/centers/{center}/admin/settings", admins(200)),
    "center_setup.import_key": ("POST", "/centers/{center}/admin/key/import", admins(302)),
    "center_setup.bulk_issue": ("GET", "/centers/{center}/admin/bulk", admins(200)),
    "center_setup.bulk_job": ("GET", "/centers/{center}/admin/bulk/{job}", admins(200)),
    "center_setup.generate_key": ("POST", "/centers/{center}/admin/key", admins(200)),  # asks to confirm
    "center_admin.reissue": ("POST", "/centers/{center}/admin/certificates/{cert}/reissue", admins(302)),
    "site_admin.centers": ("GET", "/admin/centers", site_admins(200)),
    "site_admin.center": ("GET", "/admin/centers/{center}", site_admins(200)),
    "site_admin.archive": ("POST", "/admin/centers/{center}/archive?restore=1", site_admins(302)),
    "site_admin.users": ("GET", "/admin/users?q=user", site_admins(200)),
    "site_admin.user": ("GET", "/admin/users/{member}", site_admins(200)),
    "site_admin.account_action": ("POST", "/admin/users/{member}/unlock", site_admins(302)),
    "site_admin.audit": ("GET", "/admin/audit", site_admins(200)),
    "site_admin.audit_csv_view": ("GET", "/admin/audit.csv", site_admins(200)),
    "center_people.home": ("GET", "/centers/{center}/", center_viewers(200)),
    "center_people.people": ("GET", "/centers/{center}/people", admins_and_coordinators(200)),
    "center_people.invite": ("GET", "/centers/{center}/people/invite", admins(200)),
    "center_people.member": ("GET", "/centers/{center}/people/{member}", admins_and_coordinators(200)),
    "center_people.change_role": ("POST", "/centers/{center}/people/{member}/role", admins(302)),
    "center_people.board_fields": ("POST", "/centers/{center}/people/{member}/profile", admins(302)),
    "center_people.resend": ("POST", "/centers/{center}/people/{member}/resend", admins(302)),
    "center_people.roster": ("GET", "/centers/{center}/roster", admins(200)),
    "center_people.roster_confirm": ("POST", "/centers/{center}/roster/confirm", admins(422)),
    "center_people.roster_template_csv": ("GET", "/centers/{center}/roster/template.csv", admins(200)),
    "center_people.audit": ("GET", "/centers/{center}/audit", admins(200)),
    "center_people.audit_csv_view": ("GET", "/centers/{center}/audit.csv", admins(200)),
    "invitations.accept": ("GET", "/invitations/not-a-token", everyone(302)),
    # Cohorts, teams and reports: reads first, then writes (which target ids that change nothing).
    "cohorts.index": ("GET", "/centers/{center}/cohorts", center_viewers(200)),
    "cohorts.cohort": ("GET", "/centers/{center}/cohorts/{cohort}", cohort_staff(200)),
    "cohorts.team": ("GET", "/centers/{center}/cohorts/{cohort}/teams/{team}", {**cohort_staff(200), "learner": 200}),
    "reports.grid": ("GET", "/centers/{center}/cohorts/{cohort}/grid", cohort_staff(200)),
    "reports.grid_csv": ("GET", "/centers/{center}/cohorts/{cohort}/grid.csv", cohort_staff(200)),
    "reports.teams_csv": ("GET", "/centers/{center}/cohorts/{cohort}/teams.csv", cohort_staff(200)),
    "reports.overview": ("GET", "/centers/{center}/overview", admins_and_coordinators(200)),
    "reports.overview_csv": ("GET", "/centers/{center}/overview.csv", admins_and_coordinators(200)),
    "reports.record": ("GET", "/centers/{center}/learners/{learner_id}", cohort_staff(200)),
    "reports.record_csv": ("GET", "/centers/{center}/learners/{learner_id}.csv", cohort_staff(200)),
    # A submitted attempt's review: staff who may read the record and see scores (not agency coordinators).
    "reports.attempt_review": ("GET", "/centers/{center}/learners/{reviewed}/attempts/{reviewed_attempt}",
                               {**cohort_staff(200), "agency_coordinator": 404}),
    "reports.cohort_roster": ("GET", "/centers/{center}/cohorts/{cohort}/rosters/sample-program/post.csv",
                              cohort_staff(200)),
    "reports.center_roster": ("GET", "/centers/{center}/rosters/sample-program/ce.csv",
                              admins_and_coordinators(200)),
    "cohorts.create": ("POST", "/centers/{center}/cohorts", admins(302)),
    "cohorts.edit": ("POST", "/centers/{center}/cohorts/{cohort}/edit", admins(302)),
    "cohorts.archive": ("POST", "/centers/{center}/cohorts/{spare_cohort}/archive", admins(302)),
    "cohorts.add_trainer": ("POST", "/centers/{center}/cohorts/{cohort}/trainers", admins(302)),
    "cohorts.remove_trainer": ("POST", "/centers/{center}/cohorts/{cohort}/trainers/999999/remove", admins(302)),
    "cohorts.add_learners": ("POST", "/centers/{center}/cohorts/{cohort}/learners", admins(302)),
    "cohorts.remove_learner": ("POST", "/centers/{center}/cohorts/{cohort}/learners/999999/remove", admins(302)),
    "cohorts.assign": ("POST", "/centers/{center}/cohorts/{cohort}/assignments", admins(302)),
    "cohorts.unassign": ("POST", "/centers/{center}/cohorts/{cohort}/assignments/999999/remove", admins(302)),
    "cohorts.create_team": ("POST", "/centers/{center}/cohorts/{cohort}/teams", admins(302)),
    "cohorts.add_member": ("POST", "/centers/{center}/cohorts/{cohort}/teams/{team}/members", admins(302)),
    "cohorts.rename_team": ("POST", "/centers/{center}/cohorts/{cohort}/teams/{team}/rename", admins(302)),
    "cohorts.move_member": ("POST", "/centers/{center}/cohorts/{cohort}/members/999999/team", admins(302)),
    "cohorts.delete_team": ("POST", "/centers/{center}/cohorts/{cohort}/teams/{spare_team}/delete", admins(302)),
    "authoring.index": ("GET", "/centers/{center}/authoring", staff(200)),
    "authoring.start": ("POST", "/centers/{center}/authoring/drafts", staff(302)),
    "authoring.draft": ("GET", "/centers/{center}/authoring/drafts/{draft}", staff(200)),
    "authoring.edit": ("GET", "/centers/{center}/authoring/drafts/{draft}/files/module.md", staff(200)),
    "authoring.download": ("GET", "/centers/{center}/authoring/drafts/{draft}/files.zip", staff(200)),
    "authoring.preview": ("POST", "/centers/{center}/authoring/drafts/{draft}/preview", staff(200)),
    "authoring.add_lesson": ("POST", "/centers/{center}/authoring/drafts/{draft}/lessons", staff(302)),
    "authoring.rename_lesson": ("POST", "/centers/{center}/authoring/drafts/{draft}/lessons/01-only-lesson.md/rename",
                                staff(302)),
    "authoring.move_lesson": ("POST", "/centers/{center}/authoring/drafts/{draft}/lessons/01-only-lesson.md/move",
                              staff(302)),
    "authoring.delete_lesson": ("POST", "/centers/{center}/authoring/drafts/{draft}/lessons/01-only-lesson.md/delete",
                                staff(302)),
    "authoring.submit": ("POST", "/centers/{center}/authoring/drafts/{draft}/submit", staff(302)),
    "authoring.send_back": ("POST", "/centers/{center}/authoring/drafts/{draft}/send-back", staff(302)),
    "authoring.approve": ("POST", "/centers/{center}/authoring/drafts/{draft}/approve", staff(302)),
    "authoring.quiz_preview": ("GET", "/centers/{center}/authoring/drafts/{draft}/quiz", staff(200)),
    "authoring.history": ("GET", "/centers/{center}/authoring/modules/quiz-module/history", staff(200)),
    "authoring.item_analysis": ("GET", "/centers/{center}/authoring/modules/quiz-module/item-analysis", staff(200)),
    "authoring.new_module": ("POST", "/centers/{center}/authoring/modules/new", staff(302)),
    "authoring.upload": ("POST", "/centers/{center}/authoring/upload", staff(302)),
    "authoring.restore": ("POST", "/centers/{center}/authoring/modules/quiz-module/versions/1/restore", staff(302)),
    "authoring.add_draft_image": ("POST", "/centers/{center}/authoring/drafts/{draft}/images", staff(302)),
    # The site-wide queue of shared drafts in review: curriculum editors (none among these roles) and site admins.
    # {shared_review} is kept at the other center; POSTs without a lock version or comment are refused, then redirect.
    "shared_reviews.index": ("GET", "/authoring/shared/reviews", site_admins(200)),
    "shared_reviews.review": ("GET", "/authoring/shared/reviews/{shared_review}", site_admins(200)),
    "shared_reviews.send_back": ("POST", "/authoring/shared/reviews/{shared_review}/send-back", site_admins(302)),
    "shared_reviews.approve": ("POST", "/authoring/shared/reviews/{shared_review}/approve", site_admins(302)),
    "content_images.image": ("GET", "/content-images/" + "0" * 32 + ".png", everyone(404)),  # no such image
    "local_resources.directory": ("GET", "/centers/{center}/admin/resources", admins(200)),
    "local_resources.add": ("POST", "/centers/{center}/admin/resources", admins(302)),
    "local_resources.update": ("POST", "/centers/{center}/admin/resources/1", admins(302)),
    "local_resources.delete": ("POST", "/centers/{center}/admin/resources/1/delete", admins(302)),
    # Practicum: the learner owns entry {entry} (a draft) and is in cohort {practicum_cohort} with session {live_session}.
    "practicum.log": ("GET", "/practicum", signed_in(200)),
    "practicum.new": ("GET", "/practicum/new", {**signed_in(200), "site_admin": 302}),  # no center, no log
    "practicum.autosave": ("POST", "/practicum/autosave", {**signed_in(200), "site_admin": 422}),
    "practicum.entry": ("GET", "/practicum/entries/{entry}", owner_only(200)),
    "practicum.edit": ("GET", "/practicum/entries/{entry}/edit", owner_only(200)),
    "practicum.correct": ("POST", "/practicum/entries/{entry}/correct", owner_only(302)),
    "signoff.pending": ("GET", "/signoff", signed_in(200)),
    "signoff.approve_many": ("POST", "/signoff/approve", signed_in(302)),
    "signoff.review": ("GET", "/signoff/not-a-token", everyone(410)),  # the emailed link: no account needed
    "practicum_center.supervisors": ("GET", "/centers/{center}/practicum/supervisors", admins(200)),
    "practicum_center.remove_supervisor": ("POST", "/centers/{center}/practicum/supervisors/{supervisor}/remove",
                                           admins(302)),
    "practicum_center.time_zone": ("POST", "/centers/{center}/practicum/time-zone", admins(302)),
    "sessions.mine": ("GET", "/sessions", signed_in(200)),
    "sessions.register": ("POST", "/sessions/{live_session}/register", owner_only(302)),
    "sessions.cancel": ("POST", "/sessions/{live_session}/cancel", owner_only(302)),
    "sessions.check_in": ("GET", "/check-in", signed_in(200)),
    "sessions.feed": ("GET", "/calendar/{feed}.ics", everyone(200)),  # the token is the key
    # A cohort's sessions: its trainers (none here), this center's admins and site admins.
    "session_admin.cohort_sessions": ("GET", "/centers/{center}/cohorts/{practicum_cohort}/sessions", admins(200)),
    "session_admin.edit_session": ("GET", "/centers/{center}/sessions/{live_session}/edit", admins(200)),
    "session_admin.roster": ("GET", "/centers/{center}/sessions/{live_session}", admins(200)),
    "session_admin.code": ("GET", "/centers/{center}/sessions/{live_session}/code", admins(200)),
    "session_admin.qr": ("GET", "/centers/{center}/sessions/{live_session}/qr.svg", admins(200)),
    "affidavits.download": ("GET", "/centers/{center}/sessions/{live_session}/affidavit.pdf", admins(200)),
    "session_admin.add_learner": ("POST", "/centers/{center}/sessions/{live_session}/add", admins(302)),
    # Course evaluations (the learner has completed nothing: the form says when it opens) and time on task.
    "evaluations.evaluate": ("GET", "/programs/sample-program/evaluation", signed_in(200)),
    "evaluations.lesson_time": ("POST", "/time/lessons/{module_version}/only-lesson", signed_in(400)),  # no seconds
    "evaluations.quiz_time": ("POST", "/time/quizzes/{quiz_version}", signed_in(400)),
    "evaluation_results.index": ("GET", "/centers/{center}/evaluations", admins(200)),
    "evaluation_results.results": ("GET", "/centers/{center}/evaluations/sample-program", admins(200)),
    "evaluation_results.results_csv": ("GET", "/centers/{center}/evaluations/sample-program.csv", admins(200)),
    # A center's own programs: its admins and site admins; {center_program} is the center's (archived last).
    "center_programs.index": ("GET", "/centers/{center}/programs", admins(200)),
    "center_programs.new": ("GET", "/centers/{center}/programs/new", admins(200)),
    "center_programs.edit": ("GET", "/centers/{center}/programs/{center_program}/edit", admins(200)),
    "center_programs.archive": ("POST", "/centers/{center}/programs/{center_program}/archive", admins(302)),
    # Last: it takes {member} off the center's lists.
    "center_people.remove": ("POST", "/centers/{center}/people/{member}/remove", admins(302)),
}
SKIP = {"static"}


def issued_certificate(db, center, learner):
    """A certificate issued to the learner at `center` (and an empty bulk job), through the services."""
    from lms.certificates.issuing.bulk import start_bulk
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings
    from lms.certificates.issuing.service import request_certificate
    from lms.certificates.models import Certificate
    from lms.programs.models import Program

    program = db.session.scalar(select(Program))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Ada Lovelace", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={program.id: ("POST-1", "Approved.")})
    create_center_key(center)
    request_certificate(user_id=learner.id, center_id=center.id, version=program.current_version)
    db.session.commit()
    job = start_bulk(center_id=center.id, version=program.current_version, actor_id=learner.id)
    return db.session.scalar(select(Certificate)), job


def authoring_draft(center, author) -> int:
    """A draft of the quiz module at `center` (the POSTs without a lock version are refused, then redirect)."""
    from lms.authoring.service import start_draft

    return start_draft(center_id=center.id, slug="quiz-module", actor_id=author.id).id


def shared_review_draft(db, center, author) -> int:
    """A draft of the shared sample module at `center`, sent for review by `author`."""
    from lms.authoring.service import start_draft
    from lms.timeutil import utcnow

    draft = start_draft(center_id=center.id, slug="sample-module", actor_id=author.id)
    draft.status, draft.submitted_by_id, draft.submitted_at = "in_review", author.id, utcnow()
    draft.change_note = "A matrix change."
    db.session.commit()
    return draft.id


def center_program(center) -> str:
    """A program of the center's own, of the two shared sample modules."""
    from lms.programs.center_service import ProgramFields, create_center_program

    fields = ProgramFields(title="Matrix program", summary="", modules=("sample-module", "quiz-module"), ce_hours=0.5,
                           validity_months=None, layouts={"officer": "post", "clinician": "ce", "cps_worker": "ce",
                                                          "other": "ce"}, objectives=("Describe the matrix",))
    return create_center_program(center_id=center.id, slug="matrix-program", fields=fields, actor_id=None).slug


def test_every_route_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIP
    assert endpoints - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - endpoints == set(), "MATRIX names routes that no longer exist"


def _cohort_with_team(db, center, learner, make_user) -> dict:
    """A cohort with its trainer, the learner and a teammate (whose quiz attempt is submitted) in a team, a spare
    team, the sample program assigned, and an agency coordinator of the learner's agency."""
    from datetime import date

    from lms.centers import cohort_service, team_service
    from lms.centers.service import set_role
    from lms.programs.models import Program
    from lms.quizzes.service import submit_attempt

    trainer = make_user("trainer")
    teammate = make_user(discipline="clinician")
    coordinator = make_user()
    set_role(user_id=coordinator.id, center_id=center.id, role="agency_coordinator")
    cohort = cohort_service.create_cohort(center_id=center.id, name="Matrix cohort", starts_on=None, ends_on=None,
                                          actor_id=None)
    cohort_service.add_trainer(cohort, user_id=trainer.id, actor_id=None)
    cohort_service.add_learners(cohort, emails=[learner.email, teammate.email], actor_id=None)
    program = db.session.scalar(select(Program))
    cohort_service.assign(cohort, target=f"program:{program.id}", due_on=date(2099, 1, 1), actor_id=None)
    team = team_service.create_team(cohort, name="Team A", user_ids=[learner.id, teammate.id], actor_id=None)
    spare = team_service.create_team(cohort, name="Spare", user_ids=[], actor_id=None)
    spare_cohort = cohort_service.create_cohort(center_id=center.id, name="Spare cohort", starts_on=None,
                                                ends_on=None, actor_id=None)
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    attempt = start_quiz(user_id=teammate.id, version=module.current_version, quiz=quiz, spec=spec_for(quiz))
    submit_attempt(attempt_id=attempt.id, user_id=teammate.id, spec=spec_for(quiz),
                   module_version_id=module.current_version_id)
    return {"cohort": cohort.id, "team": team.id, "spare_team": spare.id, "spare_cohort": spare_cohort.id, "learner_id": learner.id,
            "reviewed": teammate.id, "reviewed_attempt": attempt.id, "cohort_trainer": trainer,
            "agency_coordinator": coordinator}


@pytest.fixture
def people(app, db, make_user, center, content):
    from lms.centers.service import create_center

    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    learner = make_user("learner")
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    attempt = start_quiz(user_id=learner.id, version=module.current_version, quiz=quiz, spec=spec_for(quiz))
    certificate, job = issued_certificate(db, center, learner)
    cohort = _cohort_with_team(db, center, learner, make_user)
    return {
        **cohort,
        "attempt": attempt.id,
        "module_version": module.current_version_id,
        "quiz_version": quiz.id,
        "cert": certificate.public_id,
        "center": center.slug,
        "fingerprint": certificate.center_key.fingerprint,
        "request": db.session.scalar(select(IssuanceRequest.id)),
        "job": job.id,
        "draft": authoring_draft(center, make_user("site_admin")),  # a shared module: site admins may draft it
        "shared_review": shared_review_draft(db, other, make_user("site_admin")),
        "anonymous": None,
        "learner": learner,
        "trainer": make_user("trainer"),
        "cohort_trainer": cohort["cohort_trainer"],
        "agency_coordinator": cohort["agency_coordinator"],
        "center_admin": make_user("center_admin"),
        "other_center_admin": make_user("center_admin", center_obj=other),
        "other_center_trainer": make_user("trainer", center_obj=other),
        "site_admin": make_user("site_admin"),
        "member": make_user("learner").id,
        **practicum_records(db, center, learner),
        "center_program": center_program(center),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_route(app, people, role):
    failures = []
    for endpoint, (method, url, expected) in MATRIX.items():
        client = app.test_client()
        if people[role] is not None:
            client.post("/signin", data={"email": people[role].email, "password": "correct horse battery"})
        url = url.format(**{k: v for k, v in people.items() if not hasattr(v, "email")})
        response = client.open(url, method=method)
        if response.status_code != expected[role]:
            failures.append(f"{endpoint} {method} {url}: {response.status_code} (expected {expected[role]})")
    assert failures == []

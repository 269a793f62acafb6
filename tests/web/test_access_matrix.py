"""Every route x every role gets its expected status (checklist 8). A new route fails here until it has a row."""
import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.curriculum.models import Module
from lms.progress.service import start_quiz
from lms.quizzes.selectors import quiz_for, spec_for
from tests.practicum.matrix_records import practicum_records

ROLES = ("anonymous", "learner", "trainer", "center_admin", "other_center_admin", "site_admin")


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


def owner_or_admins(code: int) -> dict:
    """The learner who owns the record, this center's admins and site admins."""
    return {**admins(code), "learner": code}


# endpoint: (method, url, {role: status}); routes run in this order for each role

MATRIX = {
    "main.index": ("GET", "/", {**everyone(302), "anonymous": 200}),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "main.readyz": ("GET", "/readyz", everyone(200)),
    "auth.signup": ("GET", "/signup", everyone(200)),
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
    # Practicum: the learner owns entry {entry} (a draft) and is in cohort {cohort} with session {live_session}.
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
    "session_admin.cohort_sessions": ("GET", "/centers/{center}/cohorts/{cohort}/sessions", admins(200)),
    "session_admin.edit_session": ("GET", "/centers/{center}/sessions/{live_session}/edit", admins(200)),
    "session_admin.roster": ("GET", "/centers/{center}/sessions/{live_session}", admins(200)),
    "session_admin.code": ("GET", "/centers/{center}/sessions/{live_session}/code", admins(200)),
    "session_admin.qr": ("GET", "/centers/{center}/sessions/{live_session}/qr.svg", admins(200)),
    "session_admin.add_learner": ("POST", "/centers/{center}/sessions/{live_session}/add", admins(302)),
}
SKIP = {"static"}


def issued_certificate(db, center, learner):
    """A certificate issued to the learner at `center` (and an empty bulk job), through the services."""
    from lms.certificates.issuing.bulk import start_bulk
    from lms.certificates.issuing.center_settings import save_settings
    from lms.certificates.issuing.service import request_certificate
    from lms.certificates.issuing.center_keys import create_center_key
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


def test_every_route_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIP
    assert endpoints - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - endpoints == set(), "MATRIX names routes that no longer exist"


@pytest.fixture
def people(app, db, make_user, center, content):
    from lms.centers.service import create_center

    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    learner = make_user("learner")
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    attempt = start_quiz(user_id=learner.id, version=module.current_version, quiz=quiz, spec=spec_for(quiz))
    certificate, job = issued_certificate(db, center, learner)
    return {
        "attempt": attempt.id,
        "cert": certificate.public_id,
        "center": center.slug,
        "fingerprint": certificate.center_key.fingerprint,
        "request": db.session.scalar(select(IssuanceRequest.id)),
        "job": job.id,
        "anonymous": None,
        "learner": learner,
        "trainer": make_user("trainer"),
        "center_admin": make_user("center_admin"),
        "other_center_admin": make_user("center_admin", center_obj=other),
        "site_admin": make_user("site_admin"),
        **practicum_records(db, center, learner),
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

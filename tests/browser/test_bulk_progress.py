"""The bulk-issue page updates its progress in place (an aria-live region), without reloading itself."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from tests.conftest import SAMPLE_CONTENT

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "admin@example.org", "blue kettle on the porch"


@pytest.fixture
def job(live_app):
    """A center admin and a bulk job with one certificate still waiting."""
    from lms.auth.service import register_user
    from lms.centers.models import Center
    from lms.centers.service import set_role
    from lms.certificates.models import BulkJob
    from lms.programs.models import Program
    from lms.publishing import import_content

    with live_app.app_context():
        import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes", SAMPLE_CONTENT / "programs")
        center = db.session.scalar(select(Center))
        admin = register_user(email=EMAIL, password=PASSWORD, full_name="Alex Admin", discipline="other",
                              agency="RTC", center_id=center.id)
        set_role(user_id=admin.id, center_id=center.id, role="center_admin")
        program = db.session.scalar(select(Program))
        row = BulkJob(center_id=center.id, program_version_id=program.current_version.id, requested_by=admin.id,
                      total=1)
        db.session.add(row)
        db.session.commit()
        return f"/centers/{center.slug}/admin/bulk/{row.id}", row.id


def test_the_bulk_job_page_announces_progress_without_reloading(browser, live_server, live_app, job):
    from lms.certificates.models import BulkJob

    url, job_id = job
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/signin")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    page.goto(live_server.url + url)
    status = page.locator("#job-status")
    expect(status).to_contain_text("1 waiting, of 1")
    assert status.get_attribute("aria-live") == "polite"
    page.evaluate("window.sameDocument = true")
    with live_app.app_context():
        db.session.get(BulkJob, job_id).total = 0  # as if the queue had finished
        db.session.commit()
    expect(status).to_contain_text("0 waiting, of 0", timeout=60_000)
    expect(page.get_by_text("Check again")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True  # updated in place, never reloaded
    context.close()

"""Markup rules the HTML checker cannot see: no self-refreshing pages, no-store where secrets are typed."""
from lms.certificates.models import BulkJob
from lms.programs.models import Program


def _job(db, center, user, total):
    from sqlalchemy import select

    program = db.session.scalar(select(Program))
    job = BulkJob(center_id=center.id, program_version_id=program.current_version.id, requested_by=user.id,
                  total=total)
    db.session.add(job)
    db.session.commit()
    return job


def test_a_running_bulk_job_polls_through_a_live_region_instead_of_refreshing(db, client, center, make_user, login,
                                                                            content):
    admin = make_user("center_admin")
    login(admin)
    job = _job(db, center, admin, total=2)
    html = client.get(f"/centers/{center.slug}/admin/bulk/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html
    assert 'data-poll-seconds="3"' in html and 'role="status" aria-live="polite"' in html
    assert "/static/js/poll." in html and "0 issued, 0 could not be issued, 2 waiting, of 2." in html


def test_a_finished_bulk_job_stops_polling(db, client, center, make_user, login, content):
    admin = make_user("center_admin")
    login(admin)
    job = _job(db, center, admin, total=0)
    html = client.get(f"/centers/{center.slug}/admin/bulk/{job.id}").get_data(as_text=True)
    assert "data-poll-seconds" not in html and "Check again" not in html


def test_the_forgot_password_page_is_never_cached(client):
    assert client.get("/forgot-password").headers["Cache-Control"] == "no-store"
    assert client.post("/forgot-password", data={"email": "x"}).headers["Cache-Control"] == "no-store"

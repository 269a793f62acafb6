"""Certificate-expiry reminders (90, 60, 30 days, each once) and weekly digests, through a real SMTP server."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from lms.centers.models import Center
from lms.certificates.issuing.center_keys import active_key, create_center_key
from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.issuing.service import request_certificate
from lms.certificates.models import Certificate, CertificateRevocation
from lms.programs.models import Program
from lms.reminders.models import MailOptOut
from lms.reminders.service import certificate_stage, send_certificate_reminders, send_weekly_digests
from lms.timeutil import utcnow
from tests.reminders.conftest import NOW, in_days
from tests.reminders.test_due_reminders import count_queries, parts


def issue(db, center, learner) -> Certificate:
    """A certificate of the sample program issued to `learner` through the real services."""
    program = db.session.scalar(select(Program))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Ada Lovelace", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={program.id: ("POST-1", "Approved.")})
    if active_key(center.id) is None:
        create_center_key(center)
    request_certificate(user_id=learner.id, center_id=center.id, version=program.current_version)
    db.session.commit()
    return db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id)
                             .order_by(Certificate.id.desc()))


def test_certificate_stage_is_the_nearest_of_90_60_30():
    expires = datetime(2027, 1, 1, 12)
    stages = [certificate_stage(expires, expires - timedelta(days=d)) for d in (120, 91, 90, 61, 60, 31, 30, 1)]
    assert stages == [None, None, 90, 90, 60, 60, 30, 30]
    assert certificate_stage(expires, expires) is None


@pytest.mark.pg
def test_expiring_certificates_are_reminded_at_90_60_and_30_days_once_each_with_a_recertify_link(
        build, smtp, db, center, db_backend):
    [learner] = build.learners(build.cohort(), 1, full_name="Priya Raman")
    certificate = issue(db, center, learner)
    smtp.messages.clear()  # the "your certificate is issued" mail
    expires = certificate.expires_at
    sent = [send_certificate_reminders(expires - timedelta(days=days)) for days in (100, 90, 89, 60, 45, 30, 29, 2)]
    assert sent == [0, 1, 0, 1, 0, 1, 0, 0]
    assert [m["Subject"] for m in smtp.messages] == [
        f"Your certificate expires in {d} days: Sample Cross-Training Program" for d in (90, 60, 30)]
    body = parts(smtp.messages[0])
    assert "http://lms.test/programs/sample-program" in body["text/plain"]
    assert certificate.short_code in body["text/html"] and "Southeast Regional Training Center" in body["text/html"]
    assert smtp.messages[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_revoked_and_unsubscribed_certificates_get_no_reminder(build, smtp, db, center):
    revoked_holder, unsubscribed = build.learners(build.cohort(), 2)
    revoked = issue(db, center, revoked_holder)
    kept = issue(db, center, unsubscribed)
    db.session.add(CertificateRevocation(certificate_id=revoked.id, reason="Issued in error", revoked_by=revoked_holder.id))
    db.session.add(MailOptOut(user_id=unsubscribed.id, kind="certificate_expiring"))
    db.session.commit()
    smtp.messages.clear()
    assert send_certificate_reminders(kept.expires_at - timedelta(days=30)) == 0
    assert smtp.messages == []


def test_a_certificate_followed_by_a_newer_one_of_the_same_program_gets_no_reminder(build, smtp, db, center):
    [learner] = build.learners(build.cohort(), 1)
    first = issue(db, center, learner)
    second = Certificate(public_id="newer-public-id", short_code="NEWER-1", user_id=learner.id, center_id=center.id,
                         program_version_id=first.program_version_id, center_key_id=first.center_key_id,
                         snapshot=first.snapshot, issued_at=first.issued_at + timedelta(days=300),
                         expires_at=first.expires_at + timedelta(days=300))
    db.session.add(second)
    db.session.commit()
    smtp.messages.clear()
    assert send_certificate_reminders(first.expires_at - timedelta(days=30)) == 0


@pytest.mark.pg
def test_weekly_digest_gives_center_admins_their_center_and_coordinators_their_agency_once_a_week(
        build, smtp, db, center, make_user, db_backend):
    cohort = build.cohort()
    police = build.learners(cohort, 3)  # agency "Test PD"
    clinic = build.learners(cohort, 2)
    for person in clinic:
        person.agency = "County Clinic"
    admin = make_user("center_admin", full_name="Sam Whitaker")
    coordinator = make_user("learner", full_name="Coordinator")
    build.role(coordinator, "agency_coordinator")
    db.session.commit()
    build.assign(cohort, due_on=in_days(-3), module_slug="sample-module")  # overdue for who has not finished
    build.complete_module(police[0])
    build.complete_module(clinic[0])
    now = utcnow() + timedelta(minutes=1)  # completions above were stamped with the real clock
    assert send_weekly_digests(now) == 2
    assert send_weekly_digests(now + timedelta(hours=3)) == 0
    by_person = {m["To"]: parts(m)["text/plain"] for m in smtp.messages}
    center_text, agency_text = by_person[admin.email], by_person[coordinator.email]
    assert "Learners enrolled in cohorts:          5" in center_text
    assert "Assignments completed, last 7 days:    2" in center_text
    assert "Assignments overdue:                   3" in center_text
    assert "for Test PD" in agency_text and "Learners enrolled in cohorts:          3" in agency_text
    assert "Assignments overdue:                   2" in agency_text
    assert {m["Subject"] for m in smtp.messages} == {"Weekly training digest: Southeast Regional Training Center",
                                                   "Weekly training digest: Test PD"}
    assert send_weekly_digests(now + timedelta(days=7)) == 2  # next week's digest


def test_digest_skips_unsubscribed_people_and_archived_centers(build, smtp, db, center, make_user):
    unsubscribed = make_user("center_admin")
    db.session.add(MailOptOut(user_id=unsubscribed.id, kind="weekly_digest"))
    archived = Center(name="Archived Center", slug="archived", region="", archived_at=NOW)
    db.session.add(archived)
    db.session.commit()
    make_user("center_admin", center_obj=archived)
    assert send_weekly_digests(NOW) == 0 and smtp.messages == []


def test_the_digest_runs_the_same_number_of_queries_for_a_small_or_a_large_center(build, db, make_user):
    cohort = build.cohort()
    build.assign(cohort, due_on=in_days(-3), module_slug="sample-module")
    build.assign(cohort, due_on=in_days(20))
    make_user("center_admin")
    build.learners(cohort, 2)
    few = count_queries(lambda: send_weekly_digests(NOW))
    build.learners(cohort, 25)
    build.role(make_user("learner"), "agency_coordinator")
    many = count_queries(lambda: send_weekly_digests(NOW + timedelta(days=7)))
    assert few == many

"""On a 360 px phone a clinician logs a ride-along (the draft saves itself), and both supervisors approve it
through the links a real SMTP server on loopback received; when the ride-along was the program's last requirement,
the certificate appears with the entry on it."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.practicum.clock import local_today
from tests.conftest import PASSWORD, make_app
from tests.practicum.conftest import message_links
from tests.support.live_server import LiveServer
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.browser


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def practicum_server(tmp_path, smtp):
    application = make_app(tmp_path, WTF_CSRF_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    with application.app_context():
        db.create_all()
        from lms.auth.service import register_user
        from lms.centers.service import create_center
        from lms.practicum.service import add_supervisor, save_time_zone

        center = create_center(name="Southeast Regional Training Center", region="Charlotte, NC")
        register_user(email="priya@example.org", password=PASSWORD, full_name="Priya Raman",
                      discipline="clinician", agency="County Health", center_id=center.id)
        save_time_zone(center_id=center.id, time_zone="America/New_York", actor_id=None)
        add_supervisor(center_id=center.id, full_name="Sgt. Dana Brooks", email="brooks@cmpd.example.org",
                       agency="CMPD", role="police", actor_id=None)
        add_supervisor(center_id=center.id, full_name="Dr. Lee Chen", email="chen@clinic.example.org",
                       agency="County Health", role="clinical", actor_id=None)
        yesterday = local_today("America/New_York") - timedelta(days=1)
    with LiveServer(application) as server:
        yield server, yesterday


def test_log_a_ride_along_on_a_phone_and_both_supervisors_sign_it(practicum_server, phone, smtp):
    server, yesterday = practicum_server
    page = phone.new_page()
    page.goto(server.url + "/signin")
    page.get_by_label("Email").fill("priya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    page.goto(server.url + "/practicum/new")
    page.get_by_label("Activity").select_option("ride_along")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Or hours").fill("5")
    page.get_by_label("Reflection").fill("Her son Tyler watched from the stairs.")
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("Draft not saved")
    assert "child's name" in status.inner_text()
    page.get_by_label("Reflection").fill("A child watched from the stairs; I knelt to his eye level first.")
    expect(status).to_have_text("Draft saved")
    assert "/practicum/entries/" in page.url  # the draft exists and the form now edits it
    page.get_by_label("Police supervisor").fill("brooks@cmpd.example.org")
    page.get_by_label("Clinical supervisor").fill("chen@clinic.example.org")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways at 360 px"
    page.get_by_role("button", name="Send for sign-off").click()
    page.wait_for_selector("text=Sent for sign-off")
    links = {}  # the queue runs in-process in tests: the mail went out before the page answered
    for message in smtp.messages:
        links.update(message_links(message))
    assert set(links) == {"brooks@cmpd.example.org", "chen@clinic.example.org"}
    for signer, link in links.items():
        supervisor = phone.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
        supervisor.goto(server.url + link)
        supervisor.get_by_label("Decision").select_option("approved")
        supervisor.get_by_role("button", name="Record my decision").click()
        supervisor.wait_for_selector("h1:has-text('Approved')")
        supervisor.goto(server.url + link)
        assert "already been used" in supervisor.content(), signer
        supervisor.context.close()
    page.goto(server.url + "/practicum")
    assert page.locator(".badge-done", has_text="Signed").is_visible()


@pytest.fixture
def field_program_server(tmp_path, smtp):
    """A center that issues 'Sample' (one module, and for clinicians one signed ride-along); Priya has done the
    module, so her ride-along's last signature issues the certificate."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings
    from lms.curriculum.models import Lesson, Module, ModuleVersion
    from lms.programs.service import publish_program
    from lms.progress.service import mark_lesson_done
    from lms.publishing import import_content
    from tests.conftest import SAMPLE_CONTENT
    from tests.practicum.test_certificate_field_work import CE
    from tests.practicum.test_program_requirements import BASE

    application = make_app(tmp_path, WTF_CSRF_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    with application.app_context():
        db.create_all()
        from lms.auth.service import register_user
        from lms.centers.service import create_center
        from lms.practicum.service import add_supervisor, save_time_zone
        from lms.programs.spec import parse_program

        import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes")
        text = BASE.replace("accreditation: {}", CE) + "activities:\n  ride_along: {count: 1, for: [clinician]}\n"
        version = publish_program(parse_program(text, "programs/sample.yaml", slug="sample",
                                                module_slugs={"sample-module"})).version
        db.session.commit()
        center = create_center(name="Southeast Regional Training Center", region="Charlotte, NC")
        save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Renee Castillo",
                      signatory_title="Director of Training", ce_provider_name="Southeast RTC",
                      ce_provider_number="CE-1", requires_approval=False,
                      programs={version.program_id: ("POST-1", "Approved.")})
        create_center_key(center)
        priya = register_user(email="priya@example.org", password=PASSWORD, full_name="Priya Raman",
                              discipline="clinician", agency="County Health", center_id=center.id)
        for lesson in db.session.scalars(select(Lesson).join(ModuleVersion, ModuleVersion.id == Lesson.version_id)
                                         .join(Module, Module.id == ModuleVersion.module_id)
                                         .where(Module.slug == "sample-module")).all():
            mark_lesson_done(user_id=priya.id, lesson=lesson)
        save_time_zone(center_id=center.id, time_zone="America/New_York", actor_id=None)
        add_supervisor(center_id=center.id, full_name="Sgt. Dana Brooks", email="brooks@cmpd.example.org",
                       agency="CMPD", role="police", actor_id=None)
        add_supervisor(center_id=center.id, full_name="Dr. Lee Chen", email="chen@clinic.example.org",
                       agency="County Health", role="clinical", actor_id=None)
        yesterday = local_today("America/New_York") - timedelta(days=1)
    with LiveServer(application) as server:
        yield server, yesterday


def test_the_last_signature_issues_the_certificate_with_the_ride_along_on_it(field_program_server, phone, smtp):
    server, yesterday = field_program_server
    page = phone.new_page()
    page.goto(server.url + "/signin")
    page.get_by_label("Email").fill("priya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    page.goto(server.url + "/practicum/new")
    page.get_by_label("Activity").select_option("ride_along")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Or hours").fill("5")
    page.get_by_label("Reflection").fill("Rode the evening shift; I practised the first-contact script.")
    page.get_by_label("Police supervisor").fill("brooks@cmpd.example.org")
    page.get_by_label("Clinical supervisor").fill("chen@clinic.example.org")
    page.get_by_role("button", name="Send for sign-off").click()
    page.wait_for_selector("text=Sent for sign-off")
    links = {}
    for message in smtp.messages:
        links.update(message_links(message))
    for link in links.values():
        supervisor = phone.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
        supervisor.goto(server.url + link)
        supervisor.get_by_label("Decision").select_option("approved")
        supervisor.get_by_role("button", name="Record my decision").click()
        supervisor.wait_for_selector("h1:has-text('Approved')")
        supervisor.context.close()
    page.goto(server.url + "/certificates")
    expect(page.locator(".card h2")).to_have_text("Sample")
    page.get_by_text("Field work on this certificate").click()
    expect(page.locator(".field-work li")).to_contain_text(
        f"Ride-along · {yesterday:%b} {yesterday.day}, {yesterday.year} · 5 h · signed by Sgt. Dana Brooks "
        "(Police supervisor), Dr. Lee Chen (Clinical supervisor)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways at 360 px"
    page.goto(server.url + urlsplit(page.locator("input.share").input_value()).path)
    expect(page.get_by_role("heading", name="Field work signed off (5 h)")).to_be_visible()

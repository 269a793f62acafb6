"""A trainer edits a lesson at 360 px and watches the preview change; the center admin approves; a learner reads it."""
import re

import pytest

from lms.extensions import db
from tests.authoring.conftest import lesson, module_files
from tests.conftest import PASSWORD, make_app
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def authoring_server(tmp_path):
    content = tmp_path / "content"
    folder = content / "curriculum" / "03-talking"
    folder.mkdir(parents=True)
    (content / "quizzes").mkdir()
    for name, text in module_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, CURRICULUM_DIR=str(content / "curriculum"),
                   QUIZZES_DIR=str(content / "quizzes"))
    with app.app_context():
        from lms.auth.service import register_user
        from lms.centers.service import create_center, set_role
        from lms.publishing import import_content

        db.create_all()
        center = create_center(name="Southeast Regional Training Center", region="Charlotte, NC")
        import_content(content / "curriculum", content / "quizzes")
        for email, role in (("trainer@example.org", "trainer"), ("admin@example.org", "center_admin"),
                            ("learner@example.org", None)):
            user = register_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title(),
                                 discipline="officer", agency="PD", center_id=center.id)
            if role:
                set_role(user_id=user.id, center_id=center.id, role=role)
                user.is_curriculum_editor = True  # the module is a shared one
                db.session.commit()
        slug = center.slug
    with LiveServer(app) as server:
        yield server, slug


def sign_in(context, url, email):
    page = context.new_page()
    page.goto(url + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    return page


def test_edit_preview_review_publish_and_read(authoring_server, browser, phone):
    server, center = authoring_server
    page = sign_in(phone, server.url, "trainer@example.org")
    page.get_by_role("link", name="Authoring").click()
    page.get_by_role("button", name="Edit in a draft").click()
    page.get_by_role("link", name="01-first.md").click()
    new_text = lesson("Lesson first", '\n\n!!! officer "For officers"\n    Kneel and say your name.\n')
    page.get_by_label("Text of 01-first.md").fill(new_text)
    page.locator("#preview").get_by_text("Kneel and say your name.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "editor scrolls sideways at 360 px"
    page.locator("#save-status", has_text=re.compile(r"^Saved by Trainer")).wait_for()  # autosaved
    page.get_by_role("link", name="Draft of 03-talking").click()
    page.get_by_label("What changed").fill("Officers kneel and say their name.")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("Sent for review.").wait_for()
    draft_url = page.url

    admin_context = browser.new_context()
    admin = sign_in(admin_context, server.url, "admin@example.org")
    admin.goto(draft_url)
    admin.get_by_role("button", name="Approve and publish a new version").click()
    admin.get_by_text("Approved and published.").wait_for()
    admin_context.close()

    reader_context = browser.new_context()
    reader = sign_in(reader_context, server.url, "learner@example.org")
    reader.goto(server.url + "/modules/talking/lessons/first")
    assert "Kneel and say your name." in reader.locator(".prose").inner_text()
    reader_context.close()

"""A live server on a fresh SQLite database with the sample content, and Debian's Chromium via Playwright."""
import os

import pytest

from lms.extensions import db
from lms.publishing import import_content
from tests.conftest import SAMPLE_CONTENT, make_app
from tests.support.live_server import LiveServer
from tests.support.vnu import PageSaver, html_errors, vnu_jar

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture
def page_saver(tmp_path):
    """Keeps every HTML page the live server sends; after the test they must pass the Nu HTML checker."""
    vnu_jar()
    saver = PageSaver(tmp_path / "pages")
    yield saver
    assert html_errors(saver.folder) == []


@pytest.fixture
def live_app(tmp_path, page_saver):
    application = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    application.after_request(page_saver)
    with application.app_context():
        db.create_all()
        from lms.centers.service import create_center
        create_center(name="Southeast Regional Training Center", region="Charlotte, NC")
        import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes")
    return application


@pytest.fixture
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="package")
def browser():
    """Chromium for this package only: Playwright's event loop must be gone before other tests use asyncio."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it (scripts/system-deps.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A browser context the size of a small phone (360 x 740)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    yield context
    context.close()

"""In a real browser at 360 px: a center admin makes a program of the center's own (a form error and a refusal on the
way, each shown with its reason and the typed values kept), edits it into a second version, archives it and offers it
again. Every page passes axe (no serious or critical finding), does not scroll sideways, and is valid HTML (the Nu
checker)."""
import pytest

from lms.extensions import db
from tests.browser.test_center_pages import PageChecks, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
TITLE = "County refresher"


@pytest.fixture
def center_admin(live_app):
    from lms.auth.service import register_user
    from lms.centers.models import Center
    from lms.centers.service import set_role

    with live_app.app_context():
        center = db.session.query(Center).one()
        user = register_user(email="sam@example.org", password=PASSWORD, full_name="Sam Whitaker",
                             discipline="other", agency="RTC", center_id=center.id)
        set_role(user_id=user.id, center_id=center.id, role="center_admin")
        return user.email


def test_a_center_admin_makes_edits_archives_and_offers_again_a_program_in_a_browser(live_server, phone,
                                                                                     center_admin, tmp_path):
    checks = PageChecks(tmp_path)
    base, page = live_server.url, phone.new_page()
    sign_in(page, base, center_admin, PASSWORD)
    page.get_by_role("link", name="Center admin").click()
    page.get_by_role("link", name="Programs", exact=True).click()
    assert "No programs of this center's own yet." in page.content()
    checks.check(page, "programs-none")
    page.get_by_role("link", name="New program").click()
    checks.check(page, "program-new")
    assert "sample-module" in page.locator("table").inner_text()  # the modules it may include are listed

    page.get_by_label("Name in addresses (lowercase words joined by hyphens)").fill("county-refresher")
    page.get_by_label("Modules, one name per line, in order").fill("sample-module\nquiz-module")
    page.get_by_label("CE hours", exact=True).fill("2")
    page.get_by_label("Learning objectives, one a line").fill("Describe the county's referral routes")
    page.get_by_role("button", name="Save the program").click()
    assert "Give the program a title." in page.content()  # a field left empty: shown at the field
    assert page.get_by_label("Modules, one name per line, in order").input_value() == "sample-module\nquiz-module"
    checks.check(page, "program-field-error")

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_role("button", name="Save the program").click()
    refusal = page.locator(".flash").first.inner_text()
    assert "CE hours are 2" in refusal and "at most 0.5 hours" in refusal  # the modules' 35 minutes
    checks.check(page, "program-refused")

    page.get_by_label("CE hours", exact=True).fill("0.5")
    page.get_by_role("button", name="Save the program").click()
    page.wait_for_url("**/programs")
    assert f"Program '{TITLE}' saved" in page.locator(".flash").first.inner_text()
    row = page.get_by_role("row", name=TITLE)
    assert "county-refresher" in row.inner_text() and "0.5" in row.inner_text()
    checks.check(page, "programs-one")

    page.get_by_role("link", name=f"Edit {TITLE}").click()
    checks.check(page, "program-edit")
    assert page.get_by_label("Title", exact=True).input_value() == TITLE
    page.get_by_label("Title", exact=True).fill(f"{TITLE}, second edition")
    page.get_by_role("button", name="Save the program").click()
    page.wait_for_url("**/programs")
    assert "version 2" in page.locator(".flash").first.inner_text()
    title = f"{TITLE}, second edition"

    page.get_by_role("button", name=f"Archive {title}").click()
    page.wait_for_url("**/programs")
    assert "archived; its records are kept" in page.locator(".flash").first.inner_text()
    assert "(archived)" in page.get_by_role("row", name=title).inner_text()
    checks.check(page, "programs-archived")
    page.get_by_role("button", name=f"Offer again {title}").click()
    page.wait_for_url("**/programs")
    assert "offered again" in page.locator(".flash").first.inner_text()
    assert "(archived)" not in page.get_by_role("row", name=title).inner_text()
    checks.check(page, "programs-offered-again")
    checks.validate_html()
    assert checks.problems == [], "\n".join(checks.problems)

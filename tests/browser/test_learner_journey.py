"""A new learner, on a phone-sized screen, signs up, reads a lesson, marks it done and sees the bar move."""
from pathlib import Path

import pytest

from tests.support import outbox

pytestmark = pytest.mark.browser


def test_sign_up_read_mark_done_and_see_progress_at_360px(live_server, live_app, phone):
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Jordan Ellis")
    page.get_by_label("Email").fill("jordan@example.org")
    page.get_by_label("Password (at least 8 characters)").fill("blue kettle on the porch")
    page.get_by_label("Repeat the password").fill("blue kettle on the porch")
    page.get_by_label("Discipline").select_option("officer")
    page.get_by_label("Agency or organization").fill("Metro PD")
    page.get_by_label("Training center").select_option(label="Southeast Regional Training Center (Charlotte, NC)")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/signin")
    assert "Check your email" in page.locator(".flash").first.inner_text()
    [message] = outbox.messages(Path(live_app.config["MAIL_OUTBOX_DIR"]))
    page.goto(live_server.url + outbox.link_in(message, "/signup/confirm/"))
    page.get_by_role("button", name="Create my account").click()

    page.wait_for_url("**/dashboard")
    bar = page.locator("progress").first
    assert bar.get_attribute("value") == "0"
    page.get_by_role("link", name="Start").first.click()
    page.wait_for_url("**/lessons/first-lesson")
    assert page.get_by_role("heading", level=1).inner_text() == "First lesson"
    assert page.locator(".admonition.officer").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways at 360 px"

    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_url("**/lessons/second-lesson")
    assert "Marked" in page.locator(".flash").first.inner_text()
    page.goto(live_server.url + "/dashboard")
    assert page.locator("progress").first.get_attribute("value") == "50"
    assert page.get_by_role("link", name="Continue").first.is_visible()


def test_the_keyboard_reaches_the_skip_link_first(live_server, phone):
    page = phone.new_page()
    page.goto(live_server.url + "/signin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

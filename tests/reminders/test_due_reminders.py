"""Due-date reminders through a real SMTP server with a fixed clock: sent once, only to whom they concern."""
from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from lms.centers.models import Center, Membership
from lms.extensions import db as _db
from lms.reminders.models import MailOptOut, ReminderSent
from lms.reminders.service import due_kind, send_due_reminders
from tests.reminders.conftest import NOW, TODAY, in_days


def parts(message) -> dict[str, str]:
    """The text and HTML parts of a received message."""
    return {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
            if part.get_content_type() in ("text/plain", "text/html")}


def test_due_kind_picks_the_reminder_for_the_days_left():
    assert [due_kind(in_days(n), TODAY) for n in (9, 8, 7, 2, 1, 0, -1, -14, -15)] == [
        None, None, "due_soon", "due_soon", "due_tomorrow", "due_tomorrow", "overdue", "overdue", None]


@pytest.mark.pg
def test_due_in_a_week_is_mailed_once_as_text_and_html_with_the_centers_name_and_unsubscribe(
        build, smtp, db_backend):
    cohort = build.cohort()
    [learner] = build.learners(cohort, 1, full_name="Jordan Ellis")
    build.assign(cohort, due_on=in_days(7))
    assert send_due_reminders(NOW) == 1
    assert send_due_reminders(NOW) == 0  # a rerun (or a restarted worker) sends nothing more
    assert send_due_reminders(NOW + timedelta(hours=5)) == 0
    [message] = smtp.messages
    assert message["To"] == learner.email
    assert message["Subject"] == "Due in 7 days: Sample Cross-Training Program"
    body = parts(message)
    assert "Hello Jordan Ellis" in body["text/plain"] and "Southeast Regional Training Center" in body["text/plain"]
    assert "0 of 2 modules" in body["text/plain"] and "http://lms.test/dashboard" in body["text/plain"]
    assert "Southeast Regional Training Center" in body["text/html"] and "<strong>" in body["text/html"]
    link = re.search(r"<(http://lms\.test/unsubscribe/[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in body["text/plain"] and link in body["text/html"]
    assert _db.session.scalar(select(func.count()).select_from(ReminderSent)) == 1


@pytest.mark.pg
def test_tomorrow_and_overdue_each_come_once_and_finished_learners_get_nothing(build, smtp, db_backend):
    cohort = build.cohort()
    behind, finished = build.learners(cohort, 2)
    build.assign(cohort, due_on=in_days(1), module_slug="sample-module")
    build.complete_module(finished)
    assert send_due_reminders(NOW) == 1
    assert send_due_reminders(NOW + timedelta(days=2)) == 1  # now overdue: a different reminder
    for day in range(3, 10):
        assert send_due_reminders(NOW + timedelta(days=day)) == 0  # overdue goes once
    assert [(m["To"], m["Subject"]) for m in smtp.messages] == [
        (behind.email, "Due tomorrow: Sample module for tests"), (behind.email, "Overdue: Sample module for tests")]


def test_an_assignment_overdue_since_long_before_gets_no_mail(build, smtp):
    cohort = build.cohort()
    build.learners(cohort, 1)
    build.assign(cohort, due_on=in_days(-30))
    assert send_due_reminders(NOW) == 0 and smtp.messages == []


@pytest.mark.pg
def test_unsubscribed_deactivated_removed_and_archived_get_nothing(build, smtp, db, db_backend):
    cohort = build.cohort()
    unsubscribed, deactivated, removed, reached = build.learners(cohort, 4)
    db.session.add(MailOptOut(user_id=unsubscribed.id, kind="due_soon"))
    deactivated.deactivated_at = NOW
    db.session.scalar(select(Membership).where(Membership.user_id == removed.id)).removed_at = NOW
    db.session.commit()
    build.assign(cohort, due_on=in_days(5))
    other = Center(name="Archived Center", slug="archived", region="", archived_at=NOW)
    db.session.add(other)
    db.session.commit()
    archived_cohort = build.cohort("Old cohort", center=other)
    build.learners(archived_cohort, 2)
    build.assign(archived_cohort, due_on=in_days(5))
    assert send_due_reminders(NOW) == 1
    assert [m["To"] for m in smtp.messages] == [reached.email]


def test_an_invited_person_who_has_no_password_yet_gets_no_reminder(build, smtp, db):
    cohort = build.cohort()
    [invited] = build.learners(cohort, 1)
    invited.password_hash = ""
    db.session.commit()
    build.assign(cohort, due_on=in_days(3))
    assert send_due_reminders(NOW) == 0


def test_a_moved_due_date_reminds_again(build, smtp, db):
    cohort = build.cohort()
    build.learners(cohort, 1)
    assignment = build.assign(cohort, due_on=in_days(7))
    assert send_due_reminders(NOW) == 1
    assignment.due_on = in_days(14)
    db.session.commit()
    assert send_due_reminders(NOW + timedelta(days=7)) == 1


def count_queries(run) -> int:
    """How many SELECT/INSERT statements `run()` sends to the database."""
    count = 0

    def before(_conn, _cursor, statement, *_args):
        nonlocal count
        count += statement.lstrip().upper().startswith(("SELECT", "INSERT", "WITH"))

    event.listen(_db.engine, "before_cursor_execute", before)
    try:
        run()
    finally:
        event.remove(_db.engine, "before_cursor_execute", before)
    return count


def test_the_batch_runs_the_same_number_of_queries_for_3_or_30_learners(build, db, app):
    small, large = build.cohort("Small"), build.cohort("Large")
    build.assign(small, due_on=in_days(5))
    build.assign(small, due_on=in_days(6), module_slug="sample-module")
    small_learners = build.learners(small, 3)
    few = count_queries(lambda: send_due_reminders(NOW))
    build.assign(large, due_on=in_days(5))
    build.assign(large, due_on=in_days(6), module_slug="sample-module")
    build.learners(large, 30)
    build.complete_module(small_learners[0])
    many = count_queries(lambda: send_due_reminders(NOW + timedelta(hours=1)))
    assert db.session.scalar(select(func.count()).select_from(ReminderSent)) == 6 + 60
    assert many == few


@pytest.mark.pg
def test_two_workers_running_at_once_send_each_reminder_once(build, smtp, app, db_backend):
    cohort = build.cohort()
    build.learners(cohort, 5)
    build.assign(cohort, due_on=in_days(7))
    build.assign(cohort, due_on=in_days(1), module_slug="quiz-module")
    start, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            with app.app_context():
                start.wait()
                results.append(send_due_reminders(NOW))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and sum(results) == 10  # 5 learners x 2 assignments, split between the two in any way
    assert len(smtp.messages) == 10
    assert len({(m["To"], m["Subject"]) for m in smtp.messages}) == 10


def test_the_worker_runs_reminders_hourly_and_the_command_sends_them_once(build, smtp, app):
    from click.testing import CliRunner

    from lms.queue import huey
    from lms.reminders.tasks import send_reminders
    from lms.timeutil import utcnow

    assert send_reminders.task_class in huey._registry._periodic_tasks
    assert send_reminders.task_class().validate_datetime(datetime(2026, 10, 5, 9, 7))
    assert not send_reminders.task_class().validate_datetime(datetime(2026, 10, 5, 9, 8))
    cohort = build.cohort()
    build.learners(cohort, 2)
    build.assign(cohort, due_on=utcnow().date() + timedelta(days=3))  # the command uses the real clock
    first = CliRunner().invoke(app.cli, ["lms", "reminders"], catch_exceptions=False)
    second = CliRunner().invoke(app.cli, ["lms", "reminders"], catch_exceptions=False)
    assert "Reminders sent: 2 due-date" in first.output and "Reminders sent: 0 due-date" in second.output
    assert len(smtp.messages) == 2
